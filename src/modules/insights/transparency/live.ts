import { inTransaction } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/module.ts';
import { addDays, addMonths, localDate } from '../../../platform/time/index.ts';
import { directiveColumns, TOTAL_ROW } from './catalogue.ts';
import { monthSpan } from './release.ts';
import * as store from './store.ts';
import type { Row } from './tables.ts';

/**
 * What the IG promised and directed in public, read when asked: each commitment and each public directive is
 * published one by one already (on #EngageTheIG's commitments page and the directives page), so these are
 * shown as they stand now, not frozen with a month's release, and no count of them is hidden.
 */

export type CommitmentStatus = 'kept' | 'kept_late' | 'overdue' | 'due';

export interface Commitment {
  id: string;
  session: string;
  /** Calendar dates in the jurisdiction's zone. */
  sessionDate: string;
  promise: string;
  unitCode: string;
  dueDate: string;
  status: CommitmentStatus;
  keptDate: string | null;
  note: string | null;
  /** Made in a session of the month asked about (else an earlier one, still overdue). */
  ofMonth: boolean;
}

export interface LiveFigures {
  at: Date;
  snapshot: string;
  commitments: { all: store.CommitmentCounts; list: Commitment[] };
  directives: store.DirectiveCounts[];
}

function statusOf(c: store.CommitmentRow, now: Date): CommitmentStatus {
  if (c.done_at) return c.done_at <= c.due_at ? 'kept' : 'kept_late';
  return c.due_at < now ? 'overdue' : 'due';
}

/** Commitments and public directives for a month ("YYYY-MM"), from one read-only snapshot. */
export async function liveFigures(platform: Platform, month: string): Promise<LiveFigures> {
  const zone = platform.config.jurisdiction.timeZone;
  const now = platform.clock.now();
  const { from, to } = monthSpan(month, zone);
  const lastDay = addDays(`${addMonths(month, 1)}-01`, -1);
  return inTransaction(platform.db.pool, async (client) => {
    const snapshot = await store.readOnlySnapshot(client);
    const c = await store.commitments(client, from, to, now);
    const directives = await store.directives(client, `${month}-01`, lastDay, localDate(now, zone), zone);
    const list = c.rows.map((r): Commitment => ({
      id: r.id,
      session: r.hashtag,
      sessionDate: localDate(r.session_at, zone),
      promise: r.body,
      unitCode: r.unit_code,
      dueDate: localDate(r.due_at, zone),
      status: statusOf(r, now),
      keptDate: r.done_at ? localDate(r.done_at, zone) : null,
      note: r.done_note,
      ofMonth: r.session_at >= from && r.session_at < to,
    }));
    return { at: now, snapshot, commitments: { all: c.all, list }, directives };
  });
}

/** The commitments made in the month's sessions, as the open data's rows. */
export function commitmentRows(live: LiveFigures): Row[] {
  return live.commitments.list
    .filter((c) => c.ofMonth)
    .map((c) => ({
      id: Number(c.id),
      session: c.session,
      session_date: c.sessionDate,
      promise: c.promise,
      unit_code: c.unitCode,
      due_date: c.dueDate,
      status: c.status,
      kept_date: c.keptDate,
      note: c.note,
    }));
}

/** Public directives due in the month by unit, then all units together. */
export function directiveRows(live: LiveFigures): Row[] {
  const rows = live.directives.map((d): Row => {
    const row: Row = { unit_code: d.unit_code };
    for (const col of directiveColumns) row[col] = d[col];
    row.directives = directiveColumns.reduce((n, col) => n + d[col], 0);
    return row;
  });
  const total: Row = { unit_code: TOTAL_ROW };
  for (const col of [...directiveColumns, 'directives']) total[col] = rows.reduce((n, r) => n + (r[col] as number), 0);
  return [...rows, total];
}
