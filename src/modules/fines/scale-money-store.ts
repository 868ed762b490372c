import type { OneStatement, Relation } from '../../platform/db/statement.ts';
import { offenceSchedules } from '../../jurisdiction/kenya/index.ts';
import type { Draws } from '../../platform/scale/draw-store.ts';

// The offences, payments, receipts and events of generated notices (see scale-store.ts).

/** The schedule in force over the history (the only one so far). */
export const schedule = offenceSchedules.at(-1)!;
/** How often each offence is written up (the schedule's order). */
const OFFENCE_WEIGHT: Record<string, number> = {
  'SPD-05': 3, 'SPD-10': 10, 'SPD-15': 8, 'SPD-20': 3, PLT: 3, INS: 6, 'LIC-CLS': 3, 'LIC-RNW': 5, 'LIC-PRD': 8,
  'PSV-UNQ': 2, PAV: 3, DIR: 3, SGN: 6, STP: 3, OBS: 3, 'OBS-TRI': 2, TRI: 4, BLT: 10, 'BLT-FIT': 1, 'PSV-GOV': 3,
  'PSV-EMP': 1, 'PSV-LIC': 3, TOUT: 3, 'PSV-UNI': 5, 'PSV-EXT': 3, PHN: 6, 'MC-GEAR': 8, 'MC-PIL': 6, BODY: 1,
  'L-PLT': 1, PED: 1,
}; // prettier-ignore
export const offenceWeights = schedule.offences.map((o) => OFFENCE_WEIGHT[o.code] ?? 1);

const UNSIGNED_SEAL = 'NPS1:UNSIGNED.GENERATED.HISTORY';

/**
 * The offences ticked on each notice (distinct, priced from the schedule: per seat where it fines per seat), and
 * each notice's total; the rows are written once the notices have their ids.
 */
export function insertOffencesIn(statement: OneStatement, d: Draws, drawn: Relation<string>) {
  const p = (v: unknown) => statement.param(v);
  const offences = schedule.offences;
  const codes = `(${p(offences.map((o) => o.code))}::text[])`;
  const perSeat = `(${p(offences.map((o) => o.per !== undefined))}::boolean[])`;
  const amounts = `(${p(offences.map((o) => o.amountCents))}::bigint[])`;
  const picked = statement.with<string>(
    'fine_offence_plan',
    `select z.n, ${codes}[z.ci] as code, z.position,
       case when ${perSeat}[z.ci] then 2 + ${d.below('z.n * 4 + z.position', 91, 13)} else 1 end as quantity,
       ${perSeat}[z.ci] as per_seat, ${amounts}[z.ci] as unit
     from (select q.n, q.ci, row_number() over (partition by q.n order by q.pos)::smallint as position
           from (select distinct on (x.n, ci) x.n, pos, ${d.pickIndex(offenceWeights, 'x.n * 4 + pos', 90)} as ci
                 from ${drawn} x, generate_series(1, x.offences) pos where not x.court
                 order by x.n, ci, pos) q) z`,
  );
  const priced = statement.with<string>(
    'fine_offence_priced',
    `select n, code, position, quantity, case when per_seat then unit end as unit_cents,
       coalesce(unit, 0) * quantity as amount_cents
     from ${picked}`,
  );
  const totals = statement.with<string>(
    'fine_offence_totals',
    `select n, sum(amount_cents)::bigint as amount_cents from ${priced} group by n`,
  );
  const insert = (notices: Relation<string>, course: Relation<string>) =>
    statement.with(
      'fine_offence_rows',
      `insert into fine_notice_offences (notice_id, position, code, quantity, unit_cents, amount_cents)
       select i.id, o.position, o.code, o.quantity, o.unit_cents, o.amount_cents
       from ${notices} i join ${course} c on c.number = i.number join ${priced} o on o.n = c.n`,
    );
  return { totals, insert };
}

/** Payments, receipts and every event of the notices (issued, paid, receipt, contested, withdrawn, reminded, flagged). */
export function insertMoneyIn(
  statement: OneStatement,
  d: Draws,
  keys: { kid: string; graceDays: number },
  notices: Relation<string>,
  course: Relation<string>,
): void {
  const end = d.end();
  const joined = statement.with<string>(
    'fine_joined',
    `select i.id, c.*, case when ${d.chance('c.n', 92, 0.88)} then 'mpesa' else 'bank' end as channel,
       least(${end}, date_trunc('milliseconds', c.pay_plan + ${d.u('c.n', 93)} * interval '59 seconds')) as receipt_at
     from ${notices} i join ${course} c on c.number = i.number`,
  );
  // references look drawn at random but are each notice's own (a multiplication that is one-to-one below the modulus)
  const paid = statement.with<string>(
    'fine_paid',
    `select j.*, case when j.channel = 'mpesa' then 'S' || lpad(upper(to_hex((j.n * 2654435761) % 68719476736)), 9, '0')
                      else 'FT' || lpad(((j.n * 2654435761) % 1000000000000)::text, 12, '0') end as reference
     from ${joined} j where j.status = 'paid'`,
  );
  statement.with(
    'fine_payment_rows',
    `insert into fine_payments (notice_id, channel, reference, account, amount_cents, paid_at, recorded_at, phone,
       credited_cents)
     select id, channel, reference, number, amount_cents, pay_plan, pay_plan + interval '2 seconds',
       case when channel = 'mpesa' then coalesce(driver_phone, '2547' || ${d.digits('n', 'payer', 8)}) end, amount_cents
     from ${paid}`,
  );
  statement.with(
    'fine_receipt_rows',
    `insert into fine_receipts (notice_id, number, amount_cents, paid_at, issued_at, kid, seal)
     select id, 'FR-' || number, amount_cents, pay_plan, receipt_at, ${statement.param(keys.kid)}, ${statement.param(UNSIGNED_SEAL)}
     from ${paid}`,
  );
  eventsIn(statement, d, keys.graceDays, joined, paid);
}

function eventsIn(
  statement: OneStatement,
  d: Draws,
  graceDays: number,
  joined: Relation<string>,
  paid: Relation<string>,
) {
  const end = d.end();
  statement.with(
    'fine_event_rows',
    `insert into fine_notice_events (notice_id, kind, at, by_user, detail)
     select id, 'issued', issued_at, issued_by, jsonb_build_object('amountCents', amount_cents) from ${joined}
     union all
     select id, 'payment', pay_plan, null, jsonb_build_object('channel', channel, 'reference', reference,
       'amountCents', amount_cents, 'creditedCents', amount_cents, 'suspense', null) from ${paid}
     union all
     select id, 'receipt', receipt_at, null, jsonb_build_object('number', 'FR-' || number) from ${paid}
     union all
     select id, 'contested', act_plan, null, '{}'::jsonb from ${joined} where status = 'contested'
     union all
     select id, 'withdrawn', act_plan, commander,
       jsonb_build_object('reason', 'Issued in error: the vehicle was not the one stopped.') from ${joined} where status = 'withdrawn'
     union all
     select id, 'reminded', date_trunc('milliseconds', due_at + ${d.u('n', 94)} * interval '5 minutes'), null,
       jsonb_build_object('to', driver_phone) from ${joined}
     where kind = 'fine' and due_at <= ${end} and (status in ('unpaid', 'overdue') or (status = 'paid' and pay_plan > due_at))
     union all
     select id, 'flagged-for-court', flag_plan, null,
       jsonb_build_object('balanceCents', amount_cents, 'dueAt', due_at, 'graceDays', ${graceDays}) from ${joined}
     where status = 'overdue'`,
  );
}
