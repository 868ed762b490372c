import { test } from 'node:test';
import assert from 'node:assert/strict';
import { darajaTimestamp, parseC2bRequest } from '../platform/payments/daraja/index.ts';
import { DARAJA_SIM_DEFAULTS, startDarajaSim, type RunningDarajaSim } from './index.ts';
import { CallbackReceiver } from './receiver.test-support.ts';

const { consumerKey, consumerSecret, shortcode, passkey } = DARAJA_SIM_DEFAULTS;
const BASIC = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`;

async function withSim(run: (sim: RunningDarajaSim, receiver: CallbackReceiver) => Promise<void>) {
  const sim = await startDarajaSim({ port: 0, callbackDelayMs: 600_000 });
  const receiver = await new CallbackReceiver().start();
  try {
    await run(sim, receiver);
  } finally {
    await sim.close();
    await receiver.close();
  }
}

async function call(sim: RunningDarajaSim, path: string, init: { body?: unknown; token?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers,
    body: init.raw ?? JSON.stringify(init.body ?? {}),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function token(sim: RunningDarajaSim): Promise<string> {
  const response = await fetch(`${sim.url}/oauth/v1/generate?grant_type=client_credentials`, {
    headers: { authorization: BASIC },
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

function stkBody(receiver: CallbackReceiver, changes: Record<string, unknown> = {}) {
  const timestamp = darajaTimestamp(new Date());
  return {
    BusinessShortCode: 174379,
    Password: Buffer.from(`${shortcode}${passkey}${timestamp}`).toString('base64'),
    Timestamp: timestamp,
    TransactionType: 'CustomerPayBillOnline',
    Amount: '1',
    PartyA: '254722000000',
    PartyB: '174379',
    PhoneNumber: '254722000000',
    CallBackURL: `${receiver.url}/stk`,
    AccountReference: 'accountref',
    TransactionDesc: 'txndesc',
    ...changes,
  };
}

test("OAuth answers Daraja's token shape for the right Basic auth and Daraja's errors otherwise", async () => {
  await withSim(async (sim) => {
    const generate = (query: string, authorization?: string) =>
      fetch(`${sim.url}/oauth/v1/generate${query}`, authorization ? { headers: { authorization } } : {});
    const good = await generate('?grant_type=client_credentials', BASIC);
    assert.equal(good.status, 200);
    const body = (await good.json()) as Record<string, unknown>;
    assert.equal(body.expires_in, '3599');
    assert.equal(typeof body.access_token, 'string');
    const wrong = await generate('?grant_type=client_credentials', `Basic ${Buffer.from('a:b').toString('base64')}`);
    assert.equal(wrong.status, 400);
    assert.equal(((await wrong.json()) as Record<string, unknown>).errorCode, '400.008.01');
    const grant = await generate('?grant_type=password', BASIC);
    assert.equal(((await grant.json()) as Record<string, unknown>).errorMessage, 'Invalid grant type passed');
  });
});

test('the Daraja endpoints want a Bearer token the simulator issued', async () => {
  await withSim(async (sim, receiver) => {
    for (const token of [undefined, 'made-up']) {
      const answer = await call(sim, '/mpesa/stkpush/v1/processrequest', {
        body: stkBody(receiver),
        ...(token ? { token } : {}),
      });
      assert.equal(answer.status, 401);
      assert.equal(answer.body.errorCode, '404.001.03');
      assert.equal(answer.body.errorMessage, 'Invalid Access Token');
      assert.equal(typeof answer.body.requestId, 'string');
    }
  });
});

test('an STK push with a wrong field answers Daraja\'s "Bad Request - Invalid <field>"', async () => {
  await withSim(async (sim, receiver) => {
    const bearer = await token(sim);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ BusinessShortCode: 600000 }, 'Bad Request - Invalid BusinessShortCode'],
      [{ Timestamp: '20261340000000' }, 'Bad Request - Invalid Timestamp'],
      [{ TransactionType: 'CustomerPayBill' }, 'Bad Request - Invalid TransactionType'],
      [{ Amount: '1.50' }, 'Bad Request - Invalid Amount'],
      [{ PartyA: '0722000000' }, 'Bad Request - Invalid PartyA'],
      [{ PartyB: '600000' }, 'Bad Request - Invalid PartyB'],
      [{ PhoneNumber: '25472200000' }, 'Bad Request - Invalid PhoneNumber'],
      [{ CallBackURL: 'not a url' }, 'Bad Request - Invalid CallBackURL'],
      [{ AccountReference: 'thirteen-char' }, 'Bad Request - Invalid AccountReference'],
      [{ TransactionDesc: 'fourteen chars' }, 'Bad Request - Invalid TransactionDesc'],
    ];
    for (const [changes, message] of cases) {
      const answer = await call(sim, '/mpesa/stkpush/v1/processrequest', {
        body: stkBody(receiver, changes),
        token: bearer,
      });
      assert.equal(answer.status, 400, message);
      assert.deepEqual(
        { errorCode: answer.body.errorCode, errorMessage: answer.body.errorMessage },
        {
          errorCode: '400.002.02',
          errorMessage: message,
        },
      );
    }
    const wrongPassword = await call(sim, '/mpesa/stkpush/v1/processrequest', {
      body: stkBody(receiver, { Password: Buffer.from('174379wrong20260101000000').toString('base64') }),
      token: bearer,
    });
    assert.equal(wrongPassword.status, 500);
    assert.equal(wrongPassword.body.errorMessage, 'Wrong credentials');
    const notJson = await call(sim, '/mpesa/stkpush/v1/processrequest', { raw: '{"Amount":', token: bearer });
    assert.equal(notJson.body.errorMessage, 'Invalid Request Payload');
    assert.equal(sim.transactions().transactions.length, 0);
  });
});

test("an accepted push is listed with its outcome once decided, and its callback carries Daraja's items", async () => {
  await withSim(async (sim, receiver) => {
    const bearer = await token(sim);
    const answer = await call(sim, '/mpesa/stkpush/v1/processrequest', { body: stkBody(receiver), token: bearer });
    assert.equal(answer.body.ResponseCode, '0');
    const id = answer.body.CheckoutRequestID as string;
    const listed = sim.transactions().transactions.find((t) => t.kind === 'stk' && t.checkoutRequestId === id);
    assert.equal(listed?.kind === 'stk' ? listed.resultCode : 'not listed', null);
    const decided = await call(sim, '/sim/stk/decide', { body: { CheckoutRequestID: id } });
    assert.equal(decided.body.resultCode, 0);
    const [callback] = receiver.at('/stk') as Array<{
      Body: { stkCallback: { CallbackMetadata: { Item: unknown[] } } };
    }>;
    const items = callback!.Body.stkCallback.CallbackMetadata.Item as Array<{ Name: string; Value?: unknown }>;
    assert.deepEqual(
      items.map((i) => i.Name),
      ['Amount', 'MpesaReceiptNumber', 'Balance', 'TransactionDate', 'PhoneNumber'],
    );
    assert.equal('Value' in items[2]!, false, 'Balance comes without a Value');
    assert.equal(typeof items[3]!.Value, 'number');
    assert.equal(items[4]!.Value, 254722000000);
    const listing = (await (await fetch(`${sim.url}/sim/transactions`)).json()) as {
      transactions: Array<Record<string, unknown>>;
    };
    assert.equal(listing.transactions[0]!.receipt, items[1]!.Value);
    assert.deepEqual(
      (listing.transactions[0]!.callbacks as Array<{ status: number }>).map((c) => c.status),
      [200],
    );
  });
});

test('a customer paying the paybill: validation, then confirmation, each with the masked number as Daraja sends it', async () => {
  await withSim(async (sim, receiver) => {
    const bearer = await token(sim);
    const registered = await call(sim, '/mpesa/c2b/v2/registerurl', {
      token: bearer,
      body: {
        ShortCode: '174379',
        ResponseType: 'Completed',
        ConfirmationURL: `${receiver.url}/confirm`,
        ValidationURL: `${receiver.url}/validate`,
      },
    });
    assert.deepEqual([registered.body.ResponseCode, registered.body.ResponseDescription], ['0', 'Success']);
    assert.equal(typeof registered.body.OriginatorCoversationID, 'string');

    const paid = await call(sim, '/sim/c2b/pay', {
      body: { BillRefNumber: 'TF-2026-0042', TransAmount: 5000, MSISDN: '254708374126' },
    });
    assert.equal(paid.body.accepted, true);
    assert.deepEqual(paid.body.validation, { ResultCode: '0', ResultDesc: 'Accepted' });
    const [validation] = receiver.at('/validate');
    const [confirmation] = receiver.at('/confirm');
    const validated = parseC2bRequest(validation);
    const confirmed = parseC2bRequest(confirmation);
    assert.ok(validated.ok && confirmed.ok);
    assert.equal(validated.value.amountCents, 500_000);
    assert.equal(validated.value.msisdn, '2547 ***** 126');
    assert.equal(validated.value.orgAccountBalanceCents, null);
    assert.equal(confirmed.value.orgAccountBalanceCents, 500_000);
    assert.equal(confirmed.value.transId, paid.body.TransID);
    assert.equal((validation as Record<string, unknown>).TransAmount, '5000.00');

    receiver.answers.set('/validate', {
      status: 200,
      body: { ResultCode: 'C2B00012', ResultDesc: 'Invalid Account Number' },
    });
    const refused = await call(sim, '/sim/c2b/pay', { body: { BillRefNumber: 'NOPE', TransAmount: '100.50' } });
    assert.equal(refused.body.accepted, false);
    assert.deepEqual(refused.body.validation, { ResultCode: 'C2B00012', ResultDesc: 'Invalid Account Number' });
    assert.equal(receiver.at('/confirm').length, 1, 'no confirmation after a rejection');
  });
});

test('when the validation URL does not answer, ResponseType decides; unregistered or bad payments are refused', async () => {
  await withSim(async (sim, receiver) => {
    const bearer = await token(sim);
    const none = await call(sim, '/sim/c2b/pay', { body: { BillRefNumber: 'A', TransAmount: '5' } });
    assert.equal(none.status, 409);
    const closed = await new CallbackReceiver().start();
    await closed.close();
    const register = (responseType: string, validationUrl: string) =>
      call(sim, '/mpesa/c2b/v2/registerurl', {
        token: bearer,
        body: {
          ShortCode: 174379,
          ResponseType: responseType,
          ConfirmationURL: `${receiver.url}/confirm`,
          ValidationURL: validationUrl,
        },
      });
    assert.equal((await register('Cancelled', `${closed.url}/validate`)).body.ResponseCode, '0');
    assert.equal(
      (await call(sim, '/sim/c2b/pay', { body: { BillRefNumber: 'A', TransAmount: '5' } })).body.accepted,
      false,
    );
    assert.equal((await register('Completed', `${closed.url}/validate`)).body.ResponseCode, '0');
    assert.equal(
      (await call(sim, '/sim/c2b/pay', { body: { BillRefNumber: 'A', TransAmount: '5' } })).body.accepted,
      true,
    );
    assert.equal(receiver.at('/confirm').length, 1);

    assert.equal(
      (await register('Completed', `${receiver.url}/mpesa/validate`)).body.errorMessage,
      'Bad Request - Invalid ValidationURL',
    );
    assert.equal(
      (await register('Sometimes', `${receiver.url}/validate`)).body.errorMessage,
      'Bad Request - Invalid ResponseType',
    );
    for (const body of [
      { TransAmount: '5' },
      { BillRefNumber: 'A', TransAmount: '5.123' },
      { BillRefNumber: 'A', TransAmount: '5', MSISDN: '07' },
    ]) {
      assert.equal((await call(sim, '/sim/c2b/pay', { body })).status, 400, JSON.stringify(body));
    }
  });
});

test('unknown paths, wrong methods and oversized bodies are refused', async () => {
  await withSim(async (sim) => {
    assert.equal((await fetch(`${sim.url}/mpesa/b2c/v1/paymentrequest`, { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${sim.url}/mpesa/stkpush/v1/processrequest`)).status, 405);
    const large = await call(sim, '/sim/c2b/pay', { raw: JSON.stringify({ BillRefNumber: 'x'.repeat(70_000) }) });
    assert.equal(large.status, 413);
  });
});
