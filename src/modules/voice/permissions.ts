/**
 * Who may do what with officers' letters (Officer Voice), in one place. Which letters a person sees
 * at all (the registry all; a unit what is sent or assigned to it; the NPSC liaison what was
 * escalated to it; never anyone posted at the writer's station or named in the letter) is decided
 * in SQL by the store; these rules say what a person may do once they see one.
 */
import { hasDuty, type Role, type StaffActor } from '../../platform/auth/actor.ts';
import type { SubmissionRow } from './store.ts';

/** The unit that receives requests for support (and acknowledges them). */
export const COUNSELLING_UNIT = 'COUNSELLING';
/** The oversight liaison who receives what the clock escalates and undecided resignations. */
const NPSC_UNIT = 'NPSC';

/** Officers and station commanders write letters and follow their own. */
export const writerRoles = ['officer', 'station_commander'] as const satisfies readonly Role[];
/** The welfare signals are the IG's office's alone. */
export const signalsRoles = ['ig_office'] as const satisfies readonly Role[];
/** Who may open /staff/voice (each sees only what its wall lets through). */
export const inboxRoles = ['ig_office', 'investigator', 'oversight_liaison'] as const satisfies readonly Role[];

/** A writer: a staff member with a service number (officers and commanders have one). */
export function canWrite(who: StaffActor): who is StaffActor & { serviceNumber: string } {
  return who.serviceNumber !== null && who.serviceNumber !== '';
}

/** Who has an inbox of letters: the registry, units (what is sent or assigned to them), the NPSC liaison (what is escalated to them). */
export function hasInbox(who: StaffActor): boolean {
  return (
    who.role === 'ig_office' ||
    who.role === 'investigator' ||
    (who.role === 'oversight_liaison' && who.unitCode === NPSC_UNIT)
  );
}

/** Who may acknowledge letters at all (before any letter is looked up): the registry and the counselling unit. */
export function mayAcknowledgeAny(who: StaffActor): boolean {
  return who.role === 'ig_office' || (who.role === 'investigator' && who.unitCode === COUNSELLING_UNIT);
}

/**
 * Who acknowledges a letter, stopping its clock: the IG's office registry; for a request for
 * support, also the counselling unit it was sent to. Never a unit it was assigned to, an oversight
 * liaison, a commander, or its writer.
 */
export function mayAcknowledge(who: StaffActor, s: Pick<SubmissionRow, 'unit_code' | 'author_id'>): boolean {
  if (s.author_id === who.id) return false;
  return (
    who.role === 'ig_office' ||
    (who.role === 'investigator' && who.unitCode === COUNSELLING_UNIT && s.unit_code === COUNSELLING_UNIT)
  );
}

/** The registry (the IG's office) decides resignations and assigns letters to units. */
export function isRegistry(who: StaffActor): boolean {
  return who.role === 'ig_office';
}

/** The identity custodian of the IG's office: holds protected writers' names and may tell the assigned unit. */
export function isIdentityCustodian(who: StaffActor): boolean {
  return who.role === 'ig_office' && hasDuty(who, 'identity_custodian');
}

/** Who may read the writer's name: the writer; anyone, unless the writer protected it; the custodian; a unit it was revealed to. */
export function identityShownTo(
  who: StaffActor,
  s: Pick<SubmissionRow, 'identity_protected' | 'revealed_to'>,
  mine: boolean,
): boolean {
  if (mine || !s.identity_protected) return true;
  if (isIdentityCustodian(who)) return true;
  return who.role === 'investigator' && who.unitCode !== null && s.revealed_to.includes(who.unitCode);
}

/** The welfare signals (figures without identities): the IG's office. */
export function canReadSignals(who: StaffActor): boolean {
  return (signalsRoles as readonly Role[]).includes(who.role);
}
