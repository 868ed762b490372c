import { OneStatement, type Relation } from '../../platform/db/statement.ts';
import type { Platform } from '../../platform/module.ts';
import { Draws, runGenerated } from '../../platform/scale/draw-store.ts';
import type { ScalePlan } from '../../platform/scale/plan.ts';
import { scaleStaff } from '../../platform/scale/staff-store.ts';
import type { CaseScale } from './scale-course-store.ts';

/*
 * The IG's directives in a generated history: on about one case in eighty once it was taken up, due in two to six
 * weeks; most delivered in time, some late (escalated to the head of the IG's office the day after they fell due,
 * as the directives' clock does), some still open, overdue or not, at the end.
 */

const SHARE = 0.0125;

const tasks = [
  'Interview the officers on duty and report what was found.',
  'Obtain the station occurrence book extracts for the day and report.',
  'Establish whether money was demanded and by whom; recommend action.',
  'Trace the vehicle named and identify the officers at the roadblock.',
  'Record the statements of the complainant and witnesses and report.',
  'Review the custody records and report why the suspect was held.',
];
const deliverables = [
  'Investigation report',
  'Status report',
  'Disciplinary recommendation',
  'Statements and findings',
];

export async function scaleDirectives(platform: Platform, plan: ScalePlan, scale: CaseScale): Promise<void> {
  const staff = await scaleStaff(platform.db.pool);
  const statement = new OneStatement();
  const d = new Draws(plan, scale.days, (v) => statement.param(v));
  const end = d.end();
  const zone = `'${scale.zone}'`;
  const planned = statement.with<string>(
    'directive_planned',
    `select y.*, case when dv is null then null
                      else date_trunc('milliseconds', issued_at + dv * days_given * interval '1 day') end as delivered_plan,
       (issued_at at time zone ${zone})::date + days_given as due_on
     from (select c.id as case_id, c.unit_code, coalesce(c.assignee_id, ${statement.param(staff.igOffice)}::bigint) as worker,
             date_trunc('milliseconds', c.opened_at + (2 + 18 * ${d.u('c.id', 41)}) * interval '1 day') as issued_at,
             14 + ${d.below('c.id', 42, 31)} as days_given,
             case when ${d.u('c.id', 43)} < 0.62 then 0.2 + 0.75 * ${d.u('c.id', 44)}
                  when ${d.u('c.id', 43)} < 0.86 then 1.05 + 0.9 * ${d.u('c.id', 44)} end as dv,
             ${d.anyOf(tasks, 'c.id', 45)} as task, ${d.anyOf(deliverables, 'c.id', 46)} as deliverable,
             ${d.chance('c.id', 47, 0.4)} as public, c.closed_at
           from cases c
           where c.source = 'report' and c.status <> 'received' and ${d.chance('c.id', 40, SHARE)}) y
     where y.issued_at < coalesce(y.closed_at, ${end})`,
  );
  const issued = statement.with<string>(
    'directive_issued',
    `insert into case_directives (case_id, unit_code, task, deliverable, due_on, public, issued_by, issued_at, status, closed_at)
     select case_id, unit_code, task, deliverable, due_on, public, ${statement.param(staff.igOffice)}::bigint, issued_at,
       case when delivered_plan <= ${end} then 'closed' else 'open' end,
       case when delivered_plan <= ${end} then delivered_plan end
     from ${planned}
     returning id, case_id, unit_code, task, deliverable, due_on, public, issued_at, status, closed_at`,
  );
  const withWorker = statement.with<string>(
    'directive_rows',
    `select i.*, p.worker, encode(${d.bytes('i.id', 'deliverable')}, 'hex') as sha256,
       40000 + ${d.below('i.id', 48, 900000)} as size_bytes,
       (i.due_on + 1)::timestamp at time zone ${zone} + interval '3 minutes' as escalated_at
     from ${issued} i join ${planned} p on p.case_id = i.case_id and p.issued_at = i.issued_at`,
  );
  statement.with(
    'directive_deliverables',
    `insert into case_directive_deliverables (directive_id, sha256, size_bytes, media_type, note, uploaded_by, uploaded_at)
     select id, sha256, size_bytes, 'application/pdf', '', worker, closed_at from ${withWorker} where status = 'closed'`,
  );
  const escalated = statement.with<string>(
    'directive_escalated',
    `insert into case_directive_escalations (directive_id, at)
     select id, escalated_at from ${withWorker}
     where escalated_at <= ${end} and (status = 'open' or closed_at > escalated_at)
     returning directive_id`,
  );
  directiveHistoryIn(statement, withWorker, escalated, staff.igOffice);
  const done = statement.with<'n'>('directives_done', `select count(*)::int as n from ${withWorker}`);
  await runGenerated(platform.db.pool, statement, done);
}

function directiveHistoryIn(
  statement: OneStatement,
  rows: Relation<string>,
  escalated: Relation<string>,
  igOffice: string,
): void {
  const office = `(select u.display_name || ' (' || u.username || ')' from users u where u.id = ${statement.param(igOffice)}::bigint)`;
  const worker = `(select u.display_name || ' (' || u.username || ')' from users u where u.id = r.worker)`;
  statement.with(
    'directive_history',
    `insert into case_history (case_id, at, actor_id, actor_label, action, from_unit, to_unit, reason, detail)
     select r.case_id, r.issued_at, ${statement.param(igOffice)}::bigint, ${office}, 'directive_issued', null, r.unit_code,
       r.task, jsonb_build_object('directive', r.id, 'deliverable', r.deliverable, 'due', to_char(r.due_on, 'YYYY-MM-DD'), 'public', r.public)
     from ${rows} r
     union all
     select r.case_id, r.closed_at, r.worker, ${worker}, 'directive_delivered', r.unit_code, null, null,
       jsonb_build_object('directive', r.id, 'sha256', r.sha256, 'size', r.size_bytes, 'mediaType', 'application/pdf')
     from ${rows} r where r.status = 'closed'
     union all
     select r.case_id, r.escalated_at, null, 'Sauti (directives'' clock)', 'directive_escalated', r.unit_code, null, null,
       jsonb_build_object('directive', r.id, 'due', to_char(r.due_on, 'YYYY-MM-DD'), 'to', 'office_head')
     from ${rows} r join ${escalated} e on e.directive_id = r.id`,
  );
}
