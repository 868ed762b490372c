import type { Queryable } from '../../../platform/db/database.ts';
import type { CaseRow, CaseStatus } from '../store.ts';
import { afterReporterMessage, afterUpdate, nextDue, resumed, type ClockTimes } from './clocks.ts';
import { saveClockTimes } from './store.ts';

// How each event of a case moves its clocks, inside the transaction that records the event.

const timesOf = (c: CaseRow): ClockTimes => ({
  status: c.status,
  first_response_due_at: c.first_response_due_at,
  first_responded_at: c.first_responded_at,
  update_due_at: c.update_due_at,
  resolution_due_at: c.resolution_due_at,
  paused_at: c.paused_at,
});

async function save(client: Queryable, c: CaseRow, t: ClockTimes, resumeStatus: string | null, now: Date) {
  await saveClockTimes(client, c.id, { ...t, ...nextDue(c.clocks, t) }, resumeStatus, now);
}

/**
 * The unit moved the case to `status`: that tells the reporter something (the first response, an update). Waiting
 * for the reporter holds the clocks; leaving it resumes them; closing stops them.
 */
export async function clocksOnStatus(client: Queryable, c: CaseRow, status: CaseStatus, now: Date): Promise<void> {
  let t = timesOf(c);
  if (c.paused_at) t = resumed(c.clocks, t, c.paused_at, now);
  t = { ...afterUpdate(c.clocks, t, now), status };
  const waiting = status === 'waiting_for_reporter';
  if (waiting) t.paused_at = now;
  await save(client, c, t, waiting ? (c.resume_status ?? c.status) : null, now);
}

/** The unit wrote to the reporter: the first response, or an update. */
export async function clocksOnMessage(client: Queryable, c: CaseRow, now: Date): Promise<void> {
  const t = timesOf(c);
  // while the case waits for the reporter its clocks stand still: only the first response is noted
  const moved = c.paused_at ? { ...t, first_responded_at: t.first_responded_at ?? now } : afterUpdate(c.clocks, t, now);
  await save(client, c, moved, c.resume_status, now);
}

/**
 * The reporter wrote. A case that was closed (reopened now) or waiting for them resumes its clocks from where they
 * stood, as `status`; either way the unit owes an answer within the update clock.
 */
export async function clocksOnReporterMessage(
  client: Queryable,
  c: CaseRow,
  status: CaseStatus,
  now: Date,
): Promise<void> {
  let t = timesOf(c);
  const stoppedAt = c.status === 'closed' ? c.closed_at : c.paused_at;
  if (stoppedAt) t = resumed(c.clocks, t, stoppedAt, now);
  t = afterReporterMessage(c.clocks, { ...t, status }, now);
  await save(client, c, t, null, now);
}
