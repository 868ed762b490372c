/**
 * Who may do what with the Occurrence Book, in one place. Nobody edits or deletes an entry: a
 * correction is a new entry. Reads outside one's own station are audited by the service.
 */
import type { Role, StaffActor } from '../../platform/auth/actor.ts';

/** Roles that keep a station's book: its officers at the desk, and its commander. */
export const deskRoles = ['officer', 'station_commander'] as const satisfies readonly Role[];

/** An officer or commander posted at a station: may record entries in that station's book. */
export function keepsABook(who: StaffActor): boolean {
  return (deskRoles as readonly string[]).includes(who.role) && who.stationId !== null;
}

export function keepsBookOf(who: StaffActor, stationId: string): boolean {
  return keepsABook(who) && who.stationId === stationId;
}

/** The station's commander: closes its days. */
export function commands(who: StaffActor, stationId: string): boolean {
  return who.role === 'station_commander' && who.stationId === stationId;
}

export function commandsAStation(who: StaffActor): boolean {
  return who.role === 'station_commander' && who.stationId !== null;
}

/** Oversight of every station's book: the IG's office, IAU and IPOA's liaison (each read is audited). */
export function readsEveryBook(who: StaffActor): boolean {
  return (
    who.role === 'ig_office' ||
    (who.role === 'investigator' && who.unitCode === 'IAU') ||
    (who.role === 'oversight_liaison' && who.unitCode === 'IPOA')
  );
}

/** May open a station's book at all (which entries then depends on the station). */
export function readsABook(who: StaffActor): boolean {
  return keepsABook(who) || readsEveryBook(who);
}
