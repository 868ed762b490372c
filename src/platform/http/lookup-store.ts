import type { Queryable } from '../db/database.ts';

// The SQL of the look-up guard (see code-lookups.ts): failures counted per key, proofs used once.

/** One key's count as it stood when a look-up was counted: `before` this look-up, in the window begun `since`. */
export interface Counted {
  key: string;
  before: number;
  since: Date;
}

/**
 * Counts one more look-up against each key, in one statement so that look-ups sent at once each see
 * the others; a key whose window has passed starts a new one. Returns each key's count before it.
 */
export async function countLookup(db: Queryable, keys: string[], now: Date, windowMs: number): Promise<Counted[]> {
  const { rows } = await db.query<{ key: string; failures: number; counted_since: Date }>(
    `insert into code_lookup_failures as f (key, failures, counted_since, expires_at)
     select k, 1, $2, $3 from unnest($1::text[]) as k
     on conflict (key) do update set
       failures = case when f.counted_since <= $4 then 1 else f.failures + 1 end,
       counted_since = case when f.counted_since <= $4 then $2 else f.counted_since end,
       expires_at = case when f.counted_since <= $4 then $3 else f.expires_at end
     returning key, failures, counted_since`,
    [keys, now, new Date(now.getTime() + windowMs), new Date(now.getTime() - windowMs)],
  );
  return rows.map((r) => ({ key: r.key, before: r.failures - 1, since: r.counted_since }));
}

/** Takes back what `countLookup` counted: the look-up found what it looked for, or was never made. */
export async function uncountLookup(db: Queryable, counted: readonly Counted[]): Promise<void> {
  await db.query(
    `update code_lookup_failures f set failures = f.failures - 1
     from unnest($1::text[], $2::timestamptz[]) as u(key, since)
     where f.key = u.key and f.counted_since = u.since and f.failures > 0`,
    [counted.map((c) => c.key), counted.map((c) => c.since)],
  );
}

/** The address's turn for a look-up with a waited proof: false while another had it less than `waitMs` ago. */
export async function takeWaitTurn(db: Queryable, key: string, now: Date, waitMs: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `update code_lookup_failures set waited_at = $2
     where key = $1 and (waited_at is null or waited_at <= $3)`,
    [key, now, new Date(now.getTime() - waitMs)],
  );
  return rowCount === 1;
}

/** Marks a proof used; false when it already was. */
export async function useProof(db: Queryable, id: string, expiresAt: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    'insert into code_lookup_proofs (id, expires_at) values ($1, $2) on conflict (id) do nothing',
    [id, expiresAt],
  );
  return rowCount === 1;
}

/** Forgets counts whose window has passed and proofs that could no longer be used. */
export async function forgetExpired(db: Queryable, now: Date): Promise<void> {
  await db.query('delete from code_lookup_failures where expires_at < $1', [now]);
  await db.query('delete from code_lookup_proofs where expires_at < $1', [now]);
}
