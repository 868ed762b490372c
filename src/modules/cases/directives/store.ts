/** Directives: the IG's office directs a unit on a case; the unit's deliverable closes it. */
import type { Queryable } from '../../../platform/db/database.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import { visibilityCondition, wallsAdmit } from '../walls.ts';

export interface NewDirective {
  caseId: string;
  unitCode: string;
  task: string;
  deliverable: string;
  /** YYYY-MM-DD, a day in Nairobi */
  dueOn: string;
  public: boolean;
  issuedBy: string;
  /** The platform clock's moment (its day in Nairobi is the directive's published issue date). */
  issuedAt: Date;
}

export async function insertDirective(db: Queryable, d: NewDirective): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into case_directives (case_id, unit_code, task, deliverable, due_on, public, issued_by, issued_at)
     values ($1, $2, $3, $4, $5::date, $6, $7, $8) returning id`,
    [d.caseId, d.unitCode, d.task, d.deliverable, d.dueOn, d.public, d.issuedBy, d.issuedAt],
  );
  return rows[0]!.id;
}

export interface DirectiveRow {
  id: string;
  case_id: string;
  case_reference: string;
  unit_code: string;
  task: string;
  deliverable: string;
  /** YYYY-MM-DD */
  due_on: string;
  public: boolean;
  issued_at: Date;
  issued_by_label: string;
  status: 'open' | 'closed';
  closed_at: Date | null;
  overdue: boolean;
  days_overdue: number;
  /** May the person listing it open the case? (only when listed for someone) */
  case_visible: boolean;
  file_sha256: string | null;
  file_size: number | null;
  file_media_type: string | null;
  file_note: string | null;
  uploaded_at: Date | null;
  uploaded_by_label: string | null;
  /** When the overdue directive was escalated to the head of the IG's office. */
  escalated_at: Date | null;
}

/** `today` names the parameter holding today's date in the jurisdiction, by the platform's clock (overdue is judged on it). */
function directiveSelect(caseVisible: string, today: string): string {
  return `select d.id, d.case_id, c.reference as case_reference, d.unit_code, d.task, d.deliverable,
      to_char(d.due_on, 'YYYY-MM-DD') as due_on, d.public, d.issued_at, iu.display_name as issued_by_label,
      d.status, d.closed_at,
      (d.status = 'open' and d.due_on < ${today}::date) as overdue,
      greatest(0, ${today}::date - d.due_on)::int as days_overdue,
      ${caseVisible} as case_visible,
      f.sha256 as file_sha256, f.size_bytes::float8 as file_size, f.media_type as file_media_type, f.note as file_note,
      f.uploaded_at, fu.display_name as uploaded_by_label, de.at as escalated_at
    from case_directives d
    join cases c on c.id = d.case_id
    join users iu on iu.id = d.issued_by
    left join case_directive_deliverables f on f.directive_id = d.id
    left join users fu on fu.id = f.uploaded_by
    left join case_directive_escalations de on de.directive_id = d.id`;
}

/**
 * Escalates, once each, the open directives whose due date (a day in Nairobi) is before `today`,
 * with a line in their case's history; a repeated or concurrent run records nothing twice.
 */
export async function recordOverdueDirectives(
  db: Queryable,
  today: string,
  actorLabel: string,
  at: Date,
): Promise<Array<{ directive_id: string; case_reference: string }>> {
  const { rows } = await db.query<{ directive_id: string; case_reference: string }>(
    `with due as (
       select d.id, d.case_id, d.unit_code, d.due_on from case_directives d
       where d.status = 'open' and d.due_on < $1::date
         and not exists (select 1 from case_directive_escalations e where e.directive_id = d.id)
       order by d.id
     ), escalated as (
       insert into case_directive_escalations (directive_id, at) select id, $3::timestamptz from due on conflict do nothing returning directive_id
     ), history as (
       insert into case_history (case_id, actor_id, actor_label, action, from_unit, detail)
       select due.case_id, null, $2, 'directive_escalated', due.unit_code, jsonb_build_object('directive', due.id, 'due', to_char(due.due_on, 'YYYY-MM-DD'), 'to', 'office_head')
       from due join escalated on escalated.directive_id = due.id
     )
     select e.directive_id, c.reference as case_reference from escalated e join case_directives d on d.id = e.directive_id join cases c on c.id = d.case_id`,
    [today, actorLabel, at],
  );
  return rows;
}

export async function listCaseDirectives(db: Queryable, caseId: string, today: string): Promise<DirectiveRow[]> {
  return (
    await db.query<DirectiveRow>(`${directiveSelect('true', '$2')} where d.case_id = $1 order by d.id`, [caseId, today])
  ).rows;
}

export async function findDirective(db: Queryable, id: string, today: string): Promise<DirectiveRow | undefined> {
  return (await db.query<DirectiveRow>(`${directiveSelect('false', '$2')} where d.id = $1`, [id, today])).rows[0];
}

export async function lockDirective(db: Queryable, id: string): Promise<'open' | 'closed' | undefined> {
  return (
    await db.query<{ status: 'open' | 'closed' }>('select status from case_directives where id = $1 for update', [id])
  ).rows[0]?.status;
}

export interface DirectiveFilter {
  status: 'open' | 'closed';
  /** Only this unit's directives. */
  unitCode?: string | undefined;
  /** Leave out directives on cases this person is walled off from (named in them, posted at a walled station), whoever leads the case. */
  walledFor?: StaffActor | undefined;
  /** Closed within this many days (before `now`). */
  closedWithinDays?: number | undefined;
  limit: number;
  /** Today's date in the jurisdiction and the moment, by the platform's clock. */
  today: string;
  now: Date;
}

/** Directives listed for a staff member; `case_visible` says whether they may open each case. */
export async function listDirectives(
  db: Queryable,
  viewer: StaffActor,
  filter: DirectiveFilter,
): Promise<DirectiveRow[]> {
  const visible = visibilityCondition(viewer, 1);
  const params: unknown[] = [...visible.params];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`d.status = ${p(filter.status)}`];
  if (filter.unitCode) where.push(`d.unit_code = ${p(filter.unitCode)}`);
  if (filter.walledFor)
    where.push(`exists (select 1 from cases c where c.id = d.case_id and ${wallsAdmit(filter.walledFor, p)})`);
  if (filter.closedWithinDays !== undefined)
    where.push(
      `d.closed_at > ${p(filter.now)}::timestamptz - make_interval(days => ${p(filter.closedWithinDays)}::int)`,
    );
  const order = filter.status === 'open' ? 'overdue desc, d.due_on asc, d.id' : 'd.closed_at desc';
  const caseVisible = `exists (select 1 from cases c where c.id = d.case_id and ${visible.sql})`;
  const { rows } = await db.query<DirectiveRow>(
    `${directiveSelect(caseVisible, p(filter.today))} where ${where.join(' and ')} order by ${order} limit ${p(filter.limit)}`,
    params,
  );
  return rows;
}

export interface PublicDirectiveRow {
  issued_at: Date;
  unit_code: string;
  task: string;
  deliverable: string;
  due_on: string;
  status: 'open' | 'closed';
  overdue: boolean;
  closed_at: Date | null;
}

/** Only what may be published: no case, no people, no report content. */
export async function listPublicDirectives(db: Queryable, limit: number, today: string): Promise<PublicDirectiveRow[]> {
  const { rows } = await db.query<PublicDirectiveRow>(
    `select d.issued_at, d.unit_code, d.task, d.deliverable,
       to_char(d.due_on, 'YYYY-MM-DD') as due_on, d.status,
       (d.status = 'open' and d.due_on < $2::date) as overdue,
       d.closed_at
     from case_directives d where d.public order by d.issued_at desc, d.id desc limit $1`,
    [limit, today],
  );
  return rows;
}

export interface NewDeliverable {
  directiveId: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  note: string;
  uploadedBy: string;
  /** When it arrived: the directive closes then (the platform's clock; "recently closed" is counted from it). */
  at: Date;
}

/** Keeps the deliverable and closes the directive (inside the caller's transaction). */
export async function insertDeliverableAndClose(db: Queryable, f: NewDeliverable): Promise<void> {
  await db.query(
    `insert into case_directive_deliverables (directive_id, sha256, size_bytes, media_type, note, uploaded_by) values ($1, $2, $3, $4, $5, $6)`,
    [f.directiveId, f.sha256, f.sizeBytes, f.mediaType, f.note, f.uploadedBy],
  );
  await db.query(`update case_directives set status = 'closed', closed_at = $2 where id = $1 and status = 'open'`, [
    f.directiveId,
    f.at,
  ]);
}

/** Words a public task must not contain: the case's reference and the officers it names. */
export async function caseIdentifiers(db: Queryable, caseId: string): Promise<string[]> {
  const { rows } = await db.query<{ v: string }>(
    `select reference as v from cases where id = $1
     union select unnest(array[name, service_number, service_number_canonical, vehicle_plate]) from case_subjects where case_id = $1`,
    [caseId],
  );
  return rows.map((r) => r.v).filter((v): v is string => typeof v === 'string' && v.trim().length >= 3);
}
