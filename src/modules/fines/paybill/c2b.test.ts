import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, type TestContext } from '../../../../test/helpers.ts';
import { DARAJA_SIM_DEFAULTS, type RunningDarajaSim } from '../../../daraja-sim/run.ts';
import { darajaTimestamp } from '../../../platform/payments/daraja/index.ts';
import { noticeNumber } from '../notice-number.ts';
import { paybillPath, paybillSecret, type PaybillStep } from './c2b.ts';
import { paybillCommands } from './commands.ts';
import { issue as issueNotice, startPaying, type Paying } from '../test-paying.ts';

// The paybill (C2B): Daraja's validation and confirmation requests, and the simulator paying a notice from
// "a phone" through the URLs `sauti fines register-urls` gave it.

let paying: Paying;
let sim: RunningDarajaSim;
let sauti: TestContext;

before(async () => {
  paying = await startPaying();
  ({ sim, sauti } = paying);
});
after(() => paying?.close());

const issue = () => issueNotice(sauti);

let transIds = 0;
function c2bRequest(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    TransactionType: 'Pay Bill',
    TransID: `TST${String(++transIds).padStart(7, '0')}`,
    TransTime: darajaTimestamp(new Date()),
    TransAmount: '100.00',
    BusinessShortCode: DARAJA_SIM_DEFAULTS.shortcode,
    BillRefNumber: '0000000000',
    InvoiceNumber: '',
    OrgAccountBalance: '',
    ThirdPartyTransID: '',
    MSISDN: '2547 ***** 126',
    FirstName: 'AMINA',
    MiddleName: '',
    LastName: '',
    ...fields,
  };
}

const shillings = (cents: number) => (cents / 100).toFixed(2);

