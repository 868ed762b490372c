import type pg from 'pg';
import { inTransaction, type Queryable } from '../db/database.ts';
import { audit } from '../audit/index.ts';
import { randomToken, sha256Hex } from '../crypto/index.ts';
import { Problems } from '../http/errors.ts';
import { rolesRequiringTotp, type Duty, type Role, type StaffActor, type SystemActor } from './actor.ts';
import { afterFailure, clearGuard, isLocked } from './guard.ts';
import { decoyHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';
import { forgetCachedSessions, type SessionCache } from './session-cache.ts';
import * as store from './store.ts';
import { matchTotp, newTotpSecret } from './totp.ts';
import { isRecoveryCode, useRecoveryCode } from './recovery.ts';

const SESSION_HOURS = 12;

export interface SignedIn {
  token: string;
  /** True when the person must still enrol or enter a TOTP code. */
  needsSecondFactor: boolean;
}

const guardActor: SystemActor = { kind: 'system', label: 'Sauti (sign-in guard)' };

function sessionExpiry(): Date {
  // compared with the database's own time, like every session's expiry
  return new Date(Date.now() + SESSION_HOURS * 3600_000);
}

/** Counts a failed attempt (wrong password or code) against the account; the fifth in a row locks it. */
async function recordFailure(db: Queryable, row: store.UserRow, now: Date): Promise<void> {
  const before = store.toGuard(row);
  const after = afterFailure(before, now);
  await store.saveGuard(db, row.id, after);
  if (after.lockouts > before.lockouts) {
    await audit(db, guardActor, 'staff.sign_in.locked', 'user', row.id, { until: after.lockedUntil?.toISOString() });
  }
}

/**
 * The password step. Undefined (one message for every case) when the username is unknown, the
 * account disabled or locked, or the password wrong; `now` is the platform's time.
 */
export async function signIn(
  pool: pg.Pool,
  username: string,
  password: string,
  now: Date,
): Promise<SignedIn | undefined> {
  const user = await store.findUserByUsername(pool, username.trim());
  if (!user || user.disabled_at) {
    await verifyPassword(await decoyHash(), password);
    return undefined;
  }
  return inTransaction(pool, async (client) => {
    const row = await store.lockUserForAttempt(client, user.id);
    // Locked (or another attempt on the account is being judged): refused like a wrong password,
    // after the same work, so neither the lock nor the password shows.
    if (!row || isLocked(store.toGuard(row), now)) {
      await verifyPassword(await decoyHash(), password);
      return undefined;
    }
    if (!(await verifyPassword(row.password_hash, password))) {
      await recordFailure(client, row, now);
      return undefined;
    }
    const needsSecondFactor = rolesRequiringTotp.has(row.role) || row.totp_secret !== null;
    // With a second factor still owed, earlier failures stand: knowing the password must not buy more guesses at the code.
    if (!needsSecondFactor) await store.saveGuard(client, row.id, clearGuard);
    const token = randomToken();
    await store.insertSession(client, sha256Hex(token), row.id, !needsSecondFactor, sessionExpiry());
    await audit(client, store.toActor(row), 'staff.sign_in', 'user', row.id);
    return { token, needsSecondFactor };
  });
}

export interface SessionState {
  actor: StaffActor;
  secondFactorDone: boolean;
  totpEnrolled: boolean;
  /** The time-step of the last two-step code the account used, if any. */
  totpLastStep: number | null;
}

/** The session a token opens, if it is still open; from `cache` when it holds it. */
export async function sessionState(
  db: Queryable,
  token: string,
  cache?: SessionCache,
): Promise<SessionState | undefined> {
  const tokenHash = sha256Hex(token);
  const cached = cache?.get(tokenHash);
  if (cached) return cached;
  const row = await store.findSession(db, tokenHash);
  if (!row) return undefined;
  const state = {
    actor: store.toActor(row),
    secondFactorDone: row.second_factor_done,
    totpEnrolled: row.totp_secret !== null,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
  };
  cache?.keep(tokenHash, state, row.session_expires_at);
  return state;
}

/**
 * The two-step code, after the password. On first use `enrolSecret` is the secret the person just
 * added to their app. A code is accepted once: its time-step must be newer than the last one the
 * account used. Wrong (or reused) codes count against the account like wrong passwords. On success
 * the session gets a new id (returned) and the one that only knew the password ends.
 */
export async function passSecondFactor(
  pool: pg.Pool,
  token: string,
  code: string,
  now: Date,
  keys: { enrolSecret?: string | undefined; recoverySecret: string },
): Promise<string | undefined> {
  const session = await store.findSession(pool, sha256Hex(token));
  if (!session || session.second_factor_done) return undefined;
  return inTransaction(pool, async (client) => {
    const row = await store.lockUserForAttempt(client, session.id);
    if (!row || isLocked(store.toGuard(row), now)) return undefined;
    if (row.totp_secret && isRecoveryCode(code)) {
      // a recovery code in place of the app's: once only, and a wrong one counts like a wrong code
      if (!(await useRecoveryCode(client, keys.recoverySecret, row.id, code))) {
        await recordFailure(client, row, now);
        return undefined;
      }
      await audit(client, store.toActor(row), 'staff.sign_in.recovery_code', 'user', row.id);
    } else if (!(await passTotp(client, row, code, now, keys.enrolSecret))) return undefined;
    if (!(await store.deleteSession(client, sha256Hex(token)))) return undefined;
    await store.saveGuard(client, row.id, clearGuard);
    const fresh = randomToken();
    await store.insertSession(client, sha256Hex(fresh), row.id, true, sessionExpiry());
    return fresh;
  });
}

/** The app's code: right for the account's secret (or the one being enrolled) and newer than the last one used. */
async function passTotp(
  client: Queryable,
  row: store.UserRow,
  code: string,
  now: Date,
  enrolSecret: string | undefined,
): Promise<boolean> {
  const secret = row.totp_secret ?? enrolSecret;
  // codes follow the real time of the person's phone, not the rules' clock
  const step = secret ? matchTotp(secret, code.replace(/\s/g, '')) : undefined;
  const lastStep = row.totp_last_step === null ? null : Number(row.totp_last_step);
  if (step === undefined || (lastStep !== null && step <= lastStep)) {
    await recordFailure(client, row, now);
    return false;
  }
  if (!row.totp_secret) await store.setTotpSecret(client, row.id, secret!);
  await store.setTotpLastStep(client, row.id, step);
  return true;
}

export { newTotpSecret };

export async function signOut(db: Queryable, token: string): Promise<void> {
  await store.deleteSession(db, sha256Hex(token));
  forgetCachedSessions();
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  unitCode?: string | null;
  stationId?: string | null;
  /** A medical officer's health facility: required for them, refused for everyone else. */
  facilityId?: string | null;
  serviceNumber?: string | null;
  totpSecret?: string | null;
  duties?: readonly Duty[];
}

/**
 * What a role needs besides: an investigator a unit; officers and station commanders a station and the service
 * number the case walls recognise them by; a medical officer a health facility (and nobody else one).
 */
export function placementProblems(
  problems: Problems,
  input: Pick<CreateUserInput, 'role' | 'unitCode' | 'stationId' | 'facilityId' | 'serviceNumber'>,
): void {
  if (input.role === 'investigator' && !input.unitCode) problems.add('unit', 'error.unitRequired');
  if (input.role === 'officer' || input.role === 'station_commander') {
    if (!input.stationId) problems.add('station', 'error.stationRequired');
    if (!input.serviceNumber) problems.add('serviceNumber', 'error.serviceNumberRequired');
  }
  if (input.role === 'medical_officer' && !input.facilityId) problems.add('facility', 'error.facilityRequired');
  if (input.role !== 'medical_officer' && input.facilityId) problems.add('facility', 'error.facilityOnlyMedical');
}

/** Creates an account; `passwordHash`, when given, is the hash of `input.password` already made (the demo accounts share one). */
export async function createUser(db: Queryable, input: CreateUserInput, passwordHash?: string): Promise<string> {
  const problems = new Problems();
  if (!/^[a-z0-9._-]{3,40}$/i.test(input.username)) problems.add('username', 'error.username');
  if (input.password.length < MIN_PASSWORD_LENGTH)
    problems.add('password', 'error.passwordLength', { min: MIN_PASSWORD_LENGTH });
  placementProblems(problems, input);
  problems.throwIfAny();
  if (input.serviceNumber)
    await store.enrolOfficer(db, {
      serviceNumber: input.serviceNumber,
      name: input.displayName,
      stationId: input.stationId ?? null,
    });
  return store.insertUser(db, {
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    unitCode: input.unitCode ?? null,
    stationId: input.stationId ?? null,
    facilityId: input.facilityId ?? null,
    serviceNumber: input.serviceNumber ?? null,
    passwordHash: passwordHash ?? (await hashPassword(input.password)),
    totpSecret: input.totpSecret ?? null,
    duties: input.duties ?? [],
  });
}

/** Disables an account (ending its sessions, in every instance) or enables it again. */
export async function setUserDisabled(db: Queryable, username: string, disabled: boolean): Promise<boolean> {
  const found = await store.setUserDisabled(db, username, disabled);
  forgetCachedSessions();
  return found;
}
export const findUserByUsername = store.findUserByUsername;
