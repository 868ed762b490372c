import type { Queryable } from '../../../platform/db/database.ts';

// Reconciliation's SQL: the figures of a period per station, what does not add up in the ledger, the
// suspense list, and the runs kept.

/** One station's figures for a period (fine notices only: warnings and court notices ask for no money). */
export interface StationFigures {
  stationId: string;
  stationName: string;
  /** notices issued in the period, and what they asked for */
  issued: number;
  issuedCents: number;
  /** notices that became paid, contested or withdrawn in the period (and still are) */
  paid: number;
  contested: number;
  withdrawn: number;
  /** notices unpaid past their due date at the end of the period (flagged for court or not yet) */
  overdue: number;
  /** money credited to the station's notices by payments recorded in the period, all and by channel */
  collectedCents: number;
  mpesaCents: number;
  bankCents: number;
}

const n = (v: unknown) => Number(v ?? 0);

export async function stationFigures(db: Queryable, start: Date, end: Date): Promise<StationFigures[]> {
  const { rows } = await db.query<Record<string, string>>(
    `with issued as (
       select station_id, count(*) as n, sum(amount_cents) as cents from fine_notices
       where kind = 'fine' and issued_at >= $1 and issued_at < $2 group by station_id
     ), settled as (
       select station_id, count(*) filter (where status = 'paid') as paid,
         count(*) filter (where status = 'contested') as contested,
         count(*) filter (where status = 'withdrawn') as withdrawn
       from fine_notices where kind = 'fine' and settled_at >= $1 and settled_at < $2 group by station_id
     ), overdue as (
       select station_id, count(*) as n from fine_notices
       where kind = 'fine' and due_at < $2 and (status in ('unpaid', 'overdue') or settled_at >= $2)
       group by station_id
     ), collected as (
       select n.station_id, sum(p.credited_cents) as cents,
         coalesce(sum(p.credited_cents) filter (where p.channel = 'mpesa'), 0) as mpesa,
         coalesce(sum(p.credited_cents) filter (where p.channel = 'bank'), 0) as bank
       from fine_payments p join fine_notices n on n.id = p.notice_id
       where p.recorded_at >= $1 and p.recorded_at < $2 and p.credited_cents > 0 group by n.station_id
     ), ids as (
       select station_id from issued union select station_id from settled
       union select station_id from overdue union select station_id from collected
     )
     select s.id, s.name, i.n as issued, i.cents as issued_cents, st.paid, st.contested, st.withdrawn,
       o.n as overdue, c.cents as collected, c.mpesa, c.bank
     from ids join stations s on s.id = ids.station_id
     left join issued i on i.station_id = ids.station_id
     left join settled st on st.station_id = ids.station_id
     left join overdue o on o.station_id = ids.station_id
     left join collected c on c.station_id = ids.station_id
     order by s.name, s.id`,
    [start, end],
  );
  return rows.map((r) => ({
    stationId: r.id!,
    stationName: r.name!,
    issued: n(r.issued),
    issuedCents: n(r.issued_cents),
    paid: n(r.paid),
    contested: n(r.contested),
    withdrawn: n(r.withdrawn),
    overdue: n(r.overdue),
    collectedCents: n(r.collected),
    mpesaCents: n(r.mpesa),
    bankCents: n(r.bank),
  }));
}

export type SuspenseReason = 'unknown-account' | 'not-payable' | 'overpaid';

export interface SuspenseTotals {
  count: number;
  cents: number;
}

/** Money put in suspense by payments recorded in the period (`start`, `end`), or ever (no period). */
export async function suspenseTotals(db: Queryable, start?: Date, end?: Date): Promise<SuspenseTotals> {
  const { rows } = await db.query<{ count: string; cents: string | null }>(
    `select count(*) as count, sum(suspense_cents) as cents from fine_payments
     where suspense_reason is not null and ($1::timestamptz is null or (recorded_at >= $1 and recorded_at < $2))`,
    [start ?? null, end ?? null],
  );
  return { count: n(rows[0]?.count), cents: n(rows[0]?.cents) };
}

