import { OneStatement, type Relation } from '../../platform/db/statement.ts';
import type { Platform } from '../../platform/module.ts';
import { femaleNames, maleNames, surnames } from '../../platform/scale/census.ts';
import { Draws, runGenerated } from '../../platform/scale/draw-store.ts';
import { inBatches, keyed, scaleDays, target, type ScalePlan } from '../../platform/scale/plan.ts';
import { scaleStaff, stationsIn, type ScaleStation } from '../../platform/scale/staff-store.ts';
import { documentsKey } from '../documents/index.ts';
import { insertMoneyIn, insertOffencesIn, schedule } from './scale-money-store.ts';
import { fineSettings } from './settings.ts';

/*
 * Traffic notices of a generated history, from the offence schedule (traffic-offences.ts): mostly at traffic bases
 * and on weekdays, one to three offences each (a few warnings, a few notices to attend court). By the end most
 * are paid (a payment and a receipt each), some contested or withdrawn by the commander, the rest unpaid within
 * their time or flagged for court after the grace period, each with the events the jobs would have written.
 * Receipts' QR seals are not signed (see documents/scale-store.ts).
 */

const BATCH = 100_000;

const courtOffences = [
  'Dangerous driving',
  'Driving under the influence of alcohol',
  'Driving an uninsured vehicle',
  'Driving an unroadworthy vehicle',
  'Carrying passengers in excess of the licensed capacity',
];
const roads = ['On the highway', 'At the junction', 'Near the bus stage', 'On the bypass', 'At the roundabout'];

/** Traffic bases write most notices; stations some; posts few. */
function noticeWeights(plan: ScalePlan, stations: readonly ScaleStation[]): number[] {
  return stations.map((s) => {
    const kind = s.kind === 'traffic_base' ? 10 : s.kind === 'post' ? 0.3 : 1;
    return kind * (0.5 + keyed(plan.seed, `fines:${s.id}`));
  });
}

/** Each notice of the batch: where, when, who, and the draws its course is made from. */
function drawnNotices(statement: OneStatement, d: Draws, stations: readonly ScaleStation[], range: [number, number]) {
  const p = (v: unknown) => statement.param(v);
  const n = 'g';
  const female = d.chance(n, 76, 0.3);
  return statement.with<string>(
    'fine_drawn',
    `select x.*, st.id as station_id, st.county_code, st.traffic as issued_by, st.commander
     from (select g as n, ${d.pickIndex(noticeWeights(d.plan, stations), n, 70)} as si,
             ${d.moment(n, 71, { weekday: [0.5, 1.15, 1.15, 1.1, 1.1, 1.2, 0.8], hours: [0, 0, 0, 0, 0, 0.3, 1.5, 3, 3.5, 3.3, 3, 2.8, 2.6, 2.7, 2.8, 3, 3.2, 3.2, 2.5, 1.4, 0.8, 0.4, 0.2, 0] })} as issued_at,
             ${d.chance(n, 72, 0.03)} as court, 1 + (${d.u(n, 73)} < 0.22)::int + (${d.u(n, 73)} < 0.07)::int as offences,
             ${d.u(n, 74)} as u_outcome, ${d.u(n, 75)} as u_when,
             case when ${female} then ${d.anyOf(femaleNames, n, 77)} else ${d.anyOf(maleNames, n, 77)} end || ' '
               || ${d.anyOf(surnames, n, 78)} as driver_name,
             'DL' || ${d.digits(n, 'licence', 7)} as licence_number,
             case when ${d.chance(n, 79, 0.7)} then '2547' || ${d.digits(n, 'driver-phone', 8)} end as driver_phone,
             case when ${d.chance(n, 80, 0.25)} then 'KM' else 'K' end || chr(66 + ${d.below(n, 81, 5)})
               || chr(65 + ${d.below(n, 82, 26)}) || lpad(${d.below(n, 83, 1000)}::text, 3, '0') || chr(65 + ${d.below(n, 84, 26)})
               as vehicle_registration,
             ${d.anyOf(roads, n, 85)} as place, ${d.anyOf(courtOffences, n, 86)} as court_offence,
             case when ${d.chance(n, 87, 0.2)} then 'sw' else 'en' end as language
           from generate_series(${p(range[0])}::bigint, ${p(range[1] - 1)}::bigint) g offset 0) x
     join ${stationsIn(statement, stations)} st on st.si = x.si`,
  );
}

/** The Damm check digit of a string of nine digits, as SQL (notice-number.ts). */
function dammSql(statement: OneStatement, digits: string): string {
  const table = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3], [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6], [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7], [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
  ].flat(); // prettier-ignore
  const t = `(${statement.param(table)}::int[])`;
  let state = '0';
  for (let i = 1; i <= 9; i++) state = `${t}[(${state}) * 10 + substr(${digits}, ${i}, 1)::int + 1]`;
  return state;
}

