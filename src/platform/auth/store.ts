import type { Queryable } from '../db/database.ts';
import type { Duty, Role, StaffActor } from './actor.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit_code: string | null;
  station_id: string | null;
  service_number: string | null;
  password_hash: string;
  totp_secret: string | null;
  disabled_at: Date | null;
  duties: Duty[];
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
  serviceNumber: string | null;
  passwordHash: string;
  totpSecret: string | null;
  duties: readonly Duty[];
}

export async function insertUser(db: Queryable, user: NewUser): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into users (username, display_name, role, unit_code, station_id, service_number, password_hash, totp_secret, duties)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [user.username, user.displayName, user.role, user.unitCode, user.stationId, user.serviceNumber, user.passwordHash, user.totpSecret, user.duties],
  );
  return rows[0]!.id;
}

export async function setUserDisabled(db: Queryable, username: string, disabled: boolean): Promise<boolean> {
  const { rowCount } = await db.query(
    `update users set disabled_at = case when $2 then coalesce(disabled_at, now()) else null end where lower(username) = lower($1)`,
    [username, disabled],
  );
  if (disabled) await db.query('delete from staff_sessions where user_id in (select id from users where lower(username) = lower($1))', [username]);
  return (rowCount ?? 0) > 0;
}

export async function setTotpSecret(db: Queryable, userId: string, secret: string): Promise<void> {
  await db.query('update users set totp_secret = $2 where id = $1', [userId, secret]);
}

export async function insertSession(db: Queryable, tokenHash: string, userId: string, secondFactorDone: boolean, expiresAt: Date): Promise<void> {
  await db.query('insert into staff_sessions (token_hash, user_id, second_factor_done, expires_at) values ($1, $2, $3, $4)', [
    tokenHash,
    userId,
    secondFactorDone,
    expiresAt,
  ]);
}

export interface SessionRow extends UserRow {
  second_factor_done: boolean;
}

export async function findSession(db: Queryable, tokenHash: string): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `select u.*, s.second_factor_done from staff_sessions s join users u on u.id = s.user_id
     where s.token_hash = $1 and s.expires_at > now() and u.disabled_at is null`,
    [tokenHash],
  );
  return rows[0];
}

export async function markSecondFactorDone(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('update staff_sessions set second_factor_done = true where token_hash = $1', [tokenHash]);
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('delete from staff_sessions where token_hash = $1', [tokenHash]);
}
