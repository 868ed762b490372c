import type { Actor } from '../../platform/auth/actor.ts';
import { isRole } from '../../platform/auth/actor.ts';
import * as accounts from '../../platform/auth/accounts.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { badField } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { cleanText } from '../../platform/text/index.ts';
import { adminRoles } from './permissions.ts';

// What an administrator does to staff accounts, from the screens: the same rules as `sauti user`, each change
// audited under the administrator's name. An administrator never disables or demotes their own account (nobody
// would be left to undo it).

export interface AccountForm {
  username?: string | undefined;
  displayName?: string | undefined;
  role?: string | undefined;
  unit?: string | undefined;
  station?: string | undefined;
  serviceNumber?: string | undefined;
  password?: string | undefined;
}

const orNull = (value: string | undefined) => cleanText(value) || null;

function roleOf(value: string | undefined) {
  if (!isRole(value)) badField('role', 'admin.error.role');
  return value;
}

function notSelf(who: { username: string }, username: string, field: string): void {
  if (who.username.toLowerCase() === username.toLowerCase()) badField(field, 'admin.error.self');
}

export function listAccounts(platform: Platform, actor: Actor, filter: { role?: string; q?: string }) {
  requireStaff(actor, adminRoles);
  return accounts.listAccounts(platform.db.pool, {
    role: isRole(filter.role) ? filter.role : undefined,
    q: cleanText(filter.q).slice(0, 100) || undefined,
  });
}

export function findAccount(platform: Platform, actor: Actor, username: string) {
  requireStaff(actor, adminRoles);
  return accounts.findAccount(platform.db.pool, username);
}

export async function createAccount(platform: Platform, actor: Actor, form: AccountForm): Promise<string> {
  const who = requireStaff(actor, adminRoles);
  const username = cleanText(form.username);
  await accounts.createAccount(platform.db.pool, who, {
    username,
    displayName: cleanText(form.displayName) || username,
    role: roleOf(form.role),
    password: form.password ?? '',
    unitCode: orNull(form.unit),
    stationId: orNull(form.station),
    serviceNumber: orNull(form.serviceNumber),
  });
  return username;
}

export async function changePlacement(platform: Platform, actor: Actor, username: string, form: AccountForm) {
  const who = requireStaff(actor, adminRoles);
  const role = roleOf(form.role);
  if (role !== 'administrator') notSelf(who, username, 'role');
  await accounts.setPlacement(platform.db.pool, who, username, {
    role,
    unitCode: orNull(form.unit),
    stationId: orNull(form.station),
    serviceNumber: orNull(form.serviceNumber),
  });
}

export async function resetPassword(platform: Platform, actor: Actor, username: string, password: string) {
  await accounts.resetPassword(platform.db.pool, requireStaff(actor, adminRoles), username, password);
}

export async function resetSecondFactor(platform: Platform, actor: Actor, username: string) {
  await accounts.resetSecondFactor(platform.db.pool, requireStaff(actor, adminRoles), username);
}

export async function setDisabled(platform: Platform, actor: Actor, username: string, disabled: boolean) {
  const who = requireStaff(actor, adminRoles);
  if (disabled) notSelf(who, username, 'disabled');
  await accounts.setAccountDisabled(platform.db.pool, who, username, disabled);
}
