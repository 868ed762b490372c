import type { Queryable } from '../../platform/db/database.ts';
import type { EscalationStep } from './store.ts';

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
