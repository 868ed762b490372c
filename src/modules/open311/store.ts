import type { Queryable } from '../../platform/db/database.ts';

export interface ApiKeyRow {
  id: string;
  label: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** Stores a key's HMAC; returns the new id, or undefined when that key already exists. */
export async function insertApiKey(
  db: Queryable,
  keyHmac: string,
  label: string,
  createdBy: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    'insert into open311_api_keys (key_hmac, label, created_by) values ($1, $2, $3) on conflict (key_hmac) do nothing returning id',
    [keyHmac, label, createdBy],
  );
  return rows[0]?.id;
}

export async function findActiveApiKey(db: Queryable, keyHmac: string): Promise<ApiKeyRow | undefined> {
  const { rows } = await db.query<ApiKeyRow>(
    'select id, label, created_at, revoked_at from open311_api_keys where key_hmac = $1 and revoked_at is null',
    [keyHmac],
  );
  return rows[0];
}

/** Returns false when there is no such key or it was already revoked. */
export async function revokeApiKey(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'update open311_api_keys set revoked_at = now() where id = $1 and revoked_at is null',
    [id],
  );
  return rowCount === 1;
}
