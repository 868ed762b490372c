import { actorLabel, type Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/index.ts';
import { hmacHex, randomToken, safeEqual } from '../../platform/crypto/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { BadInput, Forbidden, NotFound } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { mayManageKeys } from './permissions.ts';
import * as store from './store.ts';

/** Works only while Sauti runs in demo mode; documented in discovery and the API description. */
export const DEMO_API_KEY = 'open311-demo-key';
declare const apiClientBrand: unique symbol;
/** An app that showed a valid API key; only checkApiKey makes one. */
export type ApiClient = { readonly keyId: string; readonly label: string; readonly [apiClientBrand]: true };

function keyHmac(platform: Platform, key: string): string {
  return hmacHex(platform.config.secret, 'open311-api-key', key);
}

/** The app's key, checked before anything else of a request is looked at. Any failure is the same 403. */
export async function checkApiKey(platform: Platform, key: unknown): Promise<ApiClient> {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) throw new Forbidden();
  // The demo key may linger in a database that began in demo mode; it opens nothing outside it.
  if (!platform.config.demo && safeEqual(key, DEMO_API_KEY)) throw new Forbidden();
  const row = await store.findActiveApiKey(platform.db.pool, keyHmac(platform, key));
  if (!row) throw new Forbidden();
  return { keyId: row.id, label: row.label } as ApiClient;
}

function assertMayManageKeys(actor: Actor): void {
  if (!mayManageKeys(actor)) throw new Forbidden();
}

/** Issues a key for an app; the key is returned once and only its HMAC is kept. */
export async function createApiKey(
  platform: Platform,
  actor: Actor,
  label: string,
): Promise<{ id: string; key: string }> {
  assertMayManageKeys(actor);
  const name = label.trim();
  if (!name || name.length > 200) throw new BadInput([{ field: 'label', message: 'open311.error.label' }]);
  const key = randomToken(24);
  const id = await inTransaction(platform.db.pool, async (client) => {
    const created = await store.insertApiKey(client, keyHmac(platform, key), name, actorLabel(actor));
    if (!created) throw new Error('API key collision');
    await audit(client, actor, 'open311.api_key.create', 'open311_api_key', created, { label: name });
    return created;
  });
  return { id, key };
}

export async function revokeApiKey(platform: Platform, actor: Actor, id: string): Promise<void> {
  assertMayManageKeys(actor);
  if (!/^\d{1,18}$/.test(id)) throw new NotFound();
  await inTransaction(platform.db.pool, async (client) => {
    if (!(await store.revokeApiKey(client, id))) throw new NotFound();
    await audit(client, actor, 'open311.api_key.revoke', 'open311_api_key', id);
  });
}

/** Demo mode only: the documented key `open311-demo-key`. */
export async function loadOpen311Demo(platform: Platform): Promise<void> {
  if (!platform.config.demo) return;
  await store.insertApiKey(
    platform.db.pool,
    keyHmac(platform, DEMO_API_KEY),
    'Demo key (works in demo mode only)',
    'Sauti demo',
  );
}
