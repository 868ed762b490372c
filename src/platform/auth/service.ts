import type { Queryable } from '../db/database.ts';
import { audit } from '../audit/index.ts';
import { randomToken, sha256Hex } from '../crypto/index.ts';
import { Problems } from '../http/errors.ts';
import { rolesRequiringTotp, type Duty, type Role, type StaffActor } from './actor.ts';
import { decoyHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';
import * as store from './store.ts';
import { checkTotp, newTotpSecret } from './totp.ts';

const SESSION_HOURS = 12;

export interface SignedIn {
  token: string;
  /** True when the person must still enrol or enter a TOTP code. */
  needsSecondFactor: boolean;
}

export async function signIn(db: Queryable, username: string, password: string): Promise<SignedIn | undefined> {
  const user = await store.findUserByUsername(db, username.trim());
  if (!user || user.disabled_at) {
    await verifyPassword(await decoyHash(), password);
    return undefined;
  }
  if (!(await verifyPassword(user.password_hash, password))) return undefined;
  const needsSecondFactor = rolesRequiringTotp.has(user.role) || user.totp_secret !== null;
  const token = randomToken();
  await store.insertSession(db, sha256Hex(token), user.id, !needsSecondFactor, new Date(Date.now() + SESSION_HOURS * 3600_000));
  await audit(db, store.toActor(user), 'staff.sign_in', 'user', user.id);
  return { token, needsSecondFactor };
}

export interface SessionState {
  actor: StaffActor;
  secondFactorDone: boolean;
  totpEnrolled: boolean;
}

export async function sessionState(db: Queryable, token: string): Promise<SessionState | undefined> {
  const row = await store.findSession(db, sha256Hex(token));
  if (!row) return undefined;
  return { actor: store.toActor(row), secondFactorDone: row.second_factor_done, totpEnrolled: row.totp_secret !== null };
}

/** Checks a TOTP code; on first use `enrolSecret` is the secret the person just added to their app. */
export async function passSecondFactor(db: Queryable, token: string, code: string, enrolSecret?: string): Promise<boolean> {
  const row = await store.findSession(db, sha256Hex(token));
  if (!row) return false;
  const secret = row.totp_secret ?? enrolSecret;
  if (!secret || !checkTotp(secret, code.replace(/\s/g, ''))) return false;
  if (!row.totp_secret) await store.setTotpSecret(db, row.id, secret);
  await store.markSecondFactorDone(db, sha256Hex(token));
  return true;
}

export { newTotpSecret };

export async function signOut(db: Queryable, token: string): Promise<void> {
  await store.deleteSession(db, sha256Hex(token));
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  unitCode?: string | null;
  stationId?: string | null;
  serviceNumber?: string | null;
  totpSecret?: string | null;
  duties?: readonly Duty[];
}

export async function createUser(db: Queryable, input: CreateUserInput): Promise<string> {
  const problems = new Problems();
  if (!/^[a-z0-9._-]{3,40}$/i.test(input.username)) problems.add('username', 'error.username');
  if (input.password.length < MIN_PASSWORD_LENGTH) problems.add('password', 'error.passwordLength', { min: MIN_PASSWORD_LENGTH });
  if (input.role === 'investigator' && !input.unitCode) problems.add('unit', 'error.unitRequired');
  if ((input.role === 'officer' || input.role === 'station_commander') && !input.stationId) problems.add('station', 'error.stationRequired');
  problems.throwIfAny();
  return store.insertUser(db, {
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    unitCode: input.unitCode ?? null,
    stationId: input.stationId ?? null,
    serviceNumber: input.serviceNumber ?? null,
    passwordHash: await hashPassword(input.password),
    totpSecret: input.totpSecret ?? null,
    duties: input.duties ?? [],
  });
}

export const setUserDisabled = store.setUserDisabled;
export const findUserByUsername = store.findUserByUsername;