export interface SuspenseLine {
  id: string;
  channel: 'mpesa' | 'bank';
  reference: string;
  /** what the payer typed as the account */
  account: string | null;
  /** the notice it was for, when the account named one */
  notice: string | null;
  reason: SuspenseReason;
  amountCents: number;
  suspenseCents: number;
  paidAt: Date;
  recordedAt: Date;
}

/** The payments whose money (or part of it) waits in suspense, latest first. */
export async function suspenseList(db: Queryable, limit: number): Promise<SuspenseLine[]> {
  const { rows } = await db.query<Record<string, string | Date | null>>(
    `select p.id, p.channel, p.reference, p.account, n.number, p.suspense_reason, p.amount_cents, p.suspense_cents,
       p.paid_at, p.recorded_at
     from fine_payments p left join fine_notices n on n.id = p.notice_id
     where p.suspense_reason is not null order by p.recorded_at desc, p.id desc limit $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: String(r.id),
    channel: r.channel as SuspenseLine['channel'],
    reference: String(r.reference),
    account: (r.account as string | null) ?? null,
    notice: (r.number as string | null) ?? null,
    reason: r.suspense_reason as SuspenseReason,
    amountCents: n(r.amount_cents),
    suspenseCents: n(r.suspense_cents),
    paidAt: r.paid_at as Date,
    recordedAt: r.recorded_at as Date,
  }));
}

export const mismatchKinds = [
  'notice-credit',
  'notice-status',
  'payment-no-event',
  'stk-paid-no-payment',
  'payment-stk-not-paid',
] as const;
export type MismatchKind = (typeof mismatchKinds)[number];

/** Something in the ledger that does not add up: which notice, payment or push, and the figures found. */
export interface Mismatch {
  kind: MismatchKind;
  notice: string | null;
  reference: string | null;
  status: string | null;
  amountCents: number | null;
  paidCents: number | null;
  creditedCents: number | null;
}

/** Each check: a query answering the columns of a Mismatch (number, reference, status, amount, paid, credited). */
const checks: Record<MismatchKind, string> = {
  // a notice's paid amount is not what its payments credited it
  'notice-credit': `select n.number, null as reference, n.status, n.amount_cents as amount, n.paid_cents as paid,
      coalesce(sum(p.credited_cents), 0) as credited
    from fine_notices n left join fine_payments p on p.notice_id = n.id
    group by n.id having n.paid_cents <> coalesce(sum(p.credited_cents), 0) order by n.id`,
  // marked paid short of its amount, unpaid with its amount met, or paid beyond it
  'notice-status': `select number, null as reference, status, amount_cents as amount, paid_cents as paid, null as credited
    from fine_notices where paid_cents > amount_cents or (status = 'paid' and paid_cents < amount_cents)
      or (status = 'unpaid' and paid_cents >= amount_cents) order by id`,
  // a payment credited a notice, but the notice's history holds no payment by that reference
  'payment-no-event': `select n.number, p.reference, n.status, p.amount_cents as amount, null as paid,
      p.credited_cents as credited
    from fine_payments p join fine_notices n on n.id = p.notice_id
    where p.credited_cents > 0 and not exists (select 1 from fine_notice_events e where e.notice_id = p.notice_id
      and e.kind = 'payment' and e.detail->>'reference' = p.reference and e.detail->>'channel' = p.channel)
    order by p.id`,
  // an M-Pesa push settled as paid, but no payment counted for it
  'stk-paid-no-payment': `select n.number, s.checkout_request_id as reference, s.status, s.amount_cents as amount,
      null as paid, null as credited
    from fine_stk_requests s join fine_notices n on n.id = s.notice_id
    where s.status = 'paid' and not exists (select 1 from fine_payments p where p.stk_request_id = s.id) order by s.id`,
  // a payment counted for a push that is not paid, or that was for another notice
  'payment-stk-not-paid': `select n.number, p.reference, s.status, p.amount_cents as amount, null as paid,
      p.credited_cents as credited
    from fine_payments p join fine_stk_requests s on s.id = p.stk_request_id left join fine_notices n on n.id = p.notice_id
    where s.status <> 'paid' or p.notice_id is distinct from s.notice_id order by p.id`,
};

const orNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Everything in the ledger (of all time) that does not add up, at most `limit` of each kind, and how many. */
export async function findMismatches(db: Queryable, limit: number): Promise<{ found: Mismatch[]; count: number }> {
  const found: Mismatch[] = [];
  let count = 0;
  for (const kind of mismatchKinds) {
    const { rows } = await db.query<Record<string, string | null>>(
      `with m as (${checks[kind]}) select m.*, count(*) over () as total from m limit $1`,
      [limit],
    );
    count += n(rows[0]?.total);
    for (const r of rows)
      found.push({
        kind,
        notice: r.number ?? null,
        reference: r.reference ?? null,
        status: r.status ?? null,
        amountCents: orNull(r.amount),
        paidCents: orNull(r.paid),
        creditedCents: orNull(r.credited),
      });
  }
  return { found, count };
}

export interface NewRun {
  fromDate: string;
  toDate: string;
  start: Date;
  end: Date;
  trigger: 'daily' | 'command' | 'page';
  ranAt: Date;
  ranBy: string | null;
  totals: unknown;
  mismatches: Mismatch[];
  mismatchCount: number;
}

/** Keeps a run; undefined when it is a day's daily run already kept. */
export async function insertRun(db: Queryable, r: NewRun): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `insert into fine_reconciliations (from_date, to_date, period_start, period_end, trigger, ran_at, ran_by, totals,
       mismatches, mismatch_count)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     on conflict (from_date) where trigger = 'daily' do nothing returning id`,
    [
      r.fromDate,
      r.toDate,
      r.start,
      r.end,
      r.trigger,
      r.ranAt,
      r.ranBy,
      JSON.stringify(r.totals),
      JSON.stringify(r.mismatches),
      r.mismatchCount,
    ],
  );
  return rows[0]?.id;
}

export async function hasDailyRun(db: Queryable, date: string): Promise<boolean> {
  const { rowCount } = await db.query(`select 1 from fine_reconciliations where trigger = 'daily' and from_date = $1`, [
    date,
  ]);
  return (rowCount ?? 0) > 0;
}

export interface RunRow {
  id: string;
  fromDate: string;
  toDate: string;
  trigger: NewRun['trigger'];
  ranAt: Date;
  ranBy: string | null;
  totals: unknown;
  mismatches: Mismatch[];
  mismatchCount: number;
}

const runColumns = `r.id, to_char(r.from_date, 'YYYY-MM-DD') as from_date, to_char(r.to_date, 'YYYY-MM-DD') as to_date,
  r.trigger, r.ran_at, u.display_name as ran_by, r.mismatch_count`;

function runOf(r: Record<string, unknown>): RunRow {
  return {
    id: String(r.id),
    fromDate: String(r.from_date),
    toDate: String(r.to_date),
    trigger: r.trigger as RunRow['trigger'],
    ranAt: r.ran_at as Date,
    ranBy: (r.ran_by as string | null) ?? null,
    totals: r.totals ?? null,
    mismatches: (r.mismatches as Mismatch[] | undefined) ?? [],
    mismatchCount: Number(r.mismatch_count),
  };
}

/** A run with its figures: the one asked for, or the latest. */
export async function runWithFigures(db: Queryable, id?: string): Promise<RunRow | undefined> {
  const { rows } = await db.query(
    `select ${runColumns}, r.totals, r.mismatches from fine_reconciliations r left join users u on u.id = r.ran_by
     where $1::bigint is null or r.id = $1 order by r.ran_at desc, r.id desc limit 1`,
    [id ?? null],
  );
  return rows[0] ? runOf(rows[0] as Record<string, unknown>) : undefined;
}

/** The latest runs, without their figures. */
export async function runHistory(db: Queryable, limit: number): Promise<RunRow[]> {
  const { rows } = await db.query(
    `select ${runColumns} from fine_reconciliations r left join users u on u.id = r.ran_by
     order by r.ran_at desc, r.id desc limit $1`,
    [limit],
  );
  return rows.map((r) => runOf(r as Record<string, unknown>));
}
