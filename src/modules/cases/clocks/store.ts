import type { Queryable } from '../../../platform/db/database.ts';
import type { ClockTimes, NextDue } from './clocks.ts';

/** Writes a case's clock times and what runs out next; `resumeStatus` is where a case waiting for the reporter returns. */
export async function saveClockTimes(
  db: Queryable,
  caseId: string,
  t: ClockTimes & NextDue,
  resumeStatus: string | null,
  now: Date,
): Promise<void> {
  await db.query(
    `update cases set updated_at = $11, first_response_due_at = $2, first_responded_at = $3, update_due_at = $4, resolution_due_at = $5,
       paused_at = $6, resume_status = $7, next_due_at = $8, next_clock = $9, warn_at = $10
     where id = $1`,
    [
      caseId,
      t.first_response_due_at,
      t.first_responded_at,
      t.update_due_at,
      t.resolution_due_at,
      t.paused_at,
      resumeStatus,
      t.next_due_at,
      t.next_clock,
      t.warn_at,
      now,
    ],
  );
}

/** More evidence reached a case from its source (the queue's evidence column). */
export async function addEvidenceCount(db: Queryable, caseId: string, files: number): Promise<void> {
  await db.query('update cases set evidence_count = evidence_count + $2 where id = $1', [caseId, files]);
}
