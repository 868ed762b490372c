import type { Queryable } from '../../platform/db/database.ts';

// The fines module's SQL: notices, their offences and their events.

export interface NewNotice {
  linkTokenHash: string;
  kind: 'fine' | 'warning' | 'court';
  status: 'unpaid' | 'court' | 'warning';
  scheduleVersion: string | null;
  amountCents: number;
  registration: string;
  driverName: string;
  licenceNumber: string | null;
  driverPhone: string | null;
  place: string;
  countyCode: string;
  stationId: string;
  issuedBy: string;
  offenceAt: Date;
  issuedAt: Date;
  dueAt: Date;
  language: 'en' | 'sw';
  courtOffence: string | null;
  offences: Array<{ code: string; quantity: number; unitCents: number | null; amountCents: number }>;
}

/** The next serial for a notice number (a sequence: concurrent officers never wait on each other). */
export async function nextSerial(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`select nextval('fine_notice_serial') as n`);
  return Number(rows[0]!.n);
}

/** The notice, its offences and its first event, in one statement. */
export async function insertNotice(db: Queryable, number: string, n: NewNotice): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `with notice as (
       insert into fine_notices (number, link_token_hash, kind, status, schedule_version, amount_cents,
         vehicle_registration, driver_name, licence_number, driver_phone, place, county_code, station_id, issued_by,
         offence_at, issued_at, due_at, language, court_offence)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       returning id
     ), offences as (
       insert into fine_notice_offences (notice_id, position, code, quantity, unit_cents, amount_cents)
       select notice.id, o.position, o.code, o.quantity, o.unit_cents, o.amount_cents
       from notice, jsonb_to_recordset($20::jsonb)
         as o(position smallint, code text, quantity smallint, unit_cents bigint, amount_cents bigint)
     ), event as (
       insert into fine_notice_events (notice_id, kind, at, by_user, detail)
       select notice.id, 'issued', $16, $14, jsonb_build_object('amountCents', $6::bigint) from notice
     )
     select id from notice`,
    [
      number,
      n.linkTokenHash,
      n.kind,
      n.status,
      n.scheduleVersion,
      n.amountCents,
      n.registration,
      n.driverName,
      n.licenceNumber,
      n.driverPhone,
      n.place,
      n.countyCode,
      n.stationId,
      n.issuedBy,
      n.offenceAt,
      n.issuedAt,
      n.dueAt,
      n.language,
      n.courtOffence,
      JSON.stringify(
        n.offences.map((o, i) => ({
          position: i + 1,
          code: o.code,
          quantity: o.quantity,
          unit_cents: o.unitCents,
          amount_cents: o.amountCents,
        })),
      ),
    ],
  );
  return rows[0]!.id;
}

export interface NoticeRow {
  id: string;
  number: string;
  link_token_hash: string;
  kind: 'fine' | 'warning' | 'court';
  status: 'unpaid' | 'paid' | 'contested' | 'withdrawn' | 'court' | 'warning' | 'overdue';
  schedule_version: string | null;
  amount_cents: string;
  paid_cents: string;
  vehicle_registration: string;
  driver_name: string;
  licence_number: string | null;
  driver_phone: string | null;
  place: string;
  county_code: string;
  county_name: string;
  station_id: string;
  station_name: string;
  issued_by_name: string;
  issued_by_service_number: string | null;
  offence_at: Date;
  issued_at: Date;
  due_at: Date;
  language: 'en' | 'sw';
  court_offence: string | null;
  withdrawn_reason: string | null;
  offences: Array<{ code: string; quantity: number; unit_cents: number | null; amount_cents: number }>;
  events: Array<{ kind: string; at: string; detail: Record<string, unknown> }>;
}

export async function noticeByNumber(db: Queryable, number: string): Promise<NoticeRow | undefined> {
  const { rows } = await db.query<NoticeRow>(
    `select n.id, n.number, n.link_token_hash, n.kind, n.status, n.schedule_version, n.amount_cents, n.paid_cents,
       n.vehicle_registration, n.driver_name, n.licence_number, n.driver_phone, n.place, n.county_code,
       c.name as county_name, n.station_id, s.name as station_name, u.display_name as issued_by_name,
       u.service_number as issued_by_service_number, n.offence_at, n.issued_at, n.due_at, n.language,
       n.court_offence, n.withdrawn_reason,
       (select coalesce(jsonb_agg(jsonb_build_object('code', o.code, 'quantity', o.quantity, 'unit_cents', o.unit_cents,
          'amount_cents', o.amount_cents) order by o.position), '[]') from fine_notice_offences o where o.notice_id = n.id)
         as offences,
       (select coalesce(jsonb_agg(jsonb_build_object('kind', e.kind, 'at', e.at, 'detail', e.detail) order by e.at, e.id),
          '[]') from fine_notice_events e where e.notice_id = n.id) as events
     from fine_notices n
     join counties c on c.code = n.county_code
     join stations s on s.id = n.station_id
     join users u on u.id = n.issued_by
     where n.number = $1`,
    [number],
  );
  return rows[0];
}

/** One more thing that happened to a notice. */
export async function addEvent(
  db: Queryable,
  noticeId: string,
  kind: string,
  at: Date,
  by: string | null,
  detail: Record<string, unknown>,
): Promise<void> {
  await db.query('insert into fine_notice_events (notice_id, kind, at, by_user, detail) values ($1, $2, $3, $4, $5)', [
    noticeId,
    kind,
    at,
    by,
    JSON.stringify(detail),
  ]);
}

/** Moves a notice from one status to the next; false when it was no longer in the first. */
export async function settleNotice(
  db: Queryable,
  id: string,
  from: NoticeRow['status'],
  to: NoticeRow['status'],
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'update fine_notices set status = $3, settled_at = $4 where id = $1 and status = $2',
    [id, from, to, at],
  );
  return rowCount === 1;
}

