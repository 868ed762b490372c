import { DAY_MS } from '../../platform/time/index.ts';
import type { CaseRow, CaseStatus, HistoryRow } from './store.ts';

// What the reporter sees of a case's life: when it was received, when someone took it up, each change of status
// (with the outcome and what they were told), a hand-over to another unit, a reopening by their own reply. Never
// the staff's reasons, their notes, or who they are.

export type TimelineStep =
  | { kind: 'received'; at: Date }
  | { kind: 'assigned'; at: Date }
  | { kind: 'status'; at: Date; status: CaseStatus; outcome: string | null; note: string | null }
  | { kind: 'reassigned'; at: Date; unit: string }
  | { kind: 'reopened'; at: Date };

export function reporterTimeline(c: Pick<CaseRow, 'opened_at'>, history: HistoryRow[]): TimelineStep[] {
  const steps: TimelineStep[] = [{ kind: 'received', at: c.opened_at }];
  let assigned = false;
  for (const e of history) {
    if (e.action === 'assigned' && !assigned && e.detail.to) {
      assigned = true;
      steps.push({ kind: 'assigned', at: e.at });
    } else if (e.action === 'status' && e.to_status) {
      const { outcome, publicNote } = e.detail as { outcome?: string; publicNote?: string };
      steps.push({
        kind: 'status',
        at: e.at,
        status: e.to_status as CaseStatus,
        outcome: outcome ?? null,
        note: publicNote ?? null,
      });
    } else if (e.action === 'resumed' && e.to_status) {
      // the reporter answered a case that waited for them
      steps.push({ kind: 'status', at: e.at, status: e.to_status as CaseStatus, outcome: null, note: null });
    } else if (e.action === 'reassigned' && e.to_unit) steps.push({ kind: 'reassigned', at: e.at, unit: e.to_unit });
    else if (e.action === 'reopened') steps.push({ kind: 'reopened', at: e.at });
  }
  return steps;
}
/** How long after a case is closed its reporter may still reply, which opens it again. */
export const REPLY_AFTER_CLOSE_DAYS = 30;

/** Until when the reporter of a closed case may reply (undefined while it is open). */
export function replyAllowedUntil(closedAt: Date | null): Date | undefined {
  return closedAt ? new Date(closedAt.getTime() + REPLY_AFTER_CLOSE_DAYS * DAY_MS) : undefined;
}