async function send(step: PaybillStep, body: unknown, secret = paybillSecret(sauti.platform)) {
  const res = await sauti.app.inject({
    method: 'POST',
    url: paybillPath(secret, step),
    payload: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {} };
}

const validate = async (body: unknown) => (await send('validation', body)).body;

const db = () => sauti.platform.db.pool;
const paymentCount = async () => Number((await db().query('select count(*) as n from fine_payments')).rows[0].n);
const noticeState = async (number: string) =>
  (await db().query('select status, paid_cents from fine_notices where number = $1', [number])).rows[0];

/** The same number with its last (check) digit changed: one wrong digit. */
const wrongCheckDigit = (number: string) => `${number.slice(0, 9)}${(Number(number[9]) + 1) % 10}`;

describe('paybill validation: Daraja asks whether to take the money', () => {
  test('an unpaid notice for exactly its balance is accepted, quickly and without recording anything', async () => {
    const notice = await issue();
    const before = await paymentCount();
    const started = Date.now();
    const answer = await validate(
      c2bRequest({ BillRefNumber: notice.number, TransAmount: shillings(notice.amountCents) }),
    );
    assert.ok(Date.now() - started < 8000, 'inside Daraja’s 8 seconds');
    assert.deepEqual(answer, { ResultCode: '0', ResultDesc: 'Accepted' });
    // the account as people type it, in groups, is the same notice
    const grouped = `${notice.number.slice(0, 3)} ${notice.number.slice(3, 6)} ${notice.number.slice(6)}`;
    assert.equal(
      (await validate(c2bRequest({ BillRefNumber: grouped, TransAmount: shillings(notice.amountCents) }))).ResultCode,
      '0',
    );
    assert.equal(await paymentCount(), before);
  });

  test('each wrong payment gets its own C2B code', async () => {
    const notice = await issue();
    const amount = shillings(notice.amountCents);
    const rejected = async (fields: Record<string, unknown>) => (await validate(c2bRequest(fields))).ResultCode;
    assert.equal(await rejected({ BillRefNumber: wrongCheckDigit(notice.number), TransAmount: amount }), 'C2B00012');
    assert.equal(await rejected({ BillRefNumber: noticeNumber(999_999_998), TransAmount: amount }), 'C2B00012');
    assert.equal(await rejected({ BillRefNumber: 'KDJ482M', TransAmount: amount }), 'C2B00012');
    assert.equal(
      await rejected({ BillRefNumber: notice.number, TransAmount: shillings(notice.amountCents - 100) }),
      'C2B00013',
    );
    assert.equal(
      await rejected({ BillRefNumber: notice.number, TransAmount: shillings(notice.amountCents + 100) }),
      'C2B00013',
    );
    assert.equal(
      await rejected({ BillRefNumber: notice.number, TransAmount: amount, MSISDN: 'not a phone' }),
      'C2B00011',
    );
    assert.equal(
      await rejected({ BillRefNumber: notice.number, TransAmount: amount, BusinessShortCode: '600984' }),
      'C2B00015',
    );
    assert.deepEqual(await validate(c2bRequest({ BillRefNumber: notice.number, TransAmount: 'lots' })), {
      ResultCode: 'C2B00013',
      ResultDesc: 'Invalid Amount',
    });
    // once paid, the notice takes no more money
    assert.equal(
      (await send('confirmation', c2bRequest({ BillRefNumber: notice.number, TransAmount: amount }))).status,
      200,
    );
    assert.equal(await rejected({ BillRefNumber: notice.number, TransAmount: amount }), 'C2B00016');
  });

  test('malformed requests are answered with a rejection; a wrong secret is not found', async () => {
    const notice = await issue();
    const before = await paymentCount();
    for (const body of [{}, [], 'null', '"text"', c2bRequest({ BillRefNumber: 12, TransAmount: true })]) {
      const answer = await send('validation', body);
      assert.equal(answer.status, 200, JSON.stringify(body));
      assert.match(String(answer.body.ResultCode), /^C2B0001[1-6]$/, JSON.stringify(body));
    }
    const { TransID: _, ...withoutId } = c2bRequest({ BillRefNumber: notice.number });
    assert.equal((await validate(withoutId)).ResultCode, 'C2B00016');
    const forged = c2bRequest({ BillRefNumber: notice.number, TransAmount: shillings(notice.amountCents) });
    assert.equal((await send('validation', forged, '0'.repeat(32))).status, 404);
    assert.equal((await send('confirmation', forged, '0'.repeat(32))).status, 404);
    assert.equal(await paymentCount(), before, 'nothing recorded');
    assert.equal((await noticeState(notice.number)).status, 'unpaid');
  });
});

describe('paybill confirmation: M-Pesa took the money', () => {
  test('repeated, it counts once; the notice is paid with the M-Pesa TransID as the reference', async () => {
    const notice = await issue();
    const body = c2bRequest({
      BillRefNumber: notice.number,
      TransAmount: shillings(notice.amountCents),
      MSISDN: 254712345678,
    });
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(await send('confirmation', body), {
        status: 200,
        body: { ResultCode: '0', ResultDesc: 'Success' },
      });
    }
    const { rows } = await db().query(
      `select p.channel, p.reference, p.amount_cents, p.credited_cents, p.phone, p.account from fine_payments p
       join fine_notices n on n.id = p.notice_id where n.number = $1`,
      [notice.number],
    );
    assert.deepEqual(rows, [
      {
        channel: 'mpesa',
        reference: body.TransID,
        amount_cents: String(notice.amountCents),
        credited_cents: String(notice.amountCents),
        phone: '254712345678',
        account: notice.number,
      },
    ]);
    assert.deepEqual(await noticeState(notice.number), { status: 'paid', paid_cents: String(notice.amountCents) });
  });

  test('money for no notice or a mistyped one waits in suspense; malformed bodies are answered and change nothing', async () => {
    const notice = await issue();
    const typo = c2bRequest({ BillRefNumber: wrongCheckDigit(notice.number), TransAmount: '500.00' });
    assert.equal((await send('confirmation', typo)).status, 200);
    const { rows } = await db().query(
      'select notice_id, suspense_reason, account from fine_payments where reference = $1',
      [typo.TransID],
    );
    assert.deepEqual(rows, [{ notice_id: null, suspense_reason: 'unknown-account', account: typo.BillRefNumber }]);
    assert.equal((await noticeState(notice.number)).status, 'unpaid', 'a typo never pays a neighbouring notice');

    const before = await paymentCount();
    const malformed = [
      {},
      [],
      c2bRequest({ BillRefNumber: notice.number, TransAmount: '-5' }),
      c2bRequest({ BillRefNumber: notice.number, TransAmount: shillings(notice.amountCents), TransTime: 'yesterday' }),
      c2bRequest({ BillRefNumber: notice.number, TransAmount: shillings(notice.amountCents), TransID: 'drop table' }),
    ];
    for (const body of malformed) {
      assert.deepEqual(await send('confirmation', body), {
        status: 200,
        body: { ResultCode: '0', ResultDesc: 'Success' },
      });
    }
    assert.equal(await paymentCount(), before);
    assert.equal((await noticeState(notice.number)).status, 'unpaid');
  });
});

