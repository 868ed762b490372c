/**
 * Who may do what with cases and directives, in one place. Which cases a person sees at all (their
 * unit's, IPOA's mandate, the walls around named officers and walled stations) is decided in SQL by
 * the store; these rules say what a person may do once they see one.
 */
import type { Role, StaffActor } from '../../platform/auth/actor.ts';
import type { CaseRow } from './store.ts';

/** Who works cases (the queue, case pages, directives): investigators, oversight liaisons, the IG's office. */
export const caseRoles = ['investigator', 'oversight_liaison', 'ig_office'] as const satisfies readonly Role[];

/** The IPOA liaison's unit when an account has none recorded. */
const IPOA = 'IPOA';

/** May this person act on the case (not just read it)? The lead unit, the IG's office, IPOA on its own cases. */
export function canActOnCase(who: StaffActor, c: Pick<CaseRow, 'unit_code'>): boolean {
  if (who.role === 'ig_office') return true;
  if (who.role === 'investigator') return who.unitCode === c.unit_code;
  if (who.role === 'oversight_liaison') return c.unit_code === (who.unitCode ?? IPOA);
  return false;
}

/** The IG's office issues directives on any case and sees every directive (its dashboard). */
export function canDirect(who: StaffActor): boolean {
  return who.role === 'ig_office';
}

/** The unit a person answers directives for: an investigator's unit, or IPOA for IPOA's liaison; null for anyone else. */
export function directedUnitOf(who: StaffActor): string | null {
  if (who.role === 'investigator') return who.unitCode;
  if (who.role === 'oversight_liaison' && (who.unitCode ?? IPOA) === IPOA) return IPOA;
  return null;
}

/** Is this person of the unit a directive is addressed to? (The case's walls are checked apart.) */
export function isDirectedUnit(who: StaffActor, unitCode: string): boolean {
  const own = directedUnitOf(who);
  return own !== null && own === unitCode;
}
