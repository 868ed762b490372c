import type { Queryable } from '../db/database.ts';
import type { Duty, Role, StaffActor } from './actor.ts';
import type { GuardState } from './guard.ts';
import { SESSIONS_CHANNEL } from './session-cache.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit_code: string | null;
  station_id: string | null;
  facility_id: string | null;
  service_number: string | null;
  password_hash: string;
  totp_secret: string | null;
  disabled_at: Date | null;
  duties: Duty[];
  /** The time-step of the last two-step code accepted (bigint, as text). */
  totp_last_step: string | null;
  failed_sign_ins: number;
  first_failed_at: Date | null;
  locked_until: Date | null;
  lockouts: number;
}

export function toGuard(row: UserRow): GuardState {
  return {
    failures: row.failed_sign_ins,
    firstFailedAt: row.first_failed_at,
    lockedUntil: row.locked_until,
    lockouts: row.lockouts,
  };
}

export function toActor(row: UserRow): StaffActor {
  return {
    kind: 'staff',
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    unitCode: row.unit_code,
    stationId: row.station_id,
    facilityId: row.facility_id,
    serviceNumber: row.service_number,
    duties: row.duties ?? [],
  };
}

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>('select * from users where lower(username) = lower($1)', [username]);
  return rows[0];
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>('select * from users where id = $1', [id]);
  return rows[0];
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  stationId: string | null;
  facilityId: string | null;
  serviceNumber: string | null;
  passwordHash: string;
  totpSecret: string | null;
  duties: readonly Duty[];
}

/**
 * Puts an officer on the roster under their service number if they are not on it yet (rank unknown), so that an
 * account can name them: the roster grows with the accounts where no roster was imported.
 */
export async function enrolOfficer(
  db: Queryable,
  officer: { serviceNumber: string; name: string; stationId: string | null },
): Promise<void> {
  await db.query(
    `insert into officers (service_number, name, rank, station_id) values ($1, $2, '', $3)
     on conflict (service_number) do nothing`,
    [officer.serviceNumber, officer.name, officer.stationId],
  );
}

export async function insertUser(db: Queryable, user: NewUser): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into users (username, display_name, role, unit_code, station_id, service_number, password_hash, totp_secret,
       duties, facility_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      user.username,
      user.displayName,
      user.role,
      user.unitCode,
      user.stationId,
      user.serviceNumber,
      user.passwordHash,
      user.totpSecret,
      user.duties,
      user.facilityId,
    ],
  );
  return rows[0]!.id;
}

/** Disables an account (ending its sessions) or enables it again, which also lifts a sign-in lock. */
export async function setUserDisabled(db: Queryable, username: string, disabled: boolean): Promise<boolean> {
  const { rowCount } = await db.query(
    `update users set disabled_at = case when $2 then coalesce(disabled_at, now()) else null end,
       failed_sign_ins = case when $2 then failed_sign_ins else 0 end,
       first_failed_at = case when $2 then first_failed_at else null end,
       locked_until = case when $2 then locked_until else null end,
       lockouts = case when $2 then lockouts else 0 end
     where lower(username) = lower($1)`,
    [username, disabled],
  );
  if (disabled)
    await db.query(
      `with gone as (delete from staff_sessions where user_id in (select id from users where lower(username) = lower($1)))
       select pg_notify($2, '')`,
      [username, SESSIONS_CHANNEL],
    );
  return (rowCount ?? 0) > 0;
}

export async function setTotpSecret(db: Queryable, userId: string, secret: string): Promise<void> {
  await db.query('update users set totp_secret = $2 where id = $1', [userId, secret]);
}

/**
 * The account, its row locked for one sign-in attempt (inside a transaction), so attempts on one
 * account are judged one after another whichever instance takes them. Undefined while another
 * attempt on the same account is still being judged.
 */
export async function lockUserForAttempt(db: Queryable, userId: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    'select * from users where id = $1 and disabled_at is null for update skip locked',
    [userId],
  );
  return rows[0];
}

