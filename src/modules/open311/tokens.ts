import { hmacHex, safeEqual } from '../../platform/crypto/index.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { listPublicReports } from '../reports/index.ts';

/**
 * GeoReport v2 lets a client turn the token of a filing into its service_request_id later
 * (GET /tokens/{token}). Sauti files at once, so the id is known when the token is given: the
 * token is the id with a MAC under the server secret, which needs no table and cannot be made up
 * for a report that was not filed through Open311.
 */
const TOKEN = /^(\d{1,18})-([0-9a-f]{24})$/;

export function requestToken(platform: Platform, serviceRequestId: string): string {
  return `${serviceRequestId}-${hmacHex(platform.config.secret, 'open311-token', serviceRequestId).slice(0, 24)}`;
}

export type TokenAnswer = { service_request_id: string; token: string };

/** The request a token stands for; a malformed, forged or unknown token is not found. */
export async function findToken(platform: Platform, token: string): Promise<TokenAnswer> {
  const m = TOKEN.exec(token);
  if (!m || !safeEqual(requestToken(platform, m[1]!), token)) throw new NotFound();
  const [row] = await listPublicReports(platform, { ids: [m[1]!], limit: 1 });
  if (!row) throw new NotFound();
  return { service_request_id: row.id, token };
}
