import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { audit } from '../audit/index.ts';
import { inTransaction, type Queryable } from '../db/database.ts';
import { hmacHex } from '../crypto/index.ts';
import type { StaffActor } from './actor.ts';

// One-time recovery codes for two-step verification. Each is 60 random bits written as three groups of four
// letters and digits ("k7qm-2xdp-9taw"), kept only as an HMAC under the deployment's secret (a copy of the database
// alone cannot be searched for them), and accepted once, in place of a code from the app.

export const RECOVERY_CODES = 10;
// Crockford's base32 (no i, l, o, u): 32 symbols, so each byte's low five bits pick one without bias
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const SHAPE = /^[a-z0-9]{4}-?[a-z0-9]{4}-?[a-z0-9]{4}$/i;

const hashOf = (secret: string, code: string) =>
  hmacHex(secret, 'staff.recovery-code', code.toLowerCase().replace(/-/g, ''));

function newCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Does what was typed look like a recovery code rather than a 6-digit code? */
export const isRecoveryCode = (typed: string) => SHAPE.test(typed.trim()) && /[a-z]/i.test(typed);

/** New codes for the account, replacing any it had: returned once, to be shown once. */
export async function makeRecoveryCodes(pool: pg.Pool, secret: string, who: StaffActor): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, newCode);
  await inTransaction(pool, async (client) => {
    await client.query('delete from staff_recovery_codes where user_id = $1', [who.id]);
    await client.query('insert into staff_recovery_codes (user_id, code_hash) select $1, unnest($2::text[])', [
      who.id,
      codes.map((c) => hashOf(secret, c)),
    ]);
    await audit(client, who, 'staff.recovery_codes.made', 'user', who.id, { count: codes.length });
  });
  return codes;
}

export async function unusedRecoveryCodes(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from staff_recovery_codes where user_id = $1 and used_at is null',
    [userId],
  );
  return rows[0]!.n;
}

/** Uses one of the account's codes: true when it was one and not used before (it is used now). */
export async function useRecoveryCode(db: Queryable, secret: string, userId: string, typed: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update staff_recovery_codes set used_at = now() where user_id = $1 and code_hash = $2 and used_at is null`,
    [userId, hashOf(secret, typed.trim())],
  );
  return rowCount === 1;
}

export async function forgetRecoveryCodes(db: Queryable, userId: string): Promise<void> {
  await db.query('delete from staff_recovery_codes where user_id = $1', [userId]);
}
