import type { Queryable } from '../../platform/db/database.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { canonicalServiceNumber, serviceNumberKey } from '../../jurisdiction/kenya/index.ts';

/**
 * The SQL condition for "a case subject s names the officer whose own number (an account's, a
 * roster entry's) is `held`": canonical forms compared, or the number exactly as held when it has
 * no canonical form. `p` adds a parameter.
 */
function subjectNames(held: string, p: (value: unknown) => string): string {
  const canonical = canonicalServiceNumber(held);
  return canonical ? `s.service_number_canonical = ${p(canonical)}` : `s.service_number = ${p(held)}`;
}

/**
 * The SQL condition for "the walls let this staff member at case c", whatever their reach: never a
 * case that names them; for a station commander, never one that names an officer of their station;
 * never a case walled off from a station they are posted at (by their account or the officers
 * roster). Service numbers are compared in their canonical form.
 */
export function wallsAdmit(actor: StaffActor, p: (value: unknown) => string): string {
  const walls: string[] = [];
  const subjectWalls: string[] = [];
  const key = serviceNumberKey(actor.serviceNumber);
  if (actor.serviceNumber) subjectWalls.push(subjectNames(actor.serviceNumber, p));
  if (actor.role === 'station_commander' && actor.stationId) {
    // the roster holds canonical numbers (a number without one as it is)
    subjectWalls.push(
      `exists (select 1 from officers o where o.station_id = ${p(actor.stationId)} and (o.service_number = s.service_number_canonical or o.service_number = s.service_number))`,
    );
  }
  if (subjectWalls.length > 0)
    walls.push(`exists (select 1 from case_subjects s where s.case_id = c.id and (${subjectWalls.join(' or ')}))`);
  if (actor.stationId) walls.push(`c.walled_station_id = ${p(actor.stationId)}`);
  if (key)
    walls.push(
      `exists (select 1 from officers o where o.service_number = ${p(key)} and o.station_id = c.walled_station_id)`,
    );
  // coalesce: a case with no walled station compares null, which must not wall anyone
  return walls.length > 0 ? `not coalesce(${walls.join(' or ')}, false)` : 'true';
}

/** The walls alone, as a condition on case c (for listings reached another way, e.g. a unit's directives). */
export function wallCondition(actor: StaffActor, start: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = wallsAdmit(actor, (value) => {
    params.push(value);
    return `$${start + params.length - 1}`;
  });
  return { sql: `(${sql})`, params };
}

/**
 * The SQL condition for "this staff member may see case c": their unit's cases, the oversight
 * mandate for the IPOA liaison, everything for the IG's office; and only where the walls let them
 * (see wallsAdmit). Parameters start at $start.
 */
export function visibilityCondition(actor: StaffActor, start: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${start + params.length - 1}`;
  };
  let scope: string;
  switch (actor.role) {
    case 'ig_office':
      scope = 'true';
      break;
    case 'investigator': {
      const unit = p(actor.unitCode);
      scope = `(c.unit_code = ${unit} or ${unit} = any(c.informed_units))`;
      break;
    }
    case 'oversight_liaison':
      // the oversight mandate is IPOA's: another body's liaison (e.g. NPSC) sees only its own unit's cases
      scope =
        actor.unitCode === 'IPOA'
          ? `(c.oversight or c.unit_code = ${p(actor.unitCode)})`
          : actor.unitCode
            ? `c.unit_code = ${p(actor.unitCode)}`
            : 'false';
      break;
    default:
      scope = 'false';
  }
  return { sql: `(${scope} and ${wallsAdmit(actor, p)})`, params };
}

/** Do the walls keep this person out of the case (named in it, posted at a walled station...), whatever their reach? */
export async function caseWallsOut(db: Queryable, actor: StaffActor, caseId: string): Promise<boolean> {
  const walls = wallCondition(actor, 2);
  return (
    (await db.query(`select 1 from cases c where c.id = $1 and ${walls.sql}`, [caseId, ...walls.params])).rowCount === 0
  );
}
