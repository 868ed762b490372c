import { auditIn, type AuditColumn } from '../../platform/audit/index.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { OneStatement } from '../../platform/db/statement.ts';

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

/** Serials for `count` notice numbers (a sequence: concurrent officers never wait on each other). */
export async function nextSerials(db: Queryable, count: number): Promise<number[]> {
  const { rows } = await db.query<{ n: string }>(
    `select nextval('fine_notice_serial') as n from generate_series(1, $1::int) order by 1`,
    [count],
  );
  return rows.map((r) => Number(r.n));
}

export interface NoticeToInsert {
  number: string;
  notice: NewNotice;
  /** the SMS handed to the driver's phone, kept as an event when a phone was given */
  sms: { to: string; text: string } | null;
  audit: { actorId: string; actorLabel: string; detail: Record<string, unknown> };
}

/** The notices as the statement reads them (jsonb_to_recordset), with their offences, SMS and audit detail. */
function noticeRecords(notices: NoticeToInsert[]) {
  return notices.map(({ number, notice: n, sms, audit }, ord) => ({
    ord,
    number,
    link_token_hash: n.linkTokenHash,
    kind: n.kind,
    status: n.status,
    schedule_version: n.scheduleVersion,
    amount_cents: n.amountCents,
    vehicle_registration: n.registration,
    driver_name: n.driverName,
    licence_number: n.licenceNumber,
    driver_phone: n.driverPhone,
    place: n.place,
    county_code: n.countyCode,
    station_id: n.stationId,
    issued_by: n.issuedBy,
    offence_at: n.offenceAt,
    issued_at: n.issuedAt,
    due_at: n.dueAt,
    language: n.language,
    court_offence: n.courtOffence,
    offences: n.offences.map((o, i) => ({
      position: i + 1,
      code: o.code,
      quantity: o.quantity,
      unit_cents: o.unitCents,
      amount_cents: o.amountCents,
    })),
    sms,
    actor_label: audit.actorLabel,
    audit_detail: audit.detail,
  }));
}

