import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, type TestContext } from '../../../test/helpers.ts';
import type { RunningDarajaSim } from '../../daraja-sim/run.ts';
import { recoverStkPushes, stkCallbackPath, stkCallbackSecret, stkSettling } from './payments.ts';
import { issue as issueNotice, startPaying, type Paying } from './test-paying.ts';

// Paying a notice by M-Pesa against the Daraja simulator, which calls Sauti back over HTTP. The simulator
// decides a push only when told (decideNow), so nothing here waits on a clock.

let paying: Paying;
let sim: RunningDarajaSim;
let sauti: TestContext;
let url: string;

before(async () => {
  paying = await startPaying();
  ({ sim, sauti, url } = paying);
});
after(() => paying?.close());

const issue = () => issueNotice(sauti);

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
    await paying.decide(cancelled);
    const afterCancel = text((await motorist.get(notice.link)).body);
    assert.match(afterCancel, /The last M-Pesa request did not go through: .*cancel/i);
    assert.match(afterCancel, /Not yet paid/);

    const paid = await pay(motorist, notice.link, '0712 34 2222');
    await paying.decide(paid);
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
    await stkSettling(sauti.platform);
    assert.deepEqual(await paymentsOf(notice.number), [], 'Daraja says the push is still being processed');
    assert.match(text((await motorist.get(notice.link)).body), /Waiting for M-Pesa/);
    await paying.decide(pending);
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