describe('sauti fines register-urls, then a payment from the phone through the simulator', () => {
  test('the URLs are registered; the simulator validates then confirms, and the notice shows paid', async (t) => {
    const printed = t.mock.method(console, 'log', () => {});
    const code = await paybillCommands['register-urls']!.run([], (run) => run(sauti.platform));
    assert.equal(code, 0);
    const output = printed.mock.calls.map((c) => String(c.arguments[0])).join('\n');
    assert.match(output, /validation: +http:\/\/127\.0\.0\.1:\d+\/api\/fines\/paybill\/<secret>\/validation/);
    assert.match(output, /when validation does not answer: Cancelled/);
    assert.ok(!output.includes(paybillSecret(sauti.platform)), 'the secret is not printed');
    printed.mock.restore();

    const notice = await issue();
    const pay = async (billRef: string, amount: string) => {
      const res = await fetch(`${sim.url}/sim/c2b/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ BillRefNumber: billRef, TransAmount: amount, MSISDN: '254712345678' }),
      });
      assert.equal(res.status, 200);
      return (await res.json()) as { TransID: string; accepted: boolean; validation: unknown };
    };
    const typo = await pay(wrongCheckDigit(notice.number), shillings(notice.amountCents));
    assert.equal(typo.accepted, false);
    assert.deepEqual(typo.validation, { ResultCode: 'C2B00012', ResultDesc: 'Invalid Account Number' });
    const short = await pay(notice.number, shillings(notice.amountCents - 100_00));
    assert.equal(short.accepted, false);
    assert.equal((await noticeState(notice.number)).status, 'unpaid');

    const paid = await pay(notice.number, shillings(notice.amountCents));
    assert.equal(paid.accepted, true);
    assert.deepEqual(await noticeState(notice.number), { status: 'paid', paid_cents: String(notice.amountCents) });
    const page = (await new Browser(sauti.app).get(notice.link)).body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    assert.match(page, /Paid Nothing more is owed/);
    const { rows } = await db().query('select reference from fine_payments where reference = any($1)', [
      [typo.TransID, short.TransID, paid.TransID],
    ]);
    assert.deepEqual(rows, [{ reference: paid.TransID }], 'only the accepted payment was confirmed');
    const again = await pay(notice.number, shillings(notice.amountCents));
    assert.equal(again.accepted, false, 'a paid notice takes no more money');
  });

  test('an unknown response type is refused before Daraja is called', async (t) => {
    t.mock.method(console, 'error', () => {});
    assert.equal(
      await paybillCommands['register-urls']!.run(['--response-type', 'Sometimes'], (run) => run(sauti.platform)),
      64,
    );
  });
});
