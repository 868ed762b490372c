import { hmacHex, safeEqual } from '../../platform/crypto/index.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import * as store from './store.ts';

export function receiptHmac(secret: string, code: string): string {
  return hmacHex(secret, 'receipt', code.replace(/\D/g, ''));
}

/** Finds the report a receipt code belongs to; the same NotFound for any wrong code. */
export async function reportForReceipt(platform: Platform, code: string): Promise<store.ReportRow> {
  const digits = code.replace(/[\s-]/g, '');
  if (!/^\d{16}$/.test(digits)) throw new NotFound();
  const report = await store.findReportByReceipt(platform.db.pool, receiptHmac(platform.config.secret, digits));
  if (!report) throw new NotFound();
  return report;
}

/** Known only to this file: what the constructor asks for, so nothing else can make a holder even past the types. */
const minting = Symbol('receipt holder');

const FOLLOW_TOKEN = /^(\d{1,18})\.(\d{1,16})\.([0-9a-f]{64})$/;

function followSignature(platform: Platform, reportId: string, expires: string): string {
  return hmacHex(platform.config.secret, 'follow', `${reportId}.${expires}`);
}

/**
 * The right to follow one report, held by whoever showed its receipt code, or the follow token Sauti
 * signed for them when they did. Only `byReceipt` and `byFollowToken` make one (the constructor is
 * private, and an object not made here is refused at run time too), and the reporter-facing services
 * take one instead of a report id: none of them can be reached with a bare id.
 */
export class ReceiptHolder {
  readonly #reportId: string;

  private constructor(key: typeof minting, reportId: string) {
    if (key !== minting) throw new TypeError('a receipt holder is made only from a receipt code or a follow token');
    this.#reportId = reportId;
  }

  /** The holder of the report this receipt code belongs to, and the report; the same NotFound for any wrong code. */
  static async byReceipt(
    platform: Platform,
    code: string,
  ): Promise<{ holder: ReceiptHolder; report: store.ReportRow }> {
    const report = await reportForReceipt(platform, code);
    return { holder: new ReceiptHolder(minting, report.id), report };
  }

  /** The holder a follow token (see `followToken`) stands for; undefined when it is not Sauti's, was altered, or has expired. */
  static byFollowToken(platform: Platform, token: string | undefined): ReceiptHolder | undefined {
    const match = token ? FOLLOW_TOKEN.exec(token) : null;
    if (!match) return undefined;
    const [, reportId, expires, signature] = match;
    if (!safeEqual(signature!, followSignature(platform, reportId!, expires!))) return undefined;
    if (Number(expires) <= platform.clock.now().getTime()) return undefined;
    return new ReceiptHolder(minting, reportId!);
  }

  /** The report's id; throws if `holder` was not made by this class (an id or an object cast to it). */
  static reportIdOf(holder: ReceiptHolder): string {
    if (typeof holder !== 'object' || holder === null || !(#reportId in holder))
      throw new TypeError('a receipt holder is required');
    return holder.#reportId;
  }

  /** A token that stands for this holder for `minutes` (kept in the follow cookie), signed with Sauti's secret. */
  followToken(platform: Platform, minutes: number): string {
    const expires = String(platform.clock.now().getTime() + minutes * 60_000);
    return `${this.#reportId}.${expires}.${followSignature(platform, this.#reportId, expires)}`;
  }
}
