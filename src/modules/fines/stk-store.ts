import type { Queryable } from '../../platform/db/database.ts';

// The fines module's SQL for STK pushes: each asked of Daraja, its callback kept, and the query that settles it.

export interface StkRow {
  id: string;
  notice_id: string;
  status: 'sending' | 'waiting' | 'paid' | 'failed';
  amount_cents: string;
  checkout_request_id: string | null;
  result_code: number | null;
  result_desc: string | null;
  requested_at: Date;
  /** What its callback claimed, if one came: used only once a query confirms the payment. */
  callback: StkCallbackClaim | null;
}

export interface StkCallbackClaim {
  receipt: string;
  amountCents: number;
  /** ISO time */
  paidAt: string;
  phone: string | null;
}

const stkColumns =
  'id, notice_id, status, amount_cents, checkout_request_id, result_code, result_desc, requested_at, callback';

/** An STK push about to be asked of Daraja (kept before the call, which happens after this commits). */
export async function insertStkRequest(
  db: Queryable,
  r: { noticeId: string; phone: string; amountCents: number; at: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into fine_stk_requests (notice_id, phone, amount_cents, requested_at) values ($1, $2, $3, $4) returning id`,
    [r.noticeId, r.phone, r.amountCents, r.at],
  );
  return rows[0]!.id;
}

export async function stkAccepted(
  db: Queryable,
  id: string,
  ids: { checkoutRequestId: string; merchantRequestId: string },
  nextQueryAt: Date,
): Promise<void> {
  await db.query(
    `update fine_stk_requests set status = 'waiting', checkout_request_id = $2, merchant_request_id = $3,
       next_query_at = $4 where id = $1 and status = 'sending'`,
    [id, ids.checkoutRequestId, ids.merchantRequestId, nextQueryAt],
  );
}

/** Settles a push that was sending or waiting; false when it was already settled. */
export async function stkSettled(
  db: Queryable,
  id: string,
  outcome: { status: 'paid' | 'failed'; resultCode: number | null; resultDesc: string },
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update fine_stk_requests set status = $2, result_code = $3, result_desc = $4, settled_at = $5, next_query_at = null
     where id = $1 and status in ('sending', 'waiting')`,
    [id, outcome.status, outcome.resultCode, outcome.resultDesc.slice(0, 500), at],
  );
  return rowCount === 1;
}

export interface StkCallbackToKeep {
  checkoutRequestId: string;
  merchantRequestId: string;
  /** the push's id from the callback's own address, if it carried one */
  pushId: string | null;
  claim: StkCallbackClaim | null;
}

/**
 * Keeps callbacks on the pushes they name and makes those pushes due to be asked about now, in one statement:
 * the push Daraja's CheckoutRequestID names, or one still "sending" known by the id in the callback's own address
 * (Sauti stopped, or is still keeping Daraja's answer, when the callback came), which takes the callback's ids.
 * The latest claim is kept (a repeat of Daraja's own replaces one forged before it). A push already settled or
 * unknown is left alone. Answers, in order, the push each callback was kept on (one per push when several
 * callbacks name the same push at once).
 */
export async function keepStkCallbacks(
  db: Queryable,
  callbacks: StkCallbackToKeep[],
  at: Date,
): Promise<Array<string | undefined>> {
  const given = callbacks.map((c, ord) => ({
    ord,
    checkout: c.checkoutRequestId,
    merchant: c.merchantRequestId,
    push: c.pushId,
    claim: c.claim,
  }));
  // each push found by an index (by checkout id, or by its own id while sending); the latest callback per push
  const { rows } = await db.query<{ ord: number; id: string }>(
    `with c as (
       select * from jsonb_to_recordset($1::jsonb) as c(ord int, checkout text, merchant text, push bigint, claim jsonb)
     ), target as (
       select distinct on (id) * from (
         select c.*, s.id from c join fine_stk_requests s on s.checkout_request_id = c.checkout and s.status = 'waiting'
         union all
         select c.*, s.id from c join fine_stk_requests s
           on s.id = c.push and s.status = 'sending' and s.checkout_request_id is null
       ) found order by id, ord desc
     )
     update fine_stk_requests s set status = 'waiting', checkout_request_id = t.checkout,
       merchant_request_id = coalesce(s.merchant_request_id, t.merchant), next_query_at = $2,
       called_back_at = coalesce(s.called_back_at, $2), callback = coalesce(t.claim, s.callback)
     from target t where s.id = t.id
     returning t.ord, s.id`,
    [JSON.stringify(given), at],
  );
  const kept: Array<string | undefined> = callbacks.map(() => undefined);
  for (const row of rows) kept[row.ord] = row.id;
  return kept;
}

/** The latest STK push of a notice, for its page to say where it stands. */
export async function latestStk(db: Queryable, noticeId: string): Promise<StkRow | undefined> {
  const { rows } = await db.query<StkRow>(
    `select ${stkColumns} from fine_stk_requests where notice_id = $1 order by requested_at desc, id desc limit 1`,
    [noticeId],
  );
  return rows[0];
}

/** Pushes still waiting whose next query is due. */
export async function dueStkQueries(db: Queryable, now: Date, limit: number): Promise<StkRow[]> {
  const { rows } = await db.query<StkRow>(
    `select ${stkColumns} from fine_stk_requests
     where status = 'waiting' and next_query_at <= $1 order by next_query_at limit $2`,
    [now, limit],
  );
  return rows;
}

export async function stkQueryLater(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(`update fine_stk_requests set next_query_at = $2 where id = $1 and status = 'waiting'`, [id, at]);
}
