import type { Queryable } from '../../platform/db/database.ts';
import { OneStatement, type Relation } from '../../platform/db/statement.ts';
import { auditIn, type AuditColumn } from '../../platform/audit/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { canonicalServiceNumber, serviceNumberKey } from '../../jurisdiction/kenya/index.ts';

export type CaseStatus = 'received' | 'under_assessment' | 'under_investigation' | 'closed';

export interface CaseRow {
  id: string;
  reference: string;
  source: string;
  category: string;
  status: CaseStatus;
  outcome: string | null;
  unit_code: string;
  informed_units: string[];
  oversight: boolean;
  county_code: string | null;
  station_id: string | null;
  /** Everyone posted at this station is kept out of the case (a case opened from an officer's letter). */
  walled_station_id: string | null;
  title: string;
  summary: string;
  opened_at: Date;
  first_response_due_at: Date;
  first_responded_at: Date | null;
  updated_at: Date;
  closed_at: Date | null;
  county_name?: string | null;
  station_name?: string | null;
  overdue?: boolean;
}

export interface NewCase {
  source: string;
  category: string;
  unitCode: string;
  informedUnits: string[];
  oversight: boolean;
  countyCode: string | null;
  stationId: string | null;
  walledStationId: string | null;
  title: string;
  summary: string;
  firstResponseDueAt: Date;
  /** When it opened (the platform clock's moment), and that moment's year in the jurisdiction, for its reference. */
  openedAt: Date;
  referenceYear: string;
}

export interface Subject {
  serviceNumber?: string | null | undefined;
  name?: string | null | undefined;
  vehiclePlate?: string | null | undefined;
}

export interface CaseOpening {
  case: NewCase;
  subjects: Subject[];
  /** Who opened it, for the first history entry and the audit row. */
  actorId: string | null;
  actorLabel: string;
  historyDetail: Record<string, unknown>;
}

/** What a composed statement may read of the cases it opened: row `ord` is the case opened from openings[ord]. */
export type OpenedCaseColumn = 'ord' | 'id' | 'reference';

/**
 * Adds to the statement the opening of any number of cases: each case with its reference, the
 * officers it names, its first history entry and its audit row (through platform/audit). Ids and
 * references are drawn in the input's order. Later steps (another module's rows that belong to
 * each case) read the returned relation.
 */
export function openCasesIn(statement: OneStatement, openings: CaseOpening[]): Relation<OpenedCaseColumn> {
  const input = openings.map((o, ord) => ({
    ord,
    source: o.case.source,
    category: o.case.category,
    unit_code: o.case.unitCode,
    informed_units: o.case.informedUnits,
    oversight: o.case.oversight,
    county_code: o.case.countyCode,
    station_id: o.case.stationId,
    walled_station_id: o.case.walledStationId,
    title: o.case.title,
    summary: o.case.summary,
    first_response_due_at: o.case.firstResponseDueAt,
    opened_at: o.case.openedAt,
    reference_year: o.case.referenceYear,
    subjects: o.subjects.map((s) => ({
      service_number: s.serviceNumber ?? null,
      name: s.name ?? null,
      vehicle_plate: s.vehiclePlate ?? null,
    })),
    actor_id: o.actorId,
    actor_label: o.actorLabel,
    history_detail: o.historyDetail,
  }));
  const newCase = statement.with<OpenedCaseColumn | 'actor_id' | 'actor_label'>(
    'new_case',
    `select x.*, nextval('cases_id_seq') as id,
            'CASE-' || x.reference_year || '-' || lpad(nextval('case_number_seq')::text, 6, '0') as reference
     from (select * from jsonb_to_recordset(${statement.param(JSON.stringify(input))}::jsonb) as r(
             ord int, source text, category text, unit_code text, informed_units text[], oversight boolean, county_code text,
             station_id text, walled_station_id text, title text, summary text, first_response_due_at timestamptz, opened_at timestamptz,
             reference_year text, subjects jsonb, actor_id bigint, actor_label text, history_detail jsonb)
           order by ord) x`,
  );
  statement.with(
    'opened',
    `insert into cases (id, reference, source, category, unit_code, informed_units, oversight, county_code, station_id, walled_station_id, title, summary, first_response_due_at, opened_at)
     select id, reference, source, category, unit_code, informed_units, oversight, county_code, station_id, walled_station_id, title, summary, first_response_due_at, opened_at from ${newCase}`,
  );
  statement.with(
    'subjects',
    `insert into case_subjects (case_id, service_number, name, vehicle_plate)
     select i.id, s.service_number, s.name, s.vehicle_plate
     from ${newCase} i, jsonb_to_recordset(i.subjects) as s(service_number text, name text, vehicle_plate text)`,
  );
  statement.with(
    'history',
    `insert into case_history (case_id, actor_id, actor_label, action, to_status, to_unit, detail)
     select id, actor_id, actor_label, 'opened', 'received', unit_code, history_detail from ${newCase}`,
  );
  auditIn(
    statement,
    statement.with<AuditColumn>(
      'case_opened_audit',
      `select actor_id, actor_label, 'case.open' as action, 'case' as subject_type, reference as subject_id, '{}'::jsonb as detail from ${newCase}`,
    ),
  );
  return newCase;
}

