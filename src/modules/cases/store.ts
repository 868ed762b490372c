import type { Queryable } from '../../platform/db/database.ts';
import { OneStatement, type Relation } from '../../platform/db/statement.ts';
import { auditIn, type AuditColumn } from '../../platform/audit/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { kiswahiliStems } from '../../platform/text/index.ts';
import { visibilityCondition } from './walls.ts';

import type { CaseClocks, ClockName, NextDue } from './clocks/clocks.ts';

export type CaseStatus = 'received' | 'under_assessment' | 'under_investigation' | 'waiting_for_reporter' | 'closed';

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
  /** The person in the unit working it (migration 008-assignee). */
  assignee_id: string | null;
  /** Its clocks and where they stand (migration 010-clocks). */
  clocks: Partial<CaseClocks>;
  update_due_at: Date | null;
  resolution_due_at: Date | null;
  paused_at: Date | null;
  resume_status: CaseStatus | null;
  next_due_at: Date | null;
  next_clock: ClockName | null;
  warn_at: Date | null;
  evidence_count: number;
  county_name?: string | null;
  station_name?: string | null;
  assignee_name?: string | null;
  /** A clock has run out (the case is escalated). */
  overdue?: boolean;
  /** A clock is nearly out. */
  due_soon?: boolean;
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
  clocks: CaseClocks;
  /** Where its clocks stand at the opening. */
  firstResponseDueAt: Date;
  resolutionDueAt: Date | null;
  next: NextDue;
  evidenceCount: number;
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

/** What search finds a case by beyond its reference, title and summary (see migration 006-search). */
function searchTerms(opening: CaseOpening): string {
  const named = opening.subjects.flatMap((s) => [
    s.serviceNumber,
    s.serviceNumber?.replace(/\D/g, ''),
    s.name,
    s.vehiclePlate,
  ]);
  return [
    opening.case.category.replace(/_/g, ' '),
    ...named.filter((term): term is string => !!term),
    ...kiswahiliStems(`${opening.case.title} ${opening.case.summary}`),
  ].join(' ');
}

/** What a composed statement may read of the cases it opened: row `ord` is the case opened from openings[ord]. */
export type OpenedCaseColumn = 'ord' | 'id' | 'reference';

/** One opening as a row of the statement's input. */
function openingRow(o: CaseOpening, ord: number) {
  return {
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
    search_terms: searchTerms(o),
    clocks: o.case.clocks,
    first_response_due_at: o.case.firstResponseDueAt,
    resolution_due_at: o.case.resolutionDueAt,
    next_due_at: o.case.next.next_due_at,
    next_clock: o.case.next.next_clock,
    warn_at: o.case.next.warn_at,
    evidence_count: o.case.evidenceCount,
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
  };
}

/**
 * Adds to the statement the opening of any number of cases: each case with its reference, the
 * officers it names, its first history entry and its audit row (through platform/audit). Ids and
 * references are drawn in the input's order. Later steps (another module's rows that belong to
 * each case) read the returned relation.
 */
export function openCasesIn(statement: OneStatement, openings: CaseOpening[]): Relation<OpenedCaseColumn> {
  const input = openings.map(openingRow);
  const newCase = statement.with<OpenedCaseColumn | 'actor_id' | 'actor_label'>(
    'new_case',
    // six digits at least, and all of them past 999,999 (lpad would cut the seventh off)
    `select y.*, 'CASE-' || y.reference_year || '-' || lpad(y.number::text, greatest(6, length(y.number::text)), '0')
       as reference
     from (select x.*, nextval('cases_id_seq') as id, nextval('case_number_seq') as number
     from (select * from jsonb_to_recordset(${statement.param(JSON.stringify(input))}::jsonb) as r(
             ord int, source text, category text, unit_code text, informed_units text[], oversight boolean, county_code text,
             station_id text, walled_station_id text, title text, summary text, search_terms text,
             clocks jsonb, first_response_due_at timestamptz, resolution_due_at timestamptz, next_due_at timestamptz, next_clock text,
             warn_at timestamptz, evidence_count int, opened_at timestamptz,
             reference_year text, subjects jsonb, actor_id bigint, actor_label text, history_detail jsonb)
           order by ord) x offset 0) y`,
  );
  statement.with(
    'opened',
    `insert into cases (id, reference, source, category, unit_code, informed_units, oversight, county_code, station_id, walled_station_id, title, summary, search_terms,
       clocks, first_response_due_at, resolution_due_at, next_due_at, next_clock, warn_at, evidence_count, opened_at)
     select id, reference, source, category, unit_code, informed_units, oversight, county_code, station_id, walled_station_id, title, summary, search_terms,
       clocks, first_response_due_at, resolution_due_at, next_due_at, next_clock, warn_at, evidence_count, opened_at from ${newCase}`,
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
  /** The platform clock's moment, where the reporter is shown it (the database's time otherwise). */
  at?: Date;
}

export async function insertHistory(db: Queryable, e: HistoryEntry): Promise<void> {
  await db.query(
    `insert into case_history (case_id, actor_id, actor_label, action, from_status, to_status, from_unit, to_unit, reason, detail, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11::timestamptz, now()))`,
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
      e.at ?? null,
    ],
  );
}

/** Escalated at `now` (the parameter holding the platform clock's moment): one of its running clocks is out. */
export const overdueAt = (now: string) => `(c.next_due_at < ${now}::timestamptz)`;
/** One of its running clocks is nearly out at `now`. */
export const dueSoonAt = (now: string) => `(c.warn_at <= ${now}::timestamptz and c.next_due_at >= ${now}::timestamptz)`;
export const caseColumns = (now: string) =>
  `c.*, co.name as county_name, st.name as station_name, au.display_name as assignee_name, ${overdueAt(now)} as overdue,
   ${dueSoonAt(now)} as due_soon`;
export const caseJoins = `from cases c left join counties co on co.code = c.county_code left join stations st on st.id = c.station_id
  left join users au on au.id = c.assignee_id`;

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

export async function updateStatus(
  db: Queryable,
  id: string,
  status: CaseStatus,
  outcome: string | null,
  at: Date,
): Promise<void> {
  // closed_at is the platform clock's moment: the reporter's time to reply after closure runs from it
  await db.query(
    `update cases set status = $2, outcome = $3, updated_at = $4,
       closed_at = case when $2 = 'closed' then $4::timestamptz else null end
     where id = $1`,
    [id, status, outcome, at],
  );
}

export async function updateUnit(db: Queryable, id: string, unitCode: string): Promise<void> {
  await db.query('update cases set unit_code = $2, updated_at = now() where id = $1', [id, unitCode]);
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
  detail: Record<string, unknown>;
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

/** A case's id by its reference, for a source module that holds the case's id (no visibility: the caller checks). */
export async function caseIdByReference(db: Queryable, reference: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>('select id from cases where reference = $1', [reference]);
  return rows[0]?.id;
}
