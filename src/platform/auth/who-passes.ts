import { duties, roles, type Duty, type Role, type StaffActor } from './actor.ts';
import { passes, type StaffRule } from './require-staff.ts';
import type { SautiModule } from '../module.ts';

/**
 * Who a rule lets in, in words an administrator can check: each role it admits whatever the unit
 * ("moderator"), or only in some units ("investigator in COUNSELLING"), or only with a duty
 * ("ig_office with identity_custodian"); "of any unit" when a unit is needed but any will do. For rules that depend on the staff member alone, not on
 * a case or a letter. Officers and station commanders are taken to have service numbers.
 */
export function whoPasses(rule: StaffRule, units: readonly string[]): string[] {
  return roles.flatMap((role) => roleEntry(rule, role, units));
}

function roleEntry(rule: StaffRule, role: Role, units: readonly string[]): string[] {
  const admits = (unitCode: string | null, held: readonly Duty[] = []) => passes(member(role, unitCode, held), rule);
  if (admits(null) && units.every((unit) => admits(unit))) return [role];
  const inUnits = units.filter((unit) => admits(unit));
  if (inUnits.length > 0 && inUnits.length === units.length) return [`${role} of any unit`];
  if (inUnits.length > 0) return [`${role} in ${inUnits.join(', ')}`];
  return duties.filter((duty) => admits(null, [duty])).map((duty) => `${role} with ${duty}`);
}

function member(role: Role, unitCode: string | null, held: readonly Duty[]): StaffActor {
  const writes = role === 'officer' || role === 'station_commander';
  return {
    kind: 'staff',
    id: '00000000-0000-0000-0000-000000000000',
    username: role,
    displayName: role,
    role,
    unitCode,
    stationId: null,
    serviceNumber: writes ? '2015-000000' : null,
    duties: held,
  };
}

/** Each module's permissions and who they let in, one per line, for administrators to check. */
export function permissionsText(list: SautiModule[], units: readonly string[]): string {
  return list
    .filter((m) => m.permissions)
    .map((m) => {
      const lines = Object.entries(m.permissions!).map(
        ([what, rule]) => `  ${what}: ${whoPasses(rule, units).join('; ')}`,
      );
      return `${m.name}\n${lines.join('\n')}`;
    })
    .join('\n\n');
}
