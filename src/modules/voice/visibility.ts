import type { StaffActor } from '../../platform/auth/actor.ts';
import { canonicalServiceNumber, serviceNumberKey } from '../../jurisdiction/kenya/index.ts';

/**
 * Who may see submission v: its writer; the IG's office registry (all); a unit's investigators
 * what is sent or assigned to their unit; the NPSC liaison what the clock escalated to them.
 * Never anyone it names, and never anyone posted at the writer's station (its commander and
 * everyone under them), whatever their role. Parameters start at $start.
 */
export function voiceVisibility(actor: StaffActor, start: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${start + params.length - 1}`;
  };
  const author = `v.author_id = ${p(actor.id)}`;
  let reader = 'false';
  if (actor.role === 'ig_office') reader = 'true';
  else if (actor.role === 'investigator' && actor.unitCode) {
    const unit = p(actor.unitCode);
    reader = `(v.unit_code = ${unit} or exists (select 1 from voice_assignments a where a.submission_id = v.id and a.unit_code = ${unit}))`;
  } else if (actor.role === 'oversight_liaison' && actor.unitCode === 'NPSC') {
    reader = `exists (select 1 from voice_escalations e where e.submission_id = v.id and e.step in ('npsc', 'decision_overdue'))`;
  }
  const walls: string[] = [];
  if (actor.serviceNumber) {
    // service numbers compared in their canonical form (a number without one, exactly as held)
    const canonical = canonicalServiceNumber(actor.serviceNumber);
    const named = canonical
      ? `n.service_number_canonical = ${p(canonical)}`
      : `n.service_number = ${p(actor.serviceNumber)}`;
    walls.push(`exists (select 1 from voice_named_officers n where n.submission_id = v.id and ${named})`);
    walls.push(
      `exists (select 1 from officers o where o.service_number = ${p(serviceNumberKey(actor.serviceNumber))} and o.station_id = v.author_station_id)`,
    );
  }
  if (actor.stationId) walls.push(`v.author_station_id = ${p(actor.stationId)}`);
  // coalesce: a letter whose writer had no station compares null, which must not hide it from everyone
  const wall = walls.length ? ` and not coalesce(${walls.join(' or ')}, false)` : '';
  return { sql: `(${author} or (${reader}${wall}))`, params };
}
