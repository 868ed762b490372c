import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StkTransaction } from '../../../daraja-sim/stk.ts';
import { stkCallbackPath, stkCallbackSecret, stkSettling } from '../payments.ts';
import { countedFor, issue, pay, startPaying, type Paying } from '../test-paying.ts';

// Malformed STK callbacks at the right address: whatever the body, Daraja gets its acknowledgement (or a 4xx
// where the body is not JSON at all or too large to read), nothing is paid on the callback's word, and the
// genuine callback afterwards still counts the payment exactly once. Each push here is paid at once by the
// simulator (a phone ending 9999: it never calls back itself), so a callback that were believed would pay.

let paying: Paying;

before(async () => {
  paying = await startPaying();
});
after(() => paying?.close());

type Json = Record<string, unknown>;

/** A notice whose push Daraja has taken the payment for, and the callback Daraja would send for it. */
async function paidPush(): Promise<{ number: string; amountCents: number; genuine: Json; receipt: string }> {
  const { sauti, sim } = paying;
  const notice = await issue(sauti);
  const checkout = await pay(sauti, notice.link, '0712 34 9999');
  await paying.decide(checkout);
  const push = sim
    .transactions()
    .transactions.find((t): t is StkTransaction => t.kind === 'stk' && t.checkoutRequestId === checkout)!;
  assert.equal(push.resultCode, 0);
  const genuine = {
    Body: {
      stkCallback: {
        MerchantRequestID: push.merchantRequestId,
        CheckoutRequestID: checkout,
        ResultCode: 0,
        ResultDesc: 'The service request is processed successfully.',
        CallbackMetadata: {
          Item: [
            { Name: 'Amount', Value: push.amount },
            { Name: 'MpesaReceiptNumber', Value: push.receipt },
            { Name: 'Balance' },
            { Name: 'TransactionDate', Value: 20261201120000 },
            { Name: 'PhoneNumber', Value: Number(push.phone) },
          ],
        },
      },
    },
  };
  return { number: notice.number, amountCents: notice.amountCents, genuine, receipt: push.receipt! };
}

async function post(body: string, contentType = 'application/json'): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${paying.url}${stkCallbackPath(stkCallbackSecret(paying.sauti.platform))}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  const text = await res.text();
  // answered at once; what the callback set going (a query, and the payment if confirmed) is done before looking
  await stkSettling(paying.sauti.platform);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

const ACK = { ResultCode: 0, ResultDesc: 'Accepted' };

/** A copy of the genuine callback with its stkCallback changed by `change`. */
function altered(genuine: Json, change: (callback: Json, items: Json[]) => void): Json {
  const copy = structuredClone(genuine) as { Body: { stkCallback: Json } };
  const callback = copy.Body.stkCallback;
  change(callback, (callback.CallbackMetadata as { Item: Json[] }).Item);
  return copy;
}

const withoutItem = (name: string) => (_: Json, items: Json[]) =>
  void items.splice(
    items.findIndex((i) => i.Name === name),
    1,
  );
const itemValue = (name: string, value: unknown) => (_: Json, items: Json[]) =>
  void (items.find((i) => i.Name === name)!.Value = value);

/** Bodies Sauti cannot read as Daraja's callback: acknowledged, and ignored. */
const unreadable: Array<[string, (genuine: Json) => unknown]> = [
  ['no Body', () => ({ stkCallback: {} })],
  ['Body without stkCallback', () => ({ Body: {} })],
  ['stkCallback not an object', () => ({ Body: { stkCallback: 'paid' } })],
  ['a list for a body', (g) => [g]],
  ['paid without CallbackMetadata', (g) => altered(g, (c) => delete c.CallbackMetadata)],
  ['CallbackMetadata.Item not a list', (g) => altered(g, (c) => (c.CallbackMetadata = { Item: 'Amount' }))],
  ['no MpesaReceiptNumber item', (g) => altered(g, withoutItem('MpesaReceiptNumber'))],
  ['no Amount item', (g) => altered(g, withoutItem('Amount'))],
  ['no PhoneNumber item', (g) => altered(g, withoutItem('PhoneNumber'))],
  ['an Amount in words', (g) => altered(g, itemValue('Amount', 'three thousand five hundred'))],
  ['a negative Amount', (g) => altered(g, itemValue('Amount', -3500))],
  ['a receipt in lower case', (g) => altered(g, itemValue('MpesaReceiptNumber', 'nlj7rt61sv'))],
  ['a receipt as a number', (g) => altered(g, itemValue('MpesaReceiptNumber', 1234567890))],
  ['TransactionDate not a time', (g) => altered(g, itemValue('TransactionDate', 'yesterday'))],
  ['ResultCode in words', (g) => altered(g, (c) => (c.ResultCode = 'zero'))],
  ['ResultCode missing', (g) => altered(g, (c) => delete c.ResultCode)],
  ['CheckoutRequestID missing', (g) => altered(g, (c) => delete c.CheckoutRequestID)],
  ['CheckoutRequestID as an object', (g) => altered(g, (c) => (c.CheckoutRequestID = { $ne: '' }))],
];