/** Each notice's kind, amount, number and what had become of it by the end. */
function noticeCourse(
  statement: OneStatement,
  d: Draws,
  zone: string,
  days: { due: number; grace: number },
  drawn: Relation<string>,
  totals: Relation<string>,
) {
  const end = d.end();
  const due = `(((x.issued_at at time zone '${zone}')::date + ${days.due + 1})::timestamp at time zone '${zone}') - interval '1 second'`;
  return statement.with<string>(
    'fine_course',
    `select y.*, lpad(y.serial::text, 9, '0') || ${dammSql(statement, `lpad(y.serial::text, 9, '0')`)} as number,
       case when y.kind <> 'fine' then y.kind when y.outcome = 'paid' and y.pay_plan <= least(${end}, y.flag_plan) then 'paid'
            when y.outcome in ('contested', 'withdrawn') and y.act_plan <= ${end} then y.outcome
            when y.flag_plan <= ${end} then 'overdue' else 'unpaid' end as status
     from (select x.*, nextval('fine_notice_serial') as serial, coalesce(t.amount_cents, 0) as amount_cents,
             case when x.court then 'court' when coalesce(t.amount_cents, 0) > 0 then 'fine' else 'warning' end as kind,
             case when x.u_outcome < 0.7 then 'paid' when x.u_outcome < 0.75 then 'contested'
                  when x.u_outcome < 0.775 then 'withdrawn' else 'unpaid' end as outcome,
             ${due} as due_at,
             date_trunc('milliseconds', x.issued_at + (0.02 + 10 * x.u_when * x.u_when) * interval '1 day') as pay_plan,
             date_trunc('milliseconds', x.issued_at + (0.2 + 5 * x.u_when) * interval '1 day') as act_plan,
             date_trunc('milliseconds', ${due} + interval '${days.grace} days' + ${d.u('x.n', 88)} * interval '5 minutes') as flag_plan
           from ${drawn} x left join ${totals} t on t.n = x.n offset 0) y`,
  );
}

function insertNotices(statement: OneStatement, d: Draws, course: Relation<string>) {
  const end = d.end();
  return statement.with<string>(
    'fine_notice_rows',
    `insert into fine_notices (number, link_token_hash, kind, status, schedule_version, amount_cents, paid_cents,
       vehicle_registration, driver_name, licence_number, driver_phone, place, county_code, station_id, issued_by,
       offence_at, issued_at, due_at, language, court_offence, withdrawn_by, withdrawn_reason, settled_at, reminded_at)
     select number, encode(${d.bytes('n', 'fine-link')}, 'hex'), kind, status,
       case when kind <> 'court' then ${statement.param(schedule.version)} end, amount_cents,
       case when status = 'paid' then amount_cents else 0 end, vehicle_registration, driver_name, licence_number,
       driver_phone, place, county_code, station_id, issued_by,
       date_trunc('milliseconds', issued_at - ${d.u('n', 89)} * interval '20 minutes'), issued_at, due_at, language,
       case when kind = 'court' then court_offence end,
       case when status = 'withdrawn' then commander end,
       case when status = 'withdrawn' then 'Issued in error: the vehicle was not the one stopped.' end,
       case status when 'paid' then pay_plan when 'contested' then act_plan when 'withdrawn' then act_plan
                   when 'overdue' then flag_plan end,
       case when driver_phone is not null and kind = 'fine' and due_at - interval '47 hours' <= ${end}
                 and (status in ('unpaid', 'overdue') or pay_plan > due_at - interval '47 hours')
            then greatest(issued_at, due_at - interval '47 hours') end
     from ${course}
     returning id, number`,
  );
}

/** What a batch of notices needs besides its rows' numbers. */
export interface FinesBatch {
  plan: ScalePlan;
  zone: string;
  stations: readonly ScaleStation[];
  kid: string;
  days: { due: number; grace: number };
}

/** The statement writing notices n in [from, to) with their offences, payments, receipts and events. */
export function finesStatement(
  batch: FinesBatch,
  range: [number, number],
): { statement: OneStatement; done: Relation<'n'> } {
  const statement = new OneStatement();
  const d = new Draws(batch.plan, scaleDays(batch.plan, batch.zone), (v) => statement.param(v));
  const drawn = drawnNotices(statement, d, batch.stations, range);
  const offences = insertOffencesIn(statement, d, drawn);
  const course = noticeCourse(statement, d, batch.zone, batch.days, drawn, offences.totals);
  const notices = insertNotices(statement, d, course);
  offences.insert(notices, course);
  insertMoneyIn(statement, d, { kid: batch.kid, graceDays: batch.days.grace }, notices, course);
  return { statement, done: statement.with<'n'>('fines_done', `select count(*)::int as n from ${notices}`) };
}

/** The fines hook: the notices of the history, in batches (two at a time). */
export async function scaleFines(platform: Platform, plan: ScalePlan): Promise<void> {
  const { stations } = await scaleStaff(platform.db.pool);
  if (stations.length === 0) return;
  const { kid } = await documentsKey(platform);
  const { dueDays, graceDays } = platform.config.settings.of(fineSettings);
  const batch = {
    plan,
    zone: platform.config.jurisdiction.timeZone,
    stations,
    kid,
    days: { due: dueDays, grace: graceDays },
  };
  const count = target(plan, 'fines');
  await inBatches(count, BATCH, async (from, to) => {
    const { statement, done } = finesStatement(batch, [from, to]);
    await runGenerated(platform.db.pool, statement, done);
    platform.log.info({ notices: to, of: count }, 'scale: fines');
  });
}
