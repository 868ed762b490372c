import type { OneStatement, Relation } from '../../platform/db/statement.ts';
import { Draws } from '../../platform/scale/draw-store.ts';
import type { ScaleDays, ScalePlan } from '../../platform/scale/plan.ts';
import {
  clocksJson,
  courseDraws,
  GRAVE_CATEGORIES,
  HOUR_MS,
  RESOLUTION_HOURS,
  routingColumns,
  UPDATE_HOURS,
  WARN_SHARE,
  WorkingTime,
  type WorkingDays,
} from './scale-clocks-store.ts';

/*
 * Cases of a generated history, each with the course it took by the plan's end: its first response (late for
 * a fifth), its resolution (late for about a third, stuck for a few), where an open case stands, its clocks as
 * the queue reads them, the investigator working it and its history (opened, taken up, closed with an outcome).
 * Other modules open their own generated cases (a custody breach, a withheld document) through this, in their
 * own statement, as they open real ones through openCasesIn.
 */

/** What a generated history's cases need to know: the plan, its days, the working calendar, who works each unit. */
export interface CaseScale {
  plan: ScalePlan;
  days: ScaleDays;
  working: WorkingDays;
  investigators: Record<string, string[]>;
  zone: string;
}

/** A case to open: `key` is unique in the statement (its draws are made from it), `urgent_hours` an urgent question's clock. */
export type ScaleCaseInputColumn =
  | 'key'
  | 'source'
  | 'category'
  | 'county_code'
  | 'station_id'
  | 'walled_station_id'
  | 'opened_at'
  | 'title'
  | 'summary'
  | 'search_terms'
  | 'vehicle_plate'
  | 'urgent_hours'
  | 'actor_label';

/** What the caller's later steps may read of the cases opened: row `key` is the case opened from input row `key`. */
export type ScaleCaseColumn =
  | 'key'
  | 'id'
  | 'reference'
  | 'status'
  | 'opened_at'
  | 'closed_at'
  | 'first_responded_at'
  | 'station_id'
  | 'county_code'
  | 'category';

/** When each case was answered first and closed, as planned; what of that had happened by the end. */
function plannedCourse(statement: OneStatement, scale: CaseScale, input: Relation<ScaleCaseInputColumn>) {
  const d = new Draws(scale.plan, scale.days, (v) => statement.param(v));
  const wt = new WorkingTime((v) => statement.param(v), scale.working);
  const end = d.end();
  const routed = statement.with<string>(
    'scale_case_routed',
    `select i.*, ${routingColumns('i.category', 'i.urgent_hours')}, ${courseDraws(d, 'i.key')},
       ${wt.position('i.opened_at')} as w_open
     from ${input} i offset 0`,
  );
  const due = statement.with<string>(
    'scale_case_due',
    `select x.*, case when fr_working then w_open + round(fr_hours * ${HOUR_MS}) end as fr_target,
       ${wt.after('x.opened_at', 'x.w_open', 'x.fr_hours', 'x.fr_working')} as fr_due,
       ${wt.after('x.opened_at', 'x.w_open', 'x.fr_hours * x.fr_share', 'x.fr_working')} as responded_plan,
       case when public_clocks then w_open + ${RESOLUTION_HOURS * HOUR_MS}::bigint end as res_target,
       ${wt.instant(`x.w_open + round(${RESOLUTION_HOURS * HOUR_MS}::bigint * x.res_share)`)} as close_plan
     from ${routed} x offset 0`,
  );
  const state = statement.with<string>(
    'scale_case_state',
    `select x.*, case when public_clocks then ${wt.instant('x.res_target')} end as res_due,
       case when close_plan <= ${end} then 'closed' when responded_plan > ${end} then 'received'
            when u_status < 0.08 then 'waiting_for_reporter' when u_status < 0.38 then 'under_assessment'
            else 'under_investigation' end as status,
       case when least(responded_plan, close_plan) <= ${end} then least(responded_plan, close_plan) end as first_responded_at,
       case when close_plan <= ${end} then close_plan end as closed_at,
       case when close_plan > ${end} then null when category = any(${statement.param(GRAVE_CATEGORIES)}::text[])
            then outcome_grave else outcome_general end as outcome,
       case when close_plan <= ${end} then close_plan
            when responded_plan <= ${end}
            then greatest(responded_plan, date_trunc('milliseconds', ${end} - interval '12 days' * u_update * u_update))
       end as last_update
     from ${due} x offset 0`,
  );
  return { d, wt, state };
}

