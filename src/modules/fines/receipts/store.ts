import type { Queryable } from '../../../platform/db/database.ts';

// The receipts' SQL: which paid notices still lack a receipt, keeping one, and reading it back.

/** A notice paid in full, with what its receipt says. */
export interface PaidNotice {
  id: string;
  number: string;
  station_id: string;
  driver_name: string;
  paid_cents: string;
  /** when the last payment that counted towards it was made */
  paid_at: Date;
}

const PAID = `select n.id, n.number, n.station_id, n.driver_name, n.paid_cents,
       coalesce((select max(p.paid_at) from fine_payments p where p.notice_id = n.id and p.credited_cents > 0),
                n.settled_at) as paid_at
     from fine_notices n`;

/** Notices paid in full that have no receipt yet, in the order they were issued, after the notice `afterId`. */
export async function paidWithoutReceipt(db: Queryable, afterId: string, limit: number): Promise<PaidNotice[]> {
  const { rows } = await db.query<PaidNotice>(
    `${PAID}
     where n.status = 'paid' and n.paid_cents >= n.amount_cents and n.id > $1
       and not exists (select 1 from fine_receipts r where r.notice_id = n.id)
     order by n.id limit $2`,
    [afterId, limit],
  );
  return rows;
}

/** One notice, if it is paid in full. */
export async function paidNotice(db: Queryable, noticeId: string): Promise<PaidNotice | undefined> {
  const { rows } = await db.query<PaidNotice>(
    `${PAID} where n.id = $1 and n.status = 'paid' and n.paid_cents >= n.amount_cents`,
    [noticeId],
  );
  return rows[0];
}

export interface NewReceipt {
  noticeId: string;
  number: string;
  amountCents: number;
  paidAt: Date;
  issuedAt: Date;
  kid: string;
  seal: string;
}

/**
 * Keeps a notice's receipt and records it among the notice's events; false (and nothing written) when
 * the notice already has one: a receipt is issued once, whoever gets there first.
 */
export async function insertReceipt(db: Queryable, r: NewReceipt): Promise<boolean> {
  const { rows } = await db.query(
    `with receipt as (
       insert into fine_receipts (notice_id, number, amount_cents, paid_at, issued_at, kid, seal)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (notice_id) do nothing
       returning notice_id, number
     ), event as (
       insert into fine_notice_events (notice_id, kind, at, detail)
       select notice_id, 'receipt', $5, jsonb_build_object('number', number) from receipt
     )
     select 1 from receipt`,
    [r.noticeId, r.number, r.amountCents, r.paidAt, r.issuedAt, r.kid, r.seal],
  );
  return rows.length === 1;
}

export interface ReceiptRow {
  number: string;
  amount_cents: string;
  paid_at: Date;
  issued_at: Date;
  seal: string;
  /** the payments that paid the notice: channel and M-Pesa receipt or bank reference */
  payments: Array<{ channel: 'mpesa' | 'bank'; reference: string; credited_cents: number; paid_at: string }>;
}

export async function receiptOfNotice(db: Queryable, noticeId: string): Promise<ReceiptRow | undefined> {
  const { rows } = await db.query<ReceiptRow>(
    `select r.number, r.amount_cents, r.paid_at, r.issued_at, r.seal,
       (select coalesce(jsonb_agg(jsonb_build_object('channel', p.channel, 'reference', p.reference,
          'credited_cents', p.credited_cents, 'paid_at', p.paid_at) order by p.paid_at, p.id), '[]')
        from fine_payments p where p.notice_id = r.notice_id and p.credited_cents > 0) as payments
     from fine_receipts r where r.notice_id = $1`,
    [noticeId],
  );
  return rows[0];
}
