import type { Queryable } from '../../../platform/db/database.ts';
import type { NoticeRow } from '../store.ts';

// The SQL of the supervisors' side of notices: the station's list, withdrawals and their counts, and the
// escalation of notices left unpaid.

export const LIST_PAGE_SIZE = 20;

export interface ListedNotice {
  number: string;
  kind: NoticeRow['kind'];
  status: NoticeRow['status'];
  amount_cents: string;
  paid_cents: string;
  vehicle_registration: string;
  issued_at: Date;
  due_at: Date;
  issued_by_name: string;
}

/** Whose notices a list shows: a station's (its commander) or one officer's own. */
export type ListScope = { stationId: string } | { issuedBy: string };

export async function listNotices(
  db: Queryable,
  scope: ListScope,
  filter: { status: string | null; page: number },
): Promise<{ rows: ListedNotice[]; total: number }> {
  const [column, value] = 'stationId' in scope ? ['n.station_id', scope.stationId] : ['n.issued_by', scope.issuedBy];
  const { rows } = await db.query<ListedNotice & { total: string }>(
    `select n.number, n.kind, n.status, n.amount_cents, n.paid_cents, n.vehicle_registration, n.issued_at, n.due_at,
       u.display_name as issued_by_name, count(*) over () as total
     from fine_notices n join users u on u.id = n.issued_by
     where ${column} = $1 and ($2::text is null or n.status = $2)
     order by n.issued_at desc, n.id desc
     limit $3 offset $4`,
    [value, filter.status, LIST_PAGE_SIZE, (filter.page - 1) * LIST_PAGE_SIZE],
  );
  const total = rows[0] ? Number(rows[0].total) : await countNotices(db, column, value, filter.status);
  return { rows, total };
}

/** The count when the page asked for is past the end (no row carries the total). */
async function countNotices(db: Queryable, column: string, value: string, status: string | null): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `select count(*) as n from fine_notices n where ${column} = $1 and ($2::text is null or n.status = $2)`,
    [value, status],
  );
  return Number(rows[0]!.n);
}

export interface OfficerCount {
  officer: string;
  service_number: string | null;
  issued: number;
  withdrawn: number;
}

/** Per officer who issued notices at the station: how many, and how many of them were withdrawn. */
export async function withdrawalCounts(db: Queryable, stationId: string): Promise<OfficerCount[]> {
  const { rows } = await db.query<OfficerCount>(
    `select u.display_name as officer, u.service_number, count(*)::int as issued,
       (count(*) filter (where n.status = 'withdrawn'))::int as withdrawn
     from fine_notices n join users u on u.id = n.issued_by
     where n.station_id = $1
     group by u.id, u.display_name, u.service_number
     order by withdrawn desc, issued desc, u.display_name`,
    [stationId],
  );
  return rows;
}

/** The user who issued a notice (its row as read elsewhere carries only their name). */
export async function issuerOf(db: Queryable, noticeId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ issued_by: string }>('select issued_by from fine_notices where id = $1', [
    noticeId,
  ]);
  return rows[0]?.issued_by;
}

export interface PaymentLine {
  channel: 'mpesa' | 'bank';
  reference: string;
  amount_cents: string;
  credited_cents: string;
  suspense_reason: string | null;
  paid_at: Date;
}

export async function paymentsOf(db: Queryable, noticeId: string): Promise<PaymentLine[]> {
  const { rows } = await db.query<PaymentLine>(
    `select channel, reference, amount_cents, credited_cents, suspense_reason, paid_at
     from fine_payments where notice_id = $1 order by recorded_at, id`,
    [noticeId],
  );
  return rows;
}

/**
 * Withdraws a notice with nothing paid on it, with its reason and the commander who did it, and records
 * the event, in one statement; false when it was paid, partly paid, or already settled meanwhile (the
 * notice's row is locked as a payment locks it, so a payment and a withdrawal never both happen).
 */
export async function withdraw(
  db: Queryable,
  w: { noticeId: string; by: string; reason: string; at: Date },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `with withdrawn as (
       update fine_notices set status = 'withdrawn', withdrawn_by = $2, withdrawn_reason = $3, settled_at = $4
       where id = $1 and status in ('unpaid', 'overdue') and paid_cents = 0
       returning id
     )
     insert into fine_notice_events (notice_id, kind, at, by_user, detail)
     select id, 'withdrawn', $4, $2, jsonb_build_object('reason', $3::text) from withdrawn`,
    [w.noticeId, w.by, w.reason, w.at],
  );
  return rowCount === 1;
}

export interface DueReminder {
  id: string;
  number: string;
  vehicle_registration: string;
  driver_phone: string | null;
  language: 'en' | 'sw';
  balance_cents: string;
  due_at: Date;
}

/**
 * Unpaid fines past their due date, not yet past the grace period, never reminded: locked for this
 * run (another instance running at once skips them).
 */
export async function claimDueReminders(db: Queryable, now: Date, graceDays: number, limit: number) {
  const { rows } = await db.query<DueReminder>(
    `select n.id, n.number, n.vehicle_registration, n.driver_phone, n.language,
       n.amount_cents - n.paid_cents as balance_cents, n.due_at
     from fine_notices n
     where n.status = 'unpaid' and n.kind = 'fine' and n.due_at <= $1
       and n.due_at + make_interval(days => $2) > $1
       and not exists (select 1 from fine_notice_events e where e.notice_id = n.id and e.kind = 'reminded')
     order by n.due_at limit $3
     for update of n skip locked`,
    [now, graceDays, limit],
  );
  return rows;
}

/** The reminder's event; once per notice (a second one is ignored). */
export async function addReminder(db: Queryable, noticeId: string, at: Date, detail: Record<string, unknown>) {
  const { rowCount } = await db.query(
    `insert into fine_notice_events (notice_id, kind, at, detail) values ($1, 'reminded', $2, $3)
     on conflict (notice_id, kind) where kind in ('reminded', 'flagged-for-court', 'withdrawn') do nothing`,
    [noticeId, at, JSON.stringify(detail)],
  );
  return rowCount === 1;
}

/**
 * Flags for court every unpaid fine past its due date and the grace period: status 'overdue' and the
 * event, in one statement. A notice moves from 'unpaid' once, so two runs at once flag it once.
 */
export async function flagOverdue(db: Queryable, now: Date, graceDays: number, limit: number): Promise<number> {
  const { rowCount } = await db.query(
    `with due as (
       select id from fine_notices
       where status = 'unpaid' and kind = 'fine' and due_at + make_interval(days => $2) <= $1
       order by due_at limit $3
       for update skip locked
     ), flagged as (
       update fine_notices n set status = 'overdue', settled_at = $1
       from due where n.id = due.id and n.status = 'unpaid'
       returning n.id, n.amount_cents - n.paid_cents as balance, n.due_at
     )
     insert into fine_notice_events (notice_id, kind, at, detail)
     select id, 'flagged-for-court', $1,
       jsonb_build_object('balanceCents', balance, 'dueAt', due_at, 'graceDays', $2::int)
     from flagged
     on conflict (notice_id, kind) where kind in ('reminded', 'flagged-for-court', 'withdrawn') do nothing`,
    [now, graceDays, limit],
  );
  return rowCount ?? 0;
}