export interface StkRow {
  id: string;
  notice_id: string;
  status: 'sending' | 'waiting' | 'paid' | 'failed';
  amount_cents: string;
  checkout_request_id: string | null;
  result_code: number | null;
  result_desc: string | null;
  requested_at: Date;
}

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

export async function stkByCheckout(db: Queryable, checkoutRequestId: string): Promise<StkRow | undefined> {
  const { rows } = await db.query<StkRow>(
    `select id, notice_id, status, amount_cents, checkout_request_id, result_code, result_desc, requested_at
     from fine_stk_requests where checkout_request_id = $1`,
    [checkoutRequestId],
  );
  return rows[0];
}

/**
 * Gives a push still "sending" the ids Daraja's callback names: Sauti stopped (or crashed) after Daraja
 * accepted it and before keeping its answer. The push comes from the callback's own address.
 */
export async function adoptStkCheckout(
  db: Queryable,
  id: string,
  ids: { checkoutRequestId: string; merchantRequestId: string },
): Promise<StkRow | undefined> {
  const { rows } = await db.query<StkRow>(
    `update fine_stk_requests set status = 'waiting', checkout_request_id = $2, merchant_request_id = $3
     where id = $1 and status = 'sending' and checkout_request_id is null
     returning id, notice_id, status, amount_cents, checkout_request_id, result_code, result_desc, requested_at`,
    [id, ids.checkoutRequestId, ids.merchantRequestId],
  );
  return rows[0];
}

/** The latest STK push of a notice, for its page to say where it stands. */
export async function latestStk(db: Queryable, noticeId: string): Promise<StkRow | undefined> {
  const { rows } = await db.query<StkRow>(
    `select id, notice_id, status, amount_cents, checkout_request_id, result_code, result_desc, requested_at
     from fine_stk_requests where notice_id = $1 order by requested_at desc, id desc limit 1`,
    [noticeId],
  );
  return rows[0];
}

export interface NewPayment {
  /** null when the account named no notice */
  noticeId: string | null;
  channel: 'mpesa' | 'bank';
  reference: string;
  /** what the payer gave as the account */
  account: string | null;
  amountCents: number;
  paidAt: Date;
  at: Date;
  phone: string | null;
  stkRequestId: string | null;
}

export interface RecordedPayment {
  id: string;
  creditedCents: number;
  suspenseReason: 'unknown-account' | 'not-payable' | 'overpaid' | null;
}

/**
 * Records a payment once (by channel and reference) and credits its notice with at most its balance,
 * only while it is unpaid: the notice is paid once the balance is met, and the rest of the money waits
 * in suspense. The notice's row is locked first, so payments arriving together never both fill one
 * balance. Answers undefined when the reference was already recorded (a repeat changes nothing).
 */
export async function recordPayment(db: Queryable, p: NewPayment): Promise<RecordedPayment | undefined> {
  const { rows } = await db.query<{ id: string; credited_cents: string; suspense_reason: string | null }>(
    `with target as (
       select id, status, amount_cents - paid_cents as balance from fine_notices where id = $1 for update
     ), split as (
       select coalesce((select case when status = 'unpaid' then least($4::bigint, balance) else 0 end from target), 0)
                as credited,
              case when not exists (select 1 from target) then 'unknown-account'
                   when (select status from target) <> 'unpaid' then 'not-payable'
                   when $4::bigint > (select balance from target) then 'overpaid' end as reason
     ), payment as (
       insert into fine_payments (notice_id, channel, reference, account, amount_cents, paid_at, recorded_at, phone,
                                  stk_request_id, credited_cents, suspense_reason)
       select (select id from target), $2, $3, $9, $4, $5, $6, $7, $8, split.credited, split.reason from split
       on conflict (channel, reference) do nothing
       returning id, notice_id, amount_cents, credited_cents, suspense_reason
     ), credited as (
       update fine_notices n set paid_cents = n.paid_cents + payment.credited_cents,
         status = case when n.paid_cents + payment.credited_cents >= n.amount_cents then 'paid' else n.status end,
         settled_at = case when n.paid_cents + payment.credited_cents >= n.amount_cents then $6 else n.settled_at end
       from payment where n.id = payment.notice_id and payment.credited_cents > 0
       returning n.id
     ), event as (
       insert into fine_notice_events (notice_id, kind, at, detail)
       select payment.notice_id, 'payment', $6,
         jsonb_build_object('channel', $2::text, 'reference', $3::text, 'amountCents', payment.amount_cents,
                            'creditedCents', payment.credited_cents, 'suspense', payment.suspense_reason)
       from payment where payment.notice_id is not null
     )
     select id, credited_cents, suspense_reason from payment`,
    [p.noticeId, p.channel, p.reference, p.amountCents, p.paidAt, p.at, p.phone, p.stkRequestId, p.account],
  );
  const row = rows[0];
  return row
    ? {
        id: row.id,
        creditedCents: Number(row.credited_cents),
        suspenseReason: row.suspense_reason as RecordedPayment['suspenseReason'],
      }
    : undefined;
}

/** Pushes still waiting whose next query is due. */
export async function dueStkQueries(db: Queryable, now: Date, limit: number): Promise<StkRow[]> {
  const { rows } = await db.query<StkRow>(
    `select id, notice_id, status, amount_cents, checkout_request_id, result_code, result_desc, requested_at
     from fine_stk_requests where status = 'waiting' and next_query_at <= $1 order by next_query_at limit $2`,
    [now, limit],
  );
  return rows;
}

export async function stkQueryLater(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(`update fine_stk_requests set next_query_at = $2 where id = $1 and status = 'waiting'`, [id, at]);
}