/** The clock that runs out next on each open case, and when the queue starts warning of it. */
function nextClocks(statement: OneStatement, wt: WorkingTime, state: Relation<string>) {
  const updated = statement.with<string>(
    'scale_case_updated',
    `select y.*, case when upd_target is not null then ${wt.instant('y.upd_target')} end as update_due_at
     from (select x.*, case when public_clocks and last_update is not null
                         then ${wt.position('x.last_update')} + ${UPDATE_HOURS * HOUR_MS}::bigint end as upd_target
           from ${state} x offset 0) y offset 0`,
  );
  const next = statement.with<string>(
    'scale_case_next',
    `select y.*, case when next_due_at is null then null
                      when first_responded_at is null and next_due_at = fr_due then 'first_response'
                      when next_due_at = update_due_at then 'update' else 'resolution' end as next_clock
     from (select x.*, case when status in ('closed', 'waiting_for_reporter') then null
                            else least(case when first_responded_at is null then fr_due end, update_due_at, res_due) end
                       as next_due_at
           from ${updated} x offset 0) y offset 0`,
  );
  const warn = (hours: number) => Math.round(hours * WARN_SHARE * HOUR_MS);
  return statement.with<string>(
    'scale_case_warned',
    `select x.*, case x.next_clock
         when 'first_response' then case when fr_working then ${wt.instant(`x.fr_target - round(x.fr_hours * ${WARN_SHARE * HOUR_MS})`)}
                                         else x.fr_due - x.fr_hours * ${WARN_SHARE} * interval '1 hour' end
         when 'update' then ${wt.instant(`x.upd_target - ${warn(UPDATE_HOURS)}`)}
         when 'resolution' then ${wt.instant(`x.res_target - ${warn(RESOLUTION_HOURS)}`)} end as warn_at
     from ${next} x offset 0`,
  );
}

/** Who works each case: an investigator of its unit, once it is past received. */
function assigneeSql(statement: OneStatement, scale: CaseScale): string {
  const units = Object.entries(scale.investigators).filter(([, ids]) => ids.length > 0);
  if (units.length === 0) return 'null::bigint';
  const arms = units.map(
    ([unit, ids]) =>
      `when ${statement.param(unit)}::text then (${statement.param(ids)}::bigint[])[1 + floor(u_assignee * ${ids.length})::int]`,
  );
  return `case when status = 'received' then null else case unit_code ${arms.join(' ')} end end`;
}

/** Case references as the cases module writes them, the number never cut short (see the report on CASE-YYYY-NNNNNN). */
function referenceSql(zone: string, number: string): string {
  return `'CASE-' || to_char(opened_at at time zone '${zone}', 'YYYY') || '-' ||
    case when ${number} < 1000000 then lpad(${number}::text, 6, '0') else ${number}::text end`;
}

/**
 * Adds to `statement` the opening of one case for each row of `input`, with its course by the plan's end, its
 * history and the vehicles it names. The caller's later steps read the returned relation.
 */
export function scaleCasesIn(
  statement: OneStatement,
  scale: CaseScale,
  input: Relation<ScaleCaseInputColumn>,
): Relation<ScaleCaseColumn> {
  const { wt, state } = plannedCourse(statement, scale, input);
  const warned = nextClocks(statement, wt, state);
  const numbered = statement.with<string>(
    'scale_case_numbered',
    `select y.*, nextval('cases_id_seq') as id, ${referenceSql(scale.zone, 'y.case_number')} as reference
     from (select x.*, nextval('case_number_seq') as case_number, ${assigneeSql(statement, scale)} as assignee_id
           from ${warned} x order by x.opened_at) y offset 0`,
  );
  insertCasesIn(statement, numbered);
  return numbered;
}

function insertCasesIn(statement: OneStatement, c: Relation<string>): void {
  statement.with(
    'scale_case_rows',
    `insert into cases (id, reference, source, category, status, outcome, unit_code, informed_units, oversight,
       county_code, station_id, walled_station_id, title, summary, search_terms, opened_at, first_response_due_at,
       first_responded_at, updated_at, closed_at, assignee_id, clocks, update_due_at, resolution_due_at, paused_at,
       resume_status, next_due_at, next_clock, warn_at, evidence_count)
     select id, reference, source, category, status, outcome, unit_code, informed_units, oversight, county_code,
       station_id, walled_station_id, title, summary, search_terms, opened_at, fr_due, first_responded_at,
       coalesce(last_update, opened_at), closed_at, assignee_id, ${clocksJson}, update_due_at, res_due,
       case when status = 'waiting_for_reporter' then last_update end,
       case when status = 'waiting_for_reporter' then 'under_investigation' end, next_due_at, next_clock, warn_at, 0
     from ${c}`,
  );
  const worker = `(select u.display_name || ' (' || u.username || ')' from users u where u.id = c.assignee_id)`;
  statement.with(
    'scale_case_history',
    `insert into case_history (case_id, at, actor_id, actor_label, action, from_status, to_status, to_unit, reason, detail)
     select id, opened_at, null, actor_label, 'opened', null, 'received', unit_code, null,
       jsonb_build_object('source', source, 'informed', to_jsonb(informed_units)) from ${c}
     union all
     select c.id, c.first_responded_at, c.assignee_id, ${worker}, 'status', 'received', 'under_assessment', null,
       'Assessed and taken up', '{}'::jsonb from ${c} c where c.first_responded_at is not null
     union all
     select c.id, c.last_update, c.assignee_id, ${worker}, 'status', 'under_investigation', 'waiting_for_reporter', null,
       'Waiting for the reporter to answer', '{}'::jsonb from ${c} c where c.status = 'waiting_for_reporter'
     union all
     select c.id, c.closed_at, c.assignee_id, ${worker}, 'status', 'under_investigation', 'closed', null,
       'Investigation concluded', jsonb_build_object('outcome', c.outcome) from ${c} c where c.status = 'closed'`,
  );
  statement.with(
    'scale_case_vehicles',
    `insert into case_subjects (case_id, vehicle_plate) select id, vehicle_plate from ${c} where vehicle_plate is not null`,
  );
}
