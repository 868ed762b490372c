import type { OneStatement, Relation } from '../../platform/db/statement.ts';
import type { Draws } from '../../platform/scale/draw-store.ts';
import { scaleCasesIn, type ScaleCaseInputColumn } from '../cases/index.ts';
import { CUSTODY_CATEGORY } from './custody/escalation.ts';
import type { ObScale } from './scale-plan-store.ts';

/*
 * The custody clock of a generated month: a deadline 24 hours after each arrest, settled within the minute it fell
 * due (as the escalation job settles it) when that was before the end; an arrest nobody released by then became a
 * case for IAU (unlawful detention), opened by the cases module with its own course, and linked to the entry.
 */

const iso = (t: string) => `to_char(${t} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Adds the month's custody deadlines, and a case for each breach, to the statement storing its entries. */
export function custodyIn(
  statement: OneStatement,
  scale: ObScale,
  d: Draws,
  fields: Relation<string>,
  inserted: Relation<string>,
): void {
  const end = d.end();
  const arrests = statement.with<string>(
    'ob_custody',
    `select y.*, y.due_at <= ${end} and (y.released_at is null or y.released_at > y.due_at) as breached,
       date_trunc('milliseconds', y.due_at + ${d.u('y.key', 40)} * interval '59 seconds') as settled_plan
     from (select i.id as entry_id, f.key, f.station_id, f.station_name, f.county_code, f.day, f.number, f.arrested_at,
             f.arrested_at + interval '24 hours' as due_at, date_trunc('milliseconds', f.released_at_plan) as released_at
           from ${inserted} i join ${fields} f on f.station_id = i.station_id and f.day = i.day and f.number = i.number
           where f.kind = 'arrest') y`,
  );
  const ob = `y.number || '/' || to_char(y.day, 'DD/MM/YYYY')`;
  const input = statement.with<ScaleCaseInputColumn>(
    'ob_custody_case_input',
    `select 2000000000000000 + y.key as key, 'ob'::text as source, '${CUSTODY_CATEGORY}'::text as category,
       y.county_code, y.station_id, null::text as walled_station_id, y.settled_plan as opened_at,
       'Custody beyond 24 hours: OB ' || ${ob} || ' ' || y.station_name as title,
       'Arrest entry OB ' || ${ob} || ' at ' || y.station_name || ': arrested at ' || ${iso('y.arrested_at')}
         || '; no release or production in court recorded by ' || ${iso('y.due_at')} || ' (Constitution Art. 49(1)(f)).' as summary,
       'unlawful arrest'::text as search_terms, null::text as vehicle_plate, null::int as urgent_hours,
       'Sauti (the custody clock)'::text as actor_label
     from ${arrests} y where y.breached`,
  );
  const cases = scaleCasesIn(statement, scale.cases, input);
  statement.with(
    'ob_custody_deadlines',
    `insert into ob_custody_deadlines (entry_id, station_id, due_at, settled_at, case_id)
     select a.entry_id, a.station_id, a.due_at, case when a.due_at <= ${end} then a.settled_plan end, c.id
     from ${arrests} a left join ${cases} c on c.key = 2000000000000000 + a.key`,
  );
  statement.with(
    'ob_custody_links',
    `insert into ob_entry_cases (entry_id, case_id)
     select a.entry_id, c.id from ${arrests} a join ${cases} c on c.key = 2000000000000000 + a.key`,
  );
}
