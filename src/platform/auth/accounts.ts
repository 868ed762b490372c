import type pg from 'pg';
import { inTransaction, type Queryable } from '../db/database.ts';
import { audit } from '../audit/index.ts';
import { NotFound, Problems } from '../http/errors.ts';
import type { Actor, Role } from './actor.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { createUser, placementProblems, setUserDisabled, type CreateUserInput } from './service.ts';
import { forgetCachedSessions } from './session-cache.ts';
import * as store from './store.ts';
import { forgetRecoveryCodes } from './recovery.ts';

// Looking after staff accounts once they exist: a new password, a new two-step enrolment, another role or place.
// Each change ends the account's sessions (so it takes effect at once, in every instance) and is audited.

export const listAccounts = store.listAccounts;

export async function findAccount(db: Queryable, username: string): Promise<store.AccountRow> {
  const [found] = await store.listAccounts(db, { username: username.trim() });
  if (!found) throw new NotFound();
  return found;
}

/** A new staff account, by an administrator (audited; `sauti user create` is the server's own). */
export async function createAccount(db: pg.Pool, by: Actor, input: CreateUserInput): Promise<void> {
  await inTransaction(db, async (client) => {
    const id = await createUser(client, input);
    await audit(client, by, 'user.create', 'user', id, {
      username: input.username,
      role: input.role,
      unit: input.unitCode ?? null,
      station: input.stationId ?? null,
    });
  });
}

/** Disables the account (its sessions end at once) or enables it again (which lifts a sign-in lock). */
export async function setAccountDisabled(db: pg.Pool, by: Actor, username: string, disabled: boolean): Promise<void> {
  await inTransaction(db, async (client) => {
    const row = await store.findUserByUsername(client, username.trim());
    if (!row) throw new NotFound();
    await setUserDisabled(client, row.username, disabled);
    await audit(client, by, disabled ? 'user.disable' : 'user.enable', 'user', row.id, { username: row.username });
  });
}

async function changeAccount(
  db: pg.Pool,
  by: Actor,
  username: string,
  action: string,
  change: (client: Queryable, row: store.UserRow) => Promise<Record<string, unknown> | undefined>,
): Promise<void> {
  await inTransaction(db, async (client) => {
    const row = await store.findUserByUsername(client, username.trim());
    if (!row) throw new NotFound();
    const detail = await change(client, row);
    await store.deleteSessionsOf(client, row.id);
    await audit(client, by, action, 'user', row.id, { username: row.username, ...detail });
  });
  forgetCachedSessions();
}

/** Sets a new password (which also lifts a sign-in lock); the person signs in again with it. */
export async function resetPassword(db: pg.Pool, by: Actor, username: string, password: string): Promise<void> {
  const problems = new Problems();
  if (password.length < MIN_PASSWORD_LENGTH)
    problems.add('password', 'error.passwordLength', { min: MIN_PASSWORD_LENGTH });
  problems.throwIfAny();
  const hash = await hashPassword(password);
  await changeAccount(db, by, username, 'user.reset_password', async (client, row) => {
    await store.setPasswordHash(client, row.id, hash);
    return undefined;
  });
}

/** Forgets the account's two-step secret (a lost phone): the next sign-in enrols a new authenticator. */
export async function resetSecondFactor(db: pg.Pool, by: Actor, username: string): Promise<void> {
  await changeAccount(db, by, username, 'user.reset_2fa', async (client, row) => {
    await store.clearTotp(client, row.id);
    await forgetRecoveryCodes(client, row.id);
    return { wasEnrolled: row.totp_secret !== null };
  });
}

export interface Placement {
  role: Role;
  unitCode?: string | null | undefined;
  stationId?: string | null | undefined;
  facilityId?: string | null | undefined;
  serviceNumber?: string | null | undefined;
}

/**
 * Gives the account another role, unit or station. What is not given is kept (a service number stays with the
 * person), except a facility, which only a medical officer has; the rules of creating an account apply.
 */
export async function setPlacement(db: pg.Pool, by: Actor, username: string, placement: Placement): Promise<void> {
  await changeAccount(db, by, username, 'user.set_role', async (client, row) => {
    const next = {
      role: placement.role,
      unitCode: placement.unitCode === undefined ? row.unit_code : placement.unitCode,
      stationId: placement.stationId === undefined ? row.station_id : placement.stationId,
      facilityId:
        placement.role !== 'medical_officer'
          ? null
          : placement.facilityId === undefined
            ? row.facility_id
            : placement.facilityId,
      serviceNumber: placement.serviceNumber === undefined ? row.service_number : placement.serviceNumber,
    };
    const problems = new Problems();
    placementProblems(problems, next);
    problems.throwIfAny();
    if (next.serviceNumber)
      await store.enrolOfficer(client, {
        serviceNumber: next.serviceNumber,
        name: row.display_name,
        stationId: next.stationId,
      });
    await store.setPlacement(client, row.id, next);
    return {
      from: { role: row.role, unit: row.unit_code, station: row.station_id },
      to: { role: next.role, unit: next.unitCode, station: next.stationId },
    };
  });
}