/** Bodies Daraja does send (numbers as strings, Balance without a value, items Sauti does not know). */
const variants: Array<[string, (callback: Json, items: Json[]) => void]> = [
  ['Amount as a string "1.00" (not the push\'s amount: the push decides what is paid)', itemValue('Amount', '1.00')],
  ['ResultCode as a string "0"', (c) => (c.ResultCode = '0')],
  [
    'PhoneNumber and TransactionDate as strings',
    (c, items) => {
      itemValue('PhoneNumber', '254712349999')(c, items);
      itemValue('TransactionDate', '20261201120000')(c, items);
    },
  ],
  [
    'Balance with an empty value, and items Sauti does not know',
    (_, items) => {
      items.find((i) => i.Name === 'Balance')!.Value = '';
      items.push({ Name: 'TransactionCharge', Value: 0 }, { Name: 'Note', Value: { any: ['thing'] } });
    },
  ],
  ['extra unknown fields around the callback', (c) => Object.assign(c, { Extra: 1, Signature: 'none' })],
];

describe('malformed STK callbacks', () => {
  test('a body Sauti cannot read is acknowledged, pays nothing, and the genuine callback then counts once', async () => {
    const push = await paidPush();
    for (const [what, make] of unreadable) {
      const res = await post(JSON.stringify(make(push.genuine)));
      assert.equal(res.status, 200, what);
      assert.deepEqual(res.json, ACK, what);
    }
    const before = await countedFor(paying.sauti, push.number);
    assert.deepEqual(before.payments, [], 'nothing paid on an unreadable callback');
    assert.deepEqual([before.paidCents, before.status], [0, 'unpaid']);

    assert.deepEqual((await post(JSON.stringify(push.genuine))).json, ACK);
    assert.deepEqual((await post(JSON.stringify(push.genuine))).json, ACK);
    const after = await countedFor(paying.sauti, push.number);
    assert.deepEqual(
      after.payments.map((p) => [p.reference, Number(p.amount_cents)]),
      [[push.receipt, push.amountCents]],
    );
    assert.deepEqual([after.paidCents, after.status], [push.amountCents, 'paid']);
  });

  for (const [what, change] of variants)
    test(`${what}: read, confirmed by the query, counted once at the notice's amount`, async () => {
      const push = await paidPush();
      const body = JSON.stringify(altered(push.genuine, change));
      assert.deepEqual(await post(body), { status: 200, json: ACK });
      assert.deepEqual(await post(body), { status: 200, json: ACK });
      const counted = await countedFor(paying.sauti, push.number);
      assert.deepEqual(
        counted.payments.map((p) => [p.reference, Number(p.amount_cents)]),
        [[push.receipt, push.amountCents]],
      );
      assert.deepEqual([counted.paidCents, counted.status], [push.amountCents, 'paid']);
    });

  test('a body that is not JSON, or too large to read, is refused with a 4xx and pays nothing', async () => {
    const push = await paidPush();
    const notJson = await post('{"Body": {"stkCallback": ', 'application/json');
    assert.equal(notJson.status, 400, JSON.stringify(notJson.json));
    const form = await post('Body=paid', 'text/plain');
    assert.ok([400, 415].includes(form.status), `text/plain answered ${form.status}`);
    const huge = altered(push.genuine, (c) => (c.ResultDesc = 'x'.repeat(2 * 1024 * 1024)));
    const tooLarge = await post(JSON.stringify(huge));
    assert.equal(tooLarge.status, 413);
    const manyItems = altered(push.genuine, (_, items) => {
      for (let i = 0; i < 5000; i++) items.push({ Name: `Item${i}`, Value: i });
    });
    assert.deepEqual((await post(JSON.stringify(manyItems))).status, 200, 'a long list of unknown items is read');
    // that one was well formed: counted; the rest were refused before they were read
    const counted = await countedFor(paying.sauti, push.number);
    assert.deepEqual(
      counted.payments.map((p) => p.reference),
      [push.receipt],
    );
  });
});
