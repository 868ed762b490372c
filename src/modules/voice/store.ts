import type { StaffActor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { voiceVisibility } from './visibility.ts';

export type VoiceKind = 'grievance' | 'harassment' | 'whistleblowing' | 'resignation' | 'counselling';

export interface NewSubmission {
  kind: VoiceKind;
  topic: string | null;
  subject: string;
  body: string;
  meetingRequested: boolean;
  identityProtected: boolean;
  authorId: string;
  authorServiceNumber: string;
  authorStationId: string | null;
  unitCode: string;
  sha256: string;
  receivedAt: Date;
  acknowledgeDueAt: Date;
  named: Array<{ serviceNumber: string | null; name: string | null }>;
  attachments: Array<{ sha256: string; sizeBytes: number; mediaType: string; fileName: string }>;
}

export interface SubmissionRow {
  id: string;
  registry_number: string;
  kind: VoiceKind;
  topic: string | null;
  subject: string;
  body: string;
  meeting_requested: boolean;
  identity_protected: boolean;
  author_id: string;
  author_service_number: string;
  author_station_id: string | null;
  unit_code: string;
  sha256: string;
  received_at: Date;
  acknowledge_due_at: Date;
  acknowledged_at: Date | null;
  receipt: Record<string, string>;
  overdue: boolean;
  author_name?: string | null;
  station_name?: string | null;
  outcome: 'accepted' | 'declined' | 'referred' | 'withdrawn' | null;
  outcome_effective_date: string | null;
  outcome_reasons: string | null;
  outcome_referred_to: string | null;
  outcome_at: Date | null;
  escalations: EscalationStep[];
  assigned_unit: string | null;
  case_reference: string | null;
  /** Units the identity custodian has told who wrote a protected letter. */
  revealed_to: string[];
}

export type EscalationStep = 'registry_head' | 'npsc' | 'decision_overdue';

/** The next registry number, e.g. IGR-2026-000123 (`year`: the year of receipt, local time). */
export async function nextRegistryNumber(db: Queryable, year: string): Promise<string> {
  const { rows } = await db.query<{ n: string }>(
    `select 'IGR-' || $1::text || '-' || lpad(v::text, greatest(6, length(v::text)), '0') as n
     from (select nextval('voice_registry_seq') as v) s`,
    [year],
  );
  return rows[0]!.n;
}

export async function insertSubmission(
  db: Queryable,
  registryNumber: string,
  s: NewSubmission,
  receipt: object,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `with submission as (
       insert into voice_submissions (registry_number, kind, topic, subject, body, meeting_requested, identity_protected, author_id, author_service_number,
         author_station_id, unit_code, sha256, received_at, acknowledge_due_at, receipt)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       returning id
     ), named as (
       insert into voice_named_officers (submission_id, service_number, name)
       select submission.id, n.service_number, n.name from submission, jsonb_to_recordset($16::jsonb) as n(service_number text, name text)
     ), attached as (
       insert into voice_attachments (submission_id, sha256, size_bytes, media_type, file_name)
       select submission.id, f.doc->>'sha256', (f.doc->>'size_bytes')::bigint, f.doc->>'media_type', f.doc->>'file_name'
       from submission, jsonb_array_elements($17::jsonb) with ordinality as f(doc, ord)
       order by f.ord
     ), received as (
       insert into voice_events (submission_id, at, action, actor_id, actor_label, detail)
       select submission.id, $13, 'received', null, 'IG''s office registry', jsonb_build_object('unit', $11::text) from submission
     )
     select id from submission`,
    [
      registryNumber,
      s.kind,
      s.topic,
      s.subject,
      s.body,
      s.meetingRequested,
      s.identityProtected,
      s.authorId,
      s.authorServiceNumber,
      s.authorStationId,
      s.unitCode,
      s.sha256,
      s.receivedAt,
      s.acknowledgeDueAt,
      JSON.stringify(receipt),
      JSON.stringify(s.named.map((n) => ({ service_number: n.serviceNumber, name: n.name }))),
      JSON.stringify(
        s.attachments.map((f) => ({
          sha256: f.sha256,
          size_bytes: f.sizeBytes,
          media_type: f.mediaType,
          file_name: f.fileName,
        })),
      ),
    ],
  );
  return rows[0]!.id;
}