/** Notices with their offences, first events and audit rows, in one statement; their ids, in order. */
export async function insertNotices(
  db: Queryable,
  notices: NoticeToInsert[],
  also?: (statement: OneStatement) => void,
): Promise<string[]> {
  const statement = new OneStatement();
  const input = noticeRecords(notices);
  const columns = `number, link_token_hash, kind, status, schedule_version, amount_cents, vehicle_registration,
    driver_name, licence_number, driver_phone, place, county_code, station_id, issued_by, offence_at, issued_at,
    due_at, language, court_offence`;
  const given = statement.with<'ord' | 'offences' | 'sms' | 'actor_label' | 'audit_detail' | 'number'>(
    'given',
    `select * from jsonb_to_recordset(${statement.param(JSON.stringify(input))}::jsonb) as g(
       ord int, number text, link_token_hash text, kind text, status text, schedule_version text, amount_cents bigint,
       vehicle_registration text, driver_name text, licence_number text, driver_phone text, place text,
       county_code text, station_id text, issued_by bigint, offence_at timestamptz, issued_at timestamptz,
       due_at timestamptz, language text, court_offence text, offences jsonb, sms jsonb, actor_label text,
       audit_detail jsonb)`,
  );
  const notice = statement.with<'id' | 'number' | 'issued_at' | 'issued_by' | 'amount_cents'>(
    'notice',
    `insert into fine_notices (${columns}) select ${columns} from ${given} order by ord
     returning id, number, issued_at, issued_by, amount_cents`,
  );
  const issued = statement.with<'id' | 'ord' | 'offences' | 'sms' | 'issued_at' | 'issued_by' | AuditColumn>(
    'issued',
    `select n.id, g.ord, g.offences, g.sms, n.issued_at, n.issued_by, n.amount_cents, n.issued_by as actor_id,
       g.actor_label, 'fines.notice.issued' as action, 'fine_notice' as subject_type, n.id::text as subject_id,
       g.audit_detail as detail
     from ${notice} n join ${given} g on g.number = n.number`,
  );
  statement.with(
    'offences',
    `insert into fine_notice_offences (notice_id, position, code, quantity, unit_cents, amount_cents)
     select i.id, o.position, o.code, o.quantity, o.unit_cents, o.amount_cents
     from ${issued} i, jsonb_to_recordset(i.offences)
       as o(position smallint, code text, quantity smallint, unit_cents bigint, amount_cents bigint)`,
  );
  statement.with(
    'events',
    `insert into fine_notice_events (notice_id, kind, at, by_user, detail)
     select id, 'issued', issued_at, issued_by, jsonb_build_object('amountCents', amount_cents) from ${issued}
     union all
     select id, 'sms', issued_at, null, sms from ${issued} where sms is not null and sms <> 'null'::jsonb`,
  );
  auditIn(statement, issued);
  also?.(statement);
  const rows = await statement.run<{ id: string }, 'id' | 'ord'>(db, issued, ['id', 'ord'], 'ord');
  return rows.map((r) => r.id);
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

/** A notice a payment has just made paid: what its receipt SMS needs. */
export interface PaidNotice {
  number: string;
  driverPhone: string | null;
  language: 'en' | 'sw';
  amountCents: number;
}

export interface RecordedPayment {
  id: string;
  creditedCents: number;
  suspenseReason: 'unknown-account' | 'not-payable' | 'overpaid' | null;
  /** the notice, when this payment met its balance */
  completed: PaidNotice | null;
}

/**
 * Records a payment once (by channel and reference) and credits its notice with at most its balance,
 * only while it is unpaid: the notice is paid once the balance is met, and the rest of the money waits
 * in suspense. The notice's row is locked first, so payments arriving together never both fill one
 * balance. Answers undefined when the reference was already recorded (a repeat changes nothing).
 */
export async function recordPayment(db: Queryable, p: NewPayment): Promise<RecordedPayment | undefined> {
  type Row = { id: string; credited_cents: string; suspense_reason: string | null; number: string | null } & {
    driver_phone: string | null;
    language: 'en' | 'sw' | null;
    amount_cents: string | null;
  };
  const { rows } = await db.query<Row>(
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
       returning n.id, n.status, n.number, n.driver_phone, n.language, n.amount_cents
     ), event as (
       insert into fine_notice_events (notice_id, kind, at, detail)
       select payment.notice_id, 'payment', $6,
         jsonb_build_object('channel', $2::text, 'reference', $3::text, 'amountCents', payment.amount_cents,
                            'creditedCents', payment.credited_cents, 'suspense', payment.suspense_reason)
       from payment where payment.notice_id is not null
     )
     select payment.id, payment.credited_cents, payment.suspense_reason, c.number, c.driver_phone, c.language,
       c.amount_cents
     from payment left join credited c on c.id = payment.notice_id and c.status = 'paid'`,
    [p.noticeId, p.channel, p.reference, p.amountCents, p.paidAt, p.at, p.phone, p.stkRequestId, p.account],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    creditedCents: Number(row.credited_cents),
    suspenseReason: row.suspense_reason as RecordedPayment['suspenseReason'],
    completed: row.number
      ? {
          number: row.number,
          driverPhone: row.driver_phone,
          language: row.language!,
          amountCents: Number(row.amount_cents),
        }
      : null,
  };
}

export interface NoticeToRemind {
  id: string;
  number: string;
  driver_phone: string;
  language: 'en' | 'sw';
  balance_cents: string;
  due_at: Date;
}

/** Unpaid fines falling due in (now, until] with a phone and no reminder yet, locked for the caller's transaction. */
export async function noticesToRemind(db: Queryable, now: Date, until: Date, limit: number): Promise<NoticeToRemind[]> {
  const { rows } = await db.query<NoticeToRemind>(
    `select id, number, driver_phone, language, amount_cents - paid_cents as balance_cents, due_at from fine_notices
     where status = 'unpaid' and driver_phone is not null and reminded_at is null and due_at > $1 and due_at <= $2
     order by due_at, id limit $3 for update skip locked`,
    [now, until, limit],
  );
  return rows;
}

export async function markReminded(db: Queryable, ids: string[], at: Date): Promise<void> {
  await db.query(`update fine_notices set reminded_at = $2 where id = any($1::bigint[])`, [ids, at]);
}
