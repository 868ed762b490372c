import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { Browser, demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { DARAJA_SIM_DEFAULTS, startDarajaSim, type RunningDarajaSim } from '../../daraja-sim/run.ts';
import { postJson } from '../ob/test-desk.ts';
import { recoverStkPushes, stkCallbackPath, stkCallbackSecret } from './payments.ts';

// Paying a notice by M-Pesa against the Daraja simulator, which calls Sauti back over HTTP. The simulator
// decides a push only when told (decideNow), so nothing here waits on a clock.

let sim: RunningDarajaSim;
let sauti: TestContext;
let url: string;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

before(async () => {
  sim = await startDarajaSim({ port: 0, callbackDelayMs: 600_000 });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  sauti = await startSauti({
    workers: false,
    env: {
      PUBLIC_URL: url,
      RATE_LIMIT_RECEIPTS: '1000',
      DARAJA_BASE_URL: sim.url,
      DARAJA_CONSUMER_KEY: DARAJA_SIM_DEFAULTS.consumerKey,
      DARAJA_CONSUMER_SECRET: DARAJA_SIM_DEFAULTS.consumerSecret,
      DARAJA_SHORTCODE: DARAJA_SIM_DEFAULTS.shortcode,
      DARAJA_PASSKEY: DARAJA_SIM_DEFAULTS.passkey,
    },
  });
  await sauti.app.listen({ host: '127.0.0.1', port });
});
after(async () => {
  await sauti?.close();
  await sim?.close();
});

const local = (d: Date) => new Date(d.getTime() + 3 * 3600_000).toISOString().slice(0, 16);

async function issue(): Promise<{ number: string; link: string; amountCents: number }> {
  const officer = await demoAccounts(() => sauti.app).as('officer.mombasa');
  const res = await postJson(sauti, officer, '/api/fines/notices', {
    offences: [{ code: 'SPD-15' }, { code: 'BLT' }],
    registration: 'KDJ 482M',
    driverName: 'Otieno Ochieng',
    place: 'Mombasa road',
    county: '001',
    offenceAt: local(new Date(Date.now() - 10 * 60_000)),
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function pay(motorist: Browser, link: string, phone: string): Promise<string> {
  const res = await motorist.post(`${link}/pay`, { phone }, { csrfFrom: link });
  assert.equal(res.statusCode, 303, res.body);
  const { rows } = await sauti.platform.db.pool.query(
    'select checkout_request_id from fine_stk_requests order by id desc limit 1',
  );
  return rows[0].checkout_request_id as string;
}

const paymentsOf = async (number: string) =>
  (
    await sauti.platform.db.pool.query(
      `select p.reference, p.amount_cents from fine_payments p join fine_notices n on n.id = p.notice_id
       where n.number = $1`,
      [number],
    )
  ).rows;

describe('paying a notice by M-Pesa (STK push)', () => {
  test('cancelled on the phone first, then paid; the callback comes twice and counts once', async () => {
    const notice = await issue();
    const motorist = new Browser(sauti.app);
    const cancelled = await pay(motorist, notice.link, '0712 34 1032');
    assert.match(text((await motorist.get(notice.link)).body), /Waiting for M-Pesa Enter your M-Pesa PIN/);
    await sim.decideNow(cancelled);
    const afterCancel = text((await motorist.get(notice.link)).body);
    assert.match(afterCancel, /The last M-Pesa request did not go through: .*cancel/i);
    assert.match(afterCancel, /Not yet paid/);

    const paid = await pay(motorist, notice.link, '0712 34 2222');
    await sim.decideNow(paid);
    const page = text((await motorist.get(notice.link)).body);
    assert.match(page, /Paid Nothing more is owed/);
    const payments = await paymentsOf(notice.number);
    assert.equal(payments.length, 1, 'two callbacks, one payment');
    assert.equal(Number(payments[0].amount_cents), notice.amountCents);
    assert.match(payments[0].reference, /^[A-Z0-9]{10}$/, 'the M-Pesa receipt number');
  });

  test('a forged callback counts for nothing: a wrong address is refused, and a right one is checked with Daraja', async () => {
    const notice = await issue();
    const motorist = new Browser(sauti.app);
    const pending = await pay(motorist, notice.link, '0712 34 5678');
    const forged = {
      Body: {
        stkCallback: {
          MerchantRequestID: '1-2-3',
          CheckoutRequestID: pending,
          ResultCode: 0,
          ResultDesc: 'The service request is processed successfully.',
          CallbackMetadata: {
            Item: [
              { Name: 'Amount', Value: 3500 },
              { Name: 'MpesaReceiptNumber', Value: 'FORGED0001' },
              { Name: 'TransactionDate', Value: 20261201120000 },
              { Name: 'PhoneNumber', Value: 254712345678 },
            ],
          },
        },
      },
    };
    const wrongSecret = await fetch(`${url}${stkCallbackPath('0'.repeat(32))}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(forged),
    });
    assert.equal(wrongSecret.status, 404);
    const rightSecret = await fetch(`${url}${stkCallbackPath(stkCallbackSecret(sauti.platform))}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(forged),
    });
    assert.equal(rightSecret.status, 200, 'answered as Daraja expects');
    assert.deepEqual(await paymentsOf(notice.number), [], 'Daraja says the push is still being processed');
    assert.match(text((await motorist.get(notice.link)).body), /Waiting for M-Pesa/);
    await sim.decideNow(pending);
    const payments = await paymentsOf(notice.number);
    assert.equal(payments.length, 1);
    assert.notEqual(payments[0].reference, 'FORGED0001');
  });

  test('a callback that never comes: the push is asked about at 30 s, then ever later, and the payment found', async () => {
    const notice = await issue();
    const motorist = new Browser(sauti.app);
    const silent = await pay(motorist, notice.link, '0712 34 9999');
    const { rows } = await sauti.platform.db.pool.query(
      'select requested_at, next_query_at from fine_stk_requests where checkout_request_id = $1',
      [silent],
    );
    const sent: Date = rows[0].requested_at;
    assert.equal(rows[0].next_query_at.getTime() - sent.getTime(), 30_000, 'first asked 30 s after it was sent');
    const at = (seconds: number) => new Date(sent.getTime() + seconds * 1000);
    assert.equal(await recoverStkPushes(sauti.platform, at(10)), 0, 'not before it is due');
    // Daraja still processing: asked again later, not in a flood
    assert.equal(await recoverStkPushes(sauti.platform, at(31)), 0);
    const later = await sauti.platform.db.pool.query(
      'select next_query_at from fine_stk_requests where checkout_request_id = $1',
      [silent],
    );
    assert.equal(later.rows[0].next_query_at.getTime(), at(61).getTime(), 'then at about 60 s');
    await sim.decideNow(silent); // paid, and the callback never sent
    assert.deepEqual(await paymentsOf(notice.number), []);
    assert.equal(await recoverStkPushes(sauti.platform, at(61)), 1);
    const payments = await paymentsOf(notice.number);
    assert.equal(payments.length, 1, 'found by the query');
    assert.equal(await recoverStkPushes(sauti.platform, at(600)), 0, 'and counted once');
    assert.match(text((await motorist.get(notice.link)).body), /Paid Nothing more is owed/);
  });

  test('a phone number that is not Kenyan mobile is refused before anything is asked of M-Pesa', async () => {
    const notice = await issue();
    const motorist = new Browser(sauti.app);
    const before = (await sauti.platform.db.pool.query('select count(*) as n from fine_stk_requests')).rows[0].n;
    const res = await motorist.post(`${notice.link}/pay`, { phone: '12345' }, { csrfFrom: notice.link });
    assert.equal(res.statusCode, 400);
    const after = (await sauti.platform.db.pool.query('select count(*) as n from fine_stk_requests')).rows[0].n;
    assert.equal(after, before);
  });
});
