/**
 * bench:fines' callback intake: notices issued over HTTP and their STK pushes sent through the real
 * service (payByStk) to the Daraja simulator; the stream of callbacks fired at them (75 % genuine, 20 %
 * duplicates, 5 % forged); and the check of what the database counted afterwards.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request } from 'autocannon';
import { payByStk, stkCallbackPath, stkCallbackSecret } from '../src/modules/fines/payments.ts';
import type { Platform } from '../src/platform/module.ts';
import { darajaTimestamp } from '../src/platform/payments/daraja/timestamp.ts';
import { eachConcurrently } from './lib.ts';
import type { Desk } from './ob-desks.ts';

/** Phones ending 9999: the simulator takes the payment and never calls back (the bench does). */
const PAYING_PHONE = '0712349999';
/** Phones ending 1032: the payer cancels; a callback claiming payment is contradicted by the query. */
const CANCELLING_PHONE = '0712341032';
const SEED_WIDTH = 20;

export interface SimPush {
  merchantRequestId: string;
  checkoutRequestId: string;
  phone: string;
  amount: number;
  resultCode: number | null;
  resultDesc: string | null;
  receipt: string | null;
}

export interface Seeded {
  genuine: SimPush[];
  contradicted: SimPush[];
}

const localMinutesAgo = (minutes: number) =>
  new Date(Date.now() + 3 * 3600_000 - minutes * 60_000).toISOString().slice(0, 16);

/** A notice as a traffic officer's phone sends it: two offences on the Mombasa road. */
export function noticeBody(i: number): string {
  return JSON.stringify({
    offences: [{ code: 'SPD-15' }, { code: 'BLT' }],
    registration: `KD${String.fromCharCode(65 + (i % 26))} ${100 + (i % 900)}M`,
    driverName: 'Otieno Ochieng',
    place: 'Mombasa road near Changamwe roundabout',
    county: '001',
    offenceAt: localMinutesAgo(10),
  });
}

