import type { Queryable } from '../../platform/db/database.ts';

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
