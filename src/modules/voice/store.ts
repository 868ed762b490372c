import type { StaffActor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { canonicalServiceNumber, serviceNumberKey } from '../../jurisdiction/kenya/index.ts';

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

/** The next registry number, e.g. IGR-2026-000123 (`year`: the year of receipt, local time). */
export async function nextRegistryNumber(db: Queryable, year: string): Promise<string> {
  const { rows } = await db.query<{ n: string }>(
    `select 'IGR-' || $1::text || '-' || lpad(nextval('voice_registry_seq')::text, 6, '0') as n`,
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

export async function markAcknowledged(
  db: Queryable,
  id: string,
  actorId: string,
  actorLabel: string,
  at: Date,
): Promise<boolean> {
  const { rows } = await db.query<{ id: string }>(
    `with done as (
       update voice_submissions set acknowledged_at = $3, acknowledged_by = $2 where id = $1 and acknowledged_at is null returning id
     ), event as (
       insert into voice_events (submission_id, at, action, actor_id, actor_label) select id, $3, 'acknowledged', $2, $4 from done
     )
     select id from done`,
    [id, actorId, at, actorLabel],
  );
  return rows.length > 0;
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

export interface ResignationOutcome {
  outcome: 'accepted' | 'declined' | 'referred' | 'withdrawn';
  effectiveDate: string | null;
  reasons: string | null;
  referredTo: string | null;
}

/** Records the outcome and its event, once: false when the request already had one. */
export async function insertResignationOutcome(
  db: Queryable,
  submissionId: string,
  o: ResignationOutcome,
  actorId: string,
  actorLabel: string,
  at: Date,
): Promise<boolean> {
  const { rows } = await db.query<{ submission_id: string }>(
    `with outcome as (
       insert into voice_resignation_outcomes (submission_id, outcome, effective_date, reasons, referred_to, actor_id, at)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (submission_id) do nothing
       returning submission_id
     ), event as (
       insert into voice_events (submission_id, at, action, actor_id, actor_label, detail)
       select submission_id, $7, case when $2 = 'withdrawn' then 'withdrawn' else 'decided' end, $6, $8, jsonb_build_object('outcome', $2::text) from outcome
     )
     select submission_id from outcome`,
    [submissionId, o.outcome, o.effectiveDate, o.reasons, o.referredTo, actorId, at, actorLabel],
  );
  return rows.length > 0;
}

export type EscalationStep = 'registry_head' | 'npsc' | 'decision_overdue';

/**
 * Records every escalation step that is due at `now` and not yet recorded (for one letter, or all),
 * with its event for the writer, in one statement. A step's primary key means a repeated or
 * concurrent run records nothing twice. The second acknowledgement step comes one more clock
 * (the letter's own acknowledgement period) after the first.
 */
export async function recordDueEscalations(
  db: Queryable,
  now: Date,
  resignationDecisionDays: number,
  submissionId?: string,
): Promise<Array<{ submission_id: string; step: EscalationStep }>> {
  const { rows } = await db.query<{ submission_id: string; step: EscalationStep }>(
    `with due as (
       select v.id, s.step
       from voice_submissions v
       left join voice_resignation_outcomes r on r.submission_id = v.id
       cross join lateral (values
         ('registry_head', v.acknowledged_at is null and v.acknowledge_due_at <= $1),
         ('npsc', v.acknowledged_at is null and v.acknowledge_due_at + (v.acknowledge_due_at - v.received_at) <= $1),
         ('decision_overdue', v.kind = 'resignation' and r.submission_id is null and v.received_at + $2 * interval '1 day' <= $1)
       ) as s(step, is_due)
       where s.is_due and (v.acknowledged_at is null or (v.kind = 'resignation' and r.submission_id is null))
         and ($3::bigint is null or v.id = $3::bigint)
         and not exists (select 1 from voice_escalations e where e.submission_id = v.id and e.step = s.step)
       order by v.id
     ), recorded as (
       insert into voice_escalations (submission_id, step, at) select id, step, $1 from due
       on conflict do nothing
       returning submission_id, step
     ), events as (
       insert into voice_events (submission_id, at, action, actor_id, actor_label, detail)
       select submission_id, $1, 'escalated', null, 'Sauti', jsonb_build_object('step', step) from recorded
       order by submission_id, array_position(array['registry_head', 'npsc', 'decision_overdue'], step)
     )
     select submission_id, step from recorded`,
    [now, resignationDecisionDays, submissionId ?? null],
  );
  return rows;
}

export async function listEscalations(
  db: Queryable,
  submissionId: string,
): Promise<Array<{ step: EscalationStep; at: Date }>> {
  return (
    await db.query(
      `select step, at from voice_escalations where submission_id = $1 order by at, array_position(array['registry_head', 'npsc', 'decision_overdue'], step)`,
      [submissionId],
    )
  ).rows;
}

/** Records the unit a letter is assigned to and its case, with the writer's event; once per letter. */
export async function insertAssignment(
  db: Queryable,
  a: { submissionId: string; unitCode: string; caseReference: string; actorId: string; actorLabel: string; at: Date },
): Promise<boolean> {
  const { rows } = await db.query(
    `with assigned as (
       insert into voice_assignments (submission_id, unit_code, case_reference, assigned_by, at) values ($1, $2, $3, $4, $5)
       on conflict (submission_id) do nothing returning submission_id
     ), event as (
       insert into voice_events (submission_id, at, action, actor_id, actor_label, detail)
       select submission_id, $5, 'assigned', $4, $6, jsonb_build_object('unit', $2::text) from assigned
     )
     select submission_id from assigned`,
    [a.submissionId, a.unitCode, a.caseReference, a.actorId, a.at, a.actorLabel],
  );
  return rows.length > 0;
}

/** The identity custodian tells a unit who wrote a protected letter: the reason is kept, the writer sees that it happened. */
export async function insertIdentityReveal(
  db: Queryable,
  r: { submissionId: string; unitCode: string; reason: string; actorId: string; actorLabel: string; at: Date },
): Promise<void> {
  await db.query(
    `with revealed as (
       insert into voice_identity_reveals (submission_id, unit_code, reason, revealed_by, at) values ($1, $2, $3, $4, $5) returning submission_id
     )
     insert into voice_events (submission_id, at, action, actor_id, actor_label, detail)
     select submission_id, $5, 'identity_revealed', $4, $6, jsonb_build_object('unit', $2::text) from revealed`,
    [r.submissionId, r.unitCode, r.reason, r.actorId, r.at, r.actorLabel],
  );
}

export async function listIdentityReveals(
  db: Queryable,
  submissionId: string,
): Promise<Array<{ unit_code: string; reason: string; at: Date; revealed_by_name: string }>> {
  return (
    await db.query(
      `select r.unit_code, r.reason, r.at, u.display_name as revealed_by_name from voice_identity_reveals r join users u on u.id = r.revealed_by
       where r.submission_id = $1 order by r.id`,
      [submissionId],
    )
  ).rows;
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
