/**
 * Who may do what with a P3 form's Part II, in one place. Part II holds personal health data: it is
 * read only along the form's path (the issuing station's desk and commander, the medical officers of
 * the facility it was sent to) and by investigators on a case linked to its entry; every read is audited.
 */
import type { StaffActor } from '../../../platform/auth/actor.ts';
import { keepsBookOf } from '../../ob/index.ts';

/** A medical or clinical officer attached to a facility: completes Part II of the P3 forms sent there. */
export function examinesAtAFacility(who: StaffActor): boolean {
  return who.role === 'medical_officer' && typeof who.facilityId === 'string';
}

export function examinesAt(who: StaffActor, facilityId: string | null): boolean {
  return examinesAtAFacility(who) && facilityId !== null && who.facilityId === facilityId;
}

/** The issuing station's desk officers and commander: send the form to a facility, read it back. */
export function deskOf(who: StaffActor, stationId: string): boolean {
  return keepsBookOf(who, stationId);
}

/** Roles that reach P3 forms from the navigation (each then sees only its own station's or facility's). */
export const p3Roles = ['officer', 'station_commander', 'medical_officer'] as const;