/** Opens any number of cases in one statement (see openCasesIn); the result lines up with the input. */
export async function insertOpenedCases(
  db: Queryable,
  openings: CaseOpening[],
): Promise<Array<{ id: string; reference: string }>> {
  const statement = new OneStatement();
  const opened = openCasesIn(statement, openings);
  return statement.run<{ id: string; reference: string }, OpenedCaseColumn>(db, opened, ['id', 'reference'], 'ord');
}

export interface HistoryEntry {
  caseId: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  fromUnit?: string | null;
  toUnit?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

export async function insertHistory(db: Queryable, e: HistoryEntry): Promise<void> {
  await db.query(
    `insert into case_history (case_id, actor_id, actor_label, action, from_status, to_status, from_unit, to_unit, reason, detail)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      e.caseId,
      e.actorId,
      e.actorLabel,
      e.action,
      e.fromStatus ?? null,
      e.toStatus ?? null,
      e.fromUnit ?? null,
      e.toUnit ?? null,
      e.reason ?? null,
      JSON.stringify(e.detail ?? {}),
    ],
  );
}

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
function wallsAdmit(actor: StaffActor, p: (value: unknown) => string): string {
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

/** Late for its first response at `now` (the parameter holding the platform clock's moment). */
const overdueAt = (now: string) =>
  `(c.first_responded_at is null and c.status <> 'closed' and c.first_response_due_at < ${now}::timestamptz)`;
const caseColumns = (now: string) =>
  `c.*, co.name as county_name, st.name as station_name, ${overdueAt(now)} as overdue`;
const caseJoins = `from cases c left join counties co on co.code = c.county_code left join stations st on st.id = c.station_id`;

export async function findVisibleCase(
  db: Queryable,
  actor: StaffActor,
  reference: string,
  now: Date,
): Promise<CaseRow | undefined> {
  const visible = visibilityCondition(actor, 3);
  const { rows } = await db.query<CaseRow>(
    `select ${caseColumns('$2')} ${caseJoins} where c.reference = $1 and ${visible.sql}`,
    [reference, now, ...visible.params],
  );
  return rows[0];
}

export async function findCaseById(db: Queryable, id: string, now: Date): Promise<CaseRow | undefined> {
  const { rows } = await db.query<CaseRow>(`select ${caseColumns('$2')} ${caseJoins} where c.id = $1`, [id, now]);
  return rows[0];
}

export async function lockCase(db: Queryable, id: string): Promise<void> {
  await db.query('select id from cases where id = $1 for update', [id]);
}

export interface QueueFilter {
  status?: string | undefined;
  category?: string | undefined;
  county?: string | undefined;
  overdue?: boolean | undefined;
  /** Full-text query. */
  q?: string | undefined;
  limit: number;
  offset: number;
  /** The platform clock's moment: overdue is judged at it. */
  now: Date;
}

export async function listVisibleCases(
  db: Queryable,
  actor: StaffActor,
  filter: QueueFilter,
): Promise<{ rows: CaseRow[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  const visible = visibilityCondition(actor, 1);
  params.push(...visible.params);
  where.push(visible.sql);
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.status === 'open') where.push(`c.status <> 'closed'`);
  else if (filter.status) where.push(`c.status = ${p(filter.status)}`);
  if (filter.category) where.push(`c.category = ${p(filter.category)}`);
  if (filter.county) where.push(`c.county_code = ${p(filter.county)}`);
  // the moment is a parameter only where a query reads it (the count reads it only through the overdue filter)
  let nowParam: string | undefined;
  const now = () => (nowParam ??= p(filter.now));
  if (filter.overdue) where.push(overdueAt(now()));
  let order = `overdue desc, c.first_response_due_at asc`;
  if (filter.q) {
    const q = p(filter.q);
    where.push(`c.search @@ websearch_to_tsquery('simple', ${q})`);
    order = `ts_rank(c.search, websearch_to_tsquery('simple', ${q})) desc, c.opened_at desc`;
  }
  const whereSql = where.join(' and ');
  const total = (await db.query<{ n: number }>(`select count(*)::int as n from cases c where ${whereSql}`, params))
    .rows[0]!.n;
  const { rows } = await db.query<CaseRow>(
    `select ${caseColumns(now())} ${caseJoins} where ${whereSql} order by ${order} limit ${p(filter.limit)} offset ${p(filter.offset)}`,
    params,
  );
  return { rows, total };
}

export async function updateStatus(
  db: Queryable,
  id: string,
  status: CaseStatus,
  outcome: string | null,
): Promise<void> {
  await db.query(
    `update cases set status = $2, outcome = $3, updated_at = now(),
       closed_at = case when $2 = 'closed' then now() else null end,
       first_responded_at = coalesce(first_responded_at, now())
     where id = $1`,
    [id, status, outcome],
  );
}

export async function updateUnit(db: Queryable, id: string, unitCode: string): Promise<void> {
  await db.query('update cases set unit_code = $2, updated_at = now() where id = $1', [id, unitCode]);
}

export async function markResponded(db: Queryable, id: string): Promise<void> {
  await db.query(
    'update cases set first_responded_at = coalesce(first_responded_at, now()), updated_at = now() where id = $1',
    [id],
  );
}

export interface HistoryRow {
  id: string;
  at: Date;
  actor_label: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  from_unit: string | null;
  to_unit: string | null;
  reason: string | null;
}

export async function listHistory(db: Queryable, caseId: string): Promise<HistoryRow[]> {
  return (await db.query<HistoryRow>('select * from case_history where case_id = $1 order by id', [caseId])).rows;
}

export interface SubjectRow {
  service_number: string | null;
  name: string | null;
  vehicle_plate: string | null;
}

export async function listSubjects(db: Queryable, caseId: string): Promise<SubjectRow[]> {
  return (
    await db.query<SubjectRow>(
      'select service_number, name, vehicle_plate from case_subjects where case_id = $1 order by id',
      [caseId],
    )
  ).rows;
}

export interface MessageRow {
  id: string;
  at: Date;
  direction: 'to_reporter' | 'from_reporter';
  body: string;
  author_label: string | null;
}

export async function insertMessage(
  db: Queryable,
  caseId: string,
  direction: MessageRow['direction'],
  authorId: string | null,
  body: string,
): Promise<void> {
  await db.query('insert into case_messages (case_id, direction, author_id, body) values ($1, $2, $3, $4)', [
    caseId,
    direction,
    authorId,
    body,
  ]);
}

export async function listMessages(db: Queryable, caseId: string): Promise<MessageRow[]> {
  const { rows } = await db.query<MessageRow>(
    `select m.id, m.at, m.direction, m.body, u.display_name as author_label
     from case_messages m left join users u on u.id = m.author_id where m.case_id = $1 order by m.id`,
    [caseId],
  );
  return rows;
}

export async function unitExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query('select 1 from units where code = $1', [code])).rowCount === 1;
}

// Directives: the IG's office directs a unit on a case; the unit's deliverable closes it.

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

/** Do the walls keep this person out of the case (named in it, posted at a walled station...), whatever their reach? */
export async function caseWallsOut(db: Queryable, actor: StaffActor, caseId: string): Promise<boolean> {
  const walls = wallCondition(actor, 2);
  return (
    (await db.query(`select 1 from cases c where c.id = $1 and ${walls.sql}`, [caseId, ...walls.params])).rowCount === 0
  );
}