export async function saveGuard(db: Queryable, userId: string, state: GuardState): Promise<void> {
  await db.query(
    'update users set failed_sign_ins = $2, first_failed_at = $3, locked_until = $4, lockouts = $5 where id = $1',
    [userId, state.failures, state.firstFailedAt, state.lockedUntil, state.lockouts],
  );
}

export async function setTotpLastStep(db: Queryable, userId: string, step: number): Promise<void> {
  await db.query('update users set totp_last_step = $2 where id = $1', [userId, step]);
}

export async function insertSession(
  db: Queryable,
  tokenHash: string,
  userId: string,
  secondFactorDone: boolean,
  expiresAt: Date,
): Promise<void> {
  await db.query(
    'insert into staff_sessions (token_hash, user_id, second_factor_done, expires_at) values ($1, $2, $3, $4)',
    [tokenHash, userId, secondFactorDone, expiresAt],
  );
}

export interface SessionRow extends UserRow {
  second_factor_done: boolean;
  session_expires_at: Date;
}

export async function findSession(db: Queryable, tokenHash: string): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `select u.*, s.second_factor_done, s.expires_at as session_expires_at from staff_sessions s join users u on u.id = s.user_id
     where s.token_hash = $1 and s.expires_at > now() and u.disabled_at is null`,
    [tokenHash],
  );
  return rows[0];
}

/** Ends a session, and tells every instance to forget the sessions it holds; false when there was none. */
export async function deleteSession(db: Queryable, tokenHash: string): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `with gone as (delete from staff_sessions where token_hash = $1 returning 1)
     select (select count(*) from gone)::int as n, pg_notify($2, '')`,
    [tokenHash, SESSIONS_CHANNEL],
  );
  return rows[0]!.n > 0;
}

export interface AccountRow {
  username: string;
  display_name: string;
  role: Role;
  unit_code: string | null;
  station_id: string | null;
  service_number: string | null;
  totp_enrolled: boolean;
  disabled: boolean;
  locked_until: Date | null;
}

export interface AccountFilter {
  username?: string | undefined;
  role?: Role | undefined;
  /** Part of the username or the name. */
  q?: string | undefined;
}

/** The accounts (all, or those the filter asks for), by username: who holds each, in what role, can it sign in. */
export async function listAccounts(db: Queryable, filter: AccountFilter = {}): Promise<AccountRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  if (filter.username) where.push(`lower(username) = lower(${p(filter.username)})`);
  if (filter.role) where.push(`role = ${p(filter.role)}`);
  if (filter.q) {
    const like = p(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(username ilike ${like} or display_name ilike ${like})`);
  }
  const { rows } = await db.query<AccountRow>(
    `select username, display_name, role, unit_code, station_id, service_number, totp_secret is not null as totp_enrolled,
       disabled_at is not null as disabled, locked_until
     from users ${where.length ? `where ${where.join(' and ')}` : ''} order by lower(username)`,
    params,
  );
  return rows;
}

/** Ends every session of an account, and tells every instance to forget the sessions it holds. */
export async function deleteSessionsOf(db: Queryable, userId: string): Promise<void> {
  await db.query(`with gone as (delete from staff_sessions where user_id = $1) select pg_notify($2, '')`, [
    userId,
    SESSIONS_CHANNEL,
  ]);
}

/** A new password, which also lifts a sign-in lock. */
export async function setPasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query(
    `update users set password_hash = $2, failed_sign_ins = 0, first_failed_at = null, locked_until = null, lockouts = 0
     where id = $1`,
    [userId, passwordHash],
  );
}

/** Forgets the account's two-step secret: its next sign-in enrols a new one. */
export async function clearTotp(db: Queryable, userId: string): Promise<void> {
  await db.query('update users set totp_secret = null, totp_last_step = null where id = $1', [userId]);
}

export async function setPlacement(
  db: Queryable,
  userId: string,
  placement: Pick<NewUser, 'role' | 'unitCode' | 'stationId' | 'facilityId' | 'serviceNumber'>,
): Promise<void> {
  await db.query(
    `update users set role = $2, unit_code = $3, station_id = $4, facility_id = $5, service_number = $6 where id = $1`,
    [userId, placement.role, placement.unitCode, placement.stationId, placement.facilityId, placement.serviceNumber],
  );
}