async function issueOver(url: string, desk: Desk, i: number): Promise<{ number: string; token: string }> {
  const res = await fetch(`${url}/api/fines/notices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: desk.cookie, 'x-csrf-token': desk.csrf },
    body: noticeBody(i),
  });
  if (res.status !== 201) throw new Error(`issuing a notice: ${res.status} ${await res.text()}`);
  const { number, link } = (await res.json()) as { number: string; link: string };
  return { number, token: link.split('/').at(-1)! };
}

/** `paying` + `cancelling` notices issued over HTTP, each with an STK push Daraja (the simulator) accepted. */
export async function seedPushes(
  platform: Platform,
  url: string,
  simUrl: string,
  desks: Desk[],
  counts: { paying: number; cancelling: number },
): Promise<Seeded> {
  const total = counts.paying + counts.cancelling;
  // Daraja calls back within seconds of a push, well before its first query is due (30 s after it was sent):
  // the clock stands still while the pushes are sent, and their first queries are then put off
  platform.clock.set(platform.clock.now());
  await eachConcurrently(total, SEED_WIDTH, async (i) => {
    const notice = await issueOver(url, desks[i % desks.length]!, i);
    await payByStk(platform, notice.number, notice.token, i < counts.paying ? PAYING_PHONE : CANCELLING_PHONE);
  });
  await platform.db.pool.query(
    `update fine_stk_requests set next_query_at = now() + interval '1 hour' where status = 'waiting'`,
  );
  platform.clock.reset();
  const listed = (await (await fetch(`${simUrl}/sim/transactions`)).json()) as { transactions: SimPush[] };
  const pushes = listed.transactions.filter((t) => 'checkoutRequestId' in t);
  const genuine = pushes.filter((t) => t.resultCode === 0 && t.receipt);
  const contradicted = pushes.filter((t) => t.resultCode === 1032);
  if (genuine.length !== counts.paying || contradicted.length !== counts.cancelling)
    throw new Error(`the simulator decided ${genuine.length} paid and ${contradicted.length} cancelled pushes`);
  return { genuine, contradicted };
}

function callbackBody(push: SimPush, claim: { resultCode: number; receipt?: string }): string {
  const callback: Record<string, unknown> = {
    MerchantRequestID: push.merchantRequestId,
    CheckoutRequestID: push.checkoutRequestId,
    ResultCode: claim.resultCode,
    ResultDesc: claim.resultCode === 0 ? 'The service request is processed successfully.' : 'Request cancelled by user',
  };
  if (claim.resultCode === 0)
    callback.CallbackMetadata = {
      Item: [
        { Name: 'Amount', Value: push.amount },
        { Name: 'MpesaReceiptNumber', Value: claim.receipt },
        { Name: 'Balance' },
        { Name: 'TransactionDate', Value: Number(darajaTimestamp(new Date())) },
        { Name: 'PhoneNumber', Value: Number(push.phone) },
      ],
    };
  return JSON.stringify({ Body: { stkCallback: callback } });
}

export interface Callback {
  path: string;
  body: string;
  kind: 'genuine' | 'duplicate' | 'forged';
}

const GENUINE_PER_BLOCK = 15;
const DUPLICATES_PER_BLOCK = 4;

/**
 * The callbacks in the order they are fired, in blocks of 20: 15 genuine callbacks of pushes not yet
 * called back, 4 repeats of genuine ones (of the block before, which may still be in flight), 1 forged:
 * by turns at a wrong secret address, for a CheckoutRequestID Daraja never issued, or claiming payment of
 * a push the payer cancelled (the query contradicts it). Forged receipts start FRG.
 */
export function callbackStream(platform: Platform, seeded: Seeded): Callback[] {
  const path = stkCallbackPath(stkCallbackSecret(platform));
  const genuine = (push: SimPush) => callbackBody(push, { resultCode: 0, receipt: push.receipt! });
  const stream: Callback[] = [];
  for (let block = 0, k = 0; k < seeded.genuine.length; block++, k += GENUINE_PER_BLOCK) {
    const pushes = seeded.genuine.slice(k, k + GENUINE_PER_BLOCK);
    for (const push of pushes) stream.push({ path, body: genuine(push), kind: 'genuine' });
    const earlier = k === 0 ? pushes : seeded.genuine.slice(k - GENUINE_PER_BLOCK, k);
    for (let j = 0; j < DUPLICATES_PER_BLOCK; j++)
      stream.push({ path, body: genuine(earlier[(j * 4 + block) % earlier.length]!), kind: 'duplicate' });
    const forgedReceipt = `FRG${String(block).padStart(7, '0')}`;
    const victim = seeded.contradicted[block % seeded.contradicted.length]!;
    const forged = [
      { path: stkCallbackPath('0'.repeat(32)), body: genuine(pushes[0]!) },
      {
        path,
        body: callbackBody(
          { ...pushes[0]!, checkoutRequestId: `ws_CO_01122026000000${String(block).padStart(8, '0')}` },
          { resultCode: 0, receipt: forgedReceipt },
        ),
      },
      { path, body: callbackBody(victim, { resultCode: 0, receipt: forgedReceipt }) },
    ][block % 3]!;
    stream.push({ ...forged, kind: 'forged' });
  }
  return stream;
}

/** Autocannon's requests for the stream: fines-request.cjs hands out the next callback from `offset` on. */
export function streamRequests(stream: Callback[], dir: string): { requests: Request[]; from(offset: number): void } {
  const file = join(dir, 'callbacks.json');
  writeFileSync(file, JSON.stringify(stream.map(({ path, body }) => ({ path, body }))));
  process.env.SAUTI_BENCH_CALLBACKS = file;
  return {
    requests: [
      {
        method: 'POST',
        path: stream[0]!.path,
        headers: { 'content-type': 'application/json' },
        body: stream[0]!.body,
        setupRequest: fileURLToPath(new URL('./fines-request.cjs', import.meta.url)),
      },
    ],
    from: (offset) => void (process.env.SAUTI_BENCH_CALLBACK_OFFSET = String(offset)),
  };
}

/** Every genuine callback once more, and every cancelled push claimed paid once: all that can be paid is. */
export async function sendEveryCallback(url: string, platform: Platform, seeded: Seeded): Promise<void> {
  const path = stkCallbackPath(stkCallbackSecret(platform));
  const all = [
    ...seeded.genuine.map((push) => callbackBody(push, { resultCode: 0, receipt: push.receipt! })),
    ...seeded.contradicted.map((push, i) =>
      callbackBody(push, { resultCode: 0, receipt: `FRGX${String(i).padStart(6, '0')}` }),
    ),
  ];
  await eachConcurrently(all.length, SEED_WIDTH, async (i) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: all[i]!,
    });
    if (res.status !== 200) throw new Error(`a callback was answered ${res.status}: ${await res.text()}`);
  });
}

/** What the database counted, against what was paid: answers the problems found. */
export async function checkCounted(
  platform: Platform,
  seeded: Seeded,
): Promise<{ lines: string[]; problems: string[] }> {
  const { rows } = await platform.db.pool.query<Record<string, number>>(
    `select (select count(*)::int from fine_payments) as payments,
       (select count(distinct stk_request_id)::int from fine_payments) as pushes,
       (select count(distinct notice_id)::int from fine_payments) as notices,
       (select count(*)::int from fine_payments where suspense_reason is not null) as suspense,
       (select count(*)::int from fine_notices where paid_cents > amount_cents) as overpaid,
       (select count(*)::int from fine_notices where status = 'paid') as paid_notices,
       (select count(*)::int from fine_stk_requests where status = 'paid') as paid_pushes,
       (select count(*)::int from fine_stk_requests where phone like '%1032' and status = 'failed') as refused,
       (select count(*)::int from fine_payments p join fine_stk_requests s on s.id = p.stk_request_id
         where s.phone like '%1032') as cancelled_paid`,
  );
  const c = rows[0]!;
  const references = (await platform.db.pool.query<{ reference: string }>('select reference from fine_payments')).rows;
  // a paid push is counted by its receipt, or (asked about before its callback came) by its checkout id
  const genuine = new Set(seeded.genuine.flatMap((p) => [p.receipt, `stk:${p.checkoutRequestId}`]));
  const forgedAccepted = references.filter((r) => !genuine.has(r.reference)).length;
  const byQueryAlone = references.filter((r) => r.reference.startsWith('stk:')).length;
  const n = seeded.genuine.length;
  const lines = [
    `Paid pushes (genuine): ${n}; payments counted: ${c.payments} (for ${c.pushes} pushes, ${c.notices} notices); notices paid: ${c.paid_notices}`,
    `Double-counted: ${c.payments! - c.pushes!} by push, ${c.payments! - c.notices!} by notice, ${c.overpaid} notices credited beyond their amount, ${c.suspense} in suspense`,
    `Counted by the query before their callback came (30 s after the push; by checkout id): ${byQueryAlone}`,
    `Forged accepted: ${forgedAccepted} payments with a receipt Daraja never gave, ${c.cancelled_paid} for cancelled pushes (${c.refused} of ${seeded.contradicted.length} cancelled pushes settled as failed by the query)`,
  ];
  const problems: string[] = [];
  if (c.payments !== n || c.pushes !== n || c.notices !== n || c.paid_pushes !== n || c.paid_notices !== n)
    problems.push(`payments counted (${c.payments}) is not the ${n} genuine pushes`);
  if (c.payments !== c.pushes || c.payments !== c.notices || c.overpaid !== 0 || c.suspense !== 0)
    problems.push('a payment was counted twice');
  if (forgedAccepted !== 0 || c.cancelled_paid !== 0) problems.push('a forged payment was accepted');
  if (c.refused !== seeded.contradicted.length) {
    const { rows: left } = await platform.db.pool.query(
      `select status, result_code, count(*)::int as n from fine_stk_requests where phone like '%1032' group by 1, 2`,
    );
    problems.push(`a cancelled push was not settled as failed: ${JSON.stringify(left)}`);
  }
  return { lines, problems };
}