/** The letters' columns; `now` is the parameter holding the platform clock's moment (overdue is judged at it). */
const select = (
  now: string,
) => `select v.*, (v.acknowledged_at is null and v.acknowledge_due_at < ${now}::timestamptz) as overdue,
    o.name as author_name, st.name as station_name,
    coalesce((select array_agg(e.step order by e.at, array_position(array['registry_head', 'npsc', 'decision_overdue'], e.step)) from voice_escalations e where e.submission_id = v.id), '{}') as escalations,
    a.unit_code as assigned_unit, a.case_reference,
    coalesce((select array_agg(distinct ir.unit_code) from voice_identity_reveals ir where ir.submission_id = v.id), '{}') as revealed_to,
    r.outcome, to_char(r.effective_date, 'YYYY-MM-DD') as outcome_effective_date, r.reasons as outcome_reasons, r.referred_to as outcome_referred_to, r.at as outcome_at
  from voice_submissions v
  left join officers o on o.service_number = coalesce(v.author_service_number_canonical, v.author_service_number)
  left join stations st on st.id = v.author_station_id
  left join voice_resignation_outcomes r on r.submission_id = v.id
  left join voice_assignments a on a.submission_id = v.id`;

export async function findVisible(
  db: Queryable,
  actor: StaffActor,
  registryNumber: string,
  now: Date,
): Promise<SubmissionRow | undefined> {
  const wall = voiceVisibility(actor, 3);
  const { rows } = await db.query<SubmissionRow>(`${select('$2')} where v.registry_number = $1 and ${wall.sql}`, [
    registryNumber,
    now,
    ...wall.params,
  ]);
  return rows[0];
}

export async function listByAuthor(db: Queryable, authorId: string, now: Date): Promise<SubmissionRow[]> {
  return (
    await db.query<SubmissionRow>(`${select('$2')} where v.author_id = $1 order by v.id desc limit 200`, [
      authorId,
      now,
    ])
  ).rows;
}

export interface InboxFilter {
  kind?: VoiceKind | undefined;
  waiting?: boolean | undefined;
  escalated?: boolean | undefined;
}

/** What the reader's wall lets them see, unacknowledged and overdue first. */
export async function listInbox(
  db: Queryable,
  actor: StaffActor,
  filter: InboxFilter,
  limit: number,
  now: Date,
): Promise<SubmissionRow[]> {
  const wall = voiceVisibility(actor, 2);
  const params: unknown[] = [now, ...wall.params];
  const where = [wall.sql, 'v.author_id <> $' + (params.push(actor.id), params.length)];
  if (filter.kind) where.push(`v.kind = $${(params.push(filter.kind), params.length)}`);
  if (filter.waiting) where.push('v.acknowledged_at is null');
  if (filter.escalated) where.push('exists (select 1 from voice_escalations e where e.submission_id = v.id)');
  params.push(limit);
  return (
    await db.query<SubmissionRow>(
      `${select('$1')} where ${where.join(' and ')}
       order by (v.acknowledged_at is null) desc, v.acknowledge_due_at, v.id desc limit $${params.length}`,
      params,
    )
  ).rows;
}

export interface EventRow {
  id: string;
  at: Date;
  action: string;
  actor_label: string;
  detail: Record<string, unknown>;
}

export async function listEvents(db: Queryable, submissionId: string): Promise<EventRow[]> {
  return (
    await db.query<EventRow>(
      'select id, at, action, actor_label, detail from voice_events where submission_id = $1 order by id',
      [submissionId],
    )
  ).rows;
}

export async function listNamed(
  db: Queryable,
  submissionId: string,
): Promise<Array<{ service_number: string | null; name: string | null }>> {
  return (
    await db.query('select service_number, name from voice_named_officers where submission_id = $1 order by id', [
      submissionId,
    ])
  ).rows;
}

export async function findHashByRegistryNumber(
  db: Queryable,
  registryNumber: string,
): Promise<{ sha256: string } | undefined> {
  return (
    await db.query<{ sha256: string }>('select sha256 from voice_submissions where registry_number = $1', [
      registryNumber,
    ])
  ).rows[0];
}

/** The letter a case was opened for, if any (the case page links to it). */
export async function findByCaseReference(
  db: Queryable,
  caseReference: string,
): Promise<{ registry_number: string; kind: VoiceKind } | undefined> {
  return (
    await db.query(
      `select v.registry_number, v.kind from voice_assignments a join voice_submissions v on v.id = a.submission_id where a.case_reference = $1`,
      [caseReference],
    )
  ).rows[0];
}

export interface AttachmentRow {
  sha256: string;
  size_bytes: number;
  media_type: string;
  file_name: string;
}

export async function listAttachments(db: Queryable, submissionId: string): Promise<AttachmentRow[]> {
  return (
    await db.query<AttachmentRow>(
      'select sha256, size_bytes::float8 as size_bytes, media_type, file_name from voice_attachments where submission_id = $1 order by id',
      [submissionId],
    )
  ).rows;
}
