import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DARAJA_SIM_DEFAULTS,
  startDarajaSim,
  type DarajaSimOptions,
  type RunningDarajaSim,
} from '../../../daraja-sim/index.ts';
import { CallbackReceiver } from '../../../daraja-sim/receiver.test-support.ts';
import {
  darajaClient,
  DarajaError,
  darajaResultText,
  darajaSettingsFor,
  parseStkCallback,
  type DarajaClientOptions,
  type StkCallback,
} from './index.ts';

/** A clock a test moves by hand. */
function handClock(at = '2026-03-01T09:00:00Z') {
  let ms = Date.parse(at);
  return { now: () => new Date(ms), advance: (by: number) => void (ms += by) };
}

interface World {
  sim: RunningDarajaSim;
  receiver: CallbackReceiver;
  settings: ReturnType<typeof darajaSettingsFor>;
  client: (
    options?: DarajaClientOptions,
    overrides?: Partial<Parameters<typeof darajaSettingsFor>[0]>,
  ) => ReturnType<typeof darajaClient>;
}

async function withSim(options: DarajaSimOptions, run: (world: World) => Promise<void>): Promise<void> {
  const sim = await startDarajaSim({ port: 0, ...options });
  const receiver = await new CallbackReceiver().start();
  const values = {
    baseUrl: sim.url,
    consumerKey: DARAJA_SIM_DEFAULTS.consumerKey,
    consumerSecret: DARAJA_SIM_DEFAULTS.consumerSecret,
    shortcode: DARAJA_SIM_DEFAULTS.shortcode,
    passkey: DARAJA_SIM_DEFAULTS.passkey,
    timeoutMs: 10_000,
  };
  const settings = darajaSettingsFor(values);
  try {
    await run({
      sim,
      receiver,
      settings,
      client: (clientOptions = {}, overrides = {}) =>
        darajaClient(darajaSettingsFor({ ...values, ...overrides }), clientOptions),
    });
  } finally {
    await sim.close();
    await receiver.close();
  }
}

function push(receiver: CallbackReceiver, phone: string, amount = 500) {
  return {
    amount,
    phone,
    accountReference: 'TF-2026-0042',
    description: 'Traffic fine',
    callbackUrl: `${receiver.url}/stk`,
  };
}

async function rejection(promise: Promise<unknown>): Promise<DarajaError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DarajaError, `a DarajaError, not ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

function callbackOf(body: unknown): StkCallback {
  const parsed = parseStkCallback(body);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.value;
}

test('a token is asked for once and shared: by callers one after another and by callers at the same moment', async () => {
  await withSim({}, async ({ sim, client }) => {
    const daraja = client();
    const tokens = await Promise.all([daraja.token(), daraja.token(), daraja.token(), daraja.token(), daraja.token()]);
    assert.equal(new Set(tokens).size, 1);
    assert.equal(await daraja.token(), tokens[0]);
    assert.equal(sim.transactions().tokensIssued, 1);
  });
});

test('a token is used until 60 s before Daraja says it expires (expires_in arrives as a string), then renewed', async () => {
  await withSim({ tokenExpiresInSeconds: 3599 }, async ({ sim, client }) => {
    const clock = handClock();
    const daraja = client({ now: clock.now });
    const first = await daraja.token();
    clock.advance((3599 - 61) * 1000);
    assert.equal(await daraja.token(), first, 'still cached 61 s before it expires');
    clock.advance(2000);
    const second = await daraja.token();
    assert.notEqual(second, first, 'renewed within the last minute of its life');
    assert.equal(sim.transactions().tokensIssued, 2);
  });
});

test('a token Daraja no longer accepts (401) is renewed once and the call goes through', async () => {
  const simClock = handClock();
  await withSim({ now: simClock.now, tokenExpiresInSeconds: 3599 }, async ({ sim, client, receiver }) => {
    const daraja = client();
    await daraja.token();
    // Daraja's clock runs past the token's life while Sauti still holds it
    simClock.advance(3600 * 1000);
    const accepted = await daraja.stkPush(push(receiver, '254708374149'));
    assert.match(accepted.checkoutRequestId, /^ws_CO_/);
    assert.equal(sim.transactions().tokensIssued, 2);
  });
});

test('a fresh token refused again is an unauthorized error after exactly one retry', async () => {
  await withSim({}, async ({ sim, client, receiver }) => {
    let pushes = 0;
    const tampering: typeof fetch = (input, init) => {
      if (String(input).includes('/stkpush/')) {
        pushes++;
        return fetch(input, {
          ...init,
          headers: { ...(init?.headers as Record<string, string>), authorization: 'Bearer forged' },
        });
      }
      return fetch(input, init);
    };
    const error = await rejection(client({ fetch: tampering }).stkPush(push(receiver, '254708374149')));
    assert.equal(error.kind, 'unauthorized');
    assert.equal(error.errorCode, '404.001.03');
    assert.equal(pushes, 2);
    assert.equal(sim.transactions().tokensIssued, 2);
    assert.equal(sim.transactions().transactions.length, 0);
  });
});

test('wrong consumer key and secret: unauthorized, naming the settings and not the secret', async () => {
  await withSim({}, async ({ client }) => {
    const error = await rejection(client({}, { consumerSecret: 'not-the-secret-at-all' }).token());
    assert.equal(error.kind, 'unauthorized');
    assert.equal(error.errorCode, '400.008.01');
    assert.match(error.message, /DARAJA_CONSUMER_SECRET/);
    assert.doesNotMatch(error.message, /not-the-secret-at-all/);
  });
});

test('an STK push is signed with the Nairobi timestamp of the injected clock, and its callback reports the payment', async () => {
  await withSim({ callbackDelayMs: 0 }, async ({ client, receiver, settings }) => {
    const sent: Array<Record<string, unknown>> = [];
    const watching: typeof fetch = (input, init) => {
      if (typeof init?.body === 'string') sent.push(JSON.parse(init.body) as Record<string, unknown>);
      return fetch(input, init);
    };
    // 21:30:05 UTC on 1 March is 00:30:05 on 2 March in Nairobi
    const daraja = client({ fetch: watching, now: () => new Date('2026-03-01T21:30:05Z') });
    const accepted = await daraja.stkPush(push(receiver, '254708374149', 1500));
    assert.equal(accepted.customerMessage, 'Success. Request accepted for processing');
    assert.equal(sent[0]!.Timestamp, '20260302003005');
    const password = Buffer.from(`${settings.shortcode}${DARAJA_SIM_DEFAULTS.passkey}20260302003005`).toString(
      'base64',
    );
    assert.equal(sent[0]!.Password, password);
    assert.equal(sent[0]!.Amount, '1500');

    const [body] = await receiver.waitFor('/stk');
    const callback = callbackOf(body);
    assert.equal(callback.checkoutRequestId, accepted.checkoutRequestId);
    assert.equal(callback.merchantRequestId, accepted.merchantRequestId);
    assert.equal(callback.resultCode, 0);
    assert.equal(callback.metadata?.amountCents, 150_000);
    assert.match(callback.metadata?.receipt ?? '', /^[A-Z0-9]{10}$/);
    assert.equal(callback.metadata?.phone, '254708374149');
    assert.ok(Math.abs(callback.metadata!.transactionDate.getTime() - Date.now()) < 60_000);
    assert.equal(darajaResultText(callback.resultCode).en, 'Paid.');
  });
});

test('a push the payer cancels calls back with 1032 and no metadata', async () => {
  await withSim({ callbackDelayMs: 0 }, async ({ client, receiver }) => {
    await client().stkPush(push(receiver, '254711111032'));
    const callback = callbackOf((await receiver.waitFor('/stk'))[0]);
    assert.equal(callback.resultCode, 1032);
    assert.equal(callback.metadata, undefined);
    assert.equal(darajaResultText(1032).sw, 'Malipo yalisitishwa kwenye simu.');
  });
});

test('a query while the payer has not answered is pending (null), then gives the result code as a number', async () => {
  await withSim({ callbackDelayMs: 600_000 }, async ({ sim, client, receiver }) => {
    const daraja = client();
    const paid = await daraja.stkPush(push(receiver, '254708374149'));
    const cancelled = await daraja.stkPush(push(receiver, '254722001032'));
    assert.deepEqual(await daraja.stkQuery(paid.checkoutRequestId), {
      resultCode: null,
      resultDesc: 'The transaction is being processed',
    });
    await sim.decideNow(paid.checkoutRequestId);
    await sim.decideNow(cancelled.checkoutRequestId);
    assert.deepEqual(await daraja.stkQuery(paid.checkoutRequestId), {
      resultCode: 0,
      resultDesc: 'The service request is processed successfully.',
    });
    assert.equal((await daraja.stkQuery(cancelled.checkoutRequestId)).resultCode, 1032);
    const unknown = await rejection(daraja.stkQuery('ws_CO_000000000000000000'));
    assert.equal(unknown.kind, 'refused');
    assert.equal(unknown.errorMessage, 'Bad Request - Invalid CheckoutRequestID');
  });
});

test('numbers ending 9999 never get a callback but a query finds them paid; numbers ending 2222 get it twice', async () => {
  await withSim({ callbackDelayMs: 600_000 }, async ({ sim, client, receiver }) => {
    const daraja = client();
    const silent = await daraja.stkPush(push(receiver, '254700009999'));
    const twice = await daraja.stkPush(push(receiver, '254700002222'));
    await sim.decideNow(silent.checkoutRequestId);
    await sim.decideNow(twice.checkoutRequestId);
    const bodies = receiver.at('/stk').map(callbackOf);
    assert.equal(bodies.filter((c) => c.checkoutRequestId === silent.checkoutRequestId).length, 0);
    const repeated = bodies.filter((c) => c.checkoutRequestId === twice.checkoutRequestId);
    assert.equal(repeated.length, 2);
    assert.equal(repeated[0]!.metadata!.receipt, repeated[1]!.metadata!.receipt);
    assert.equal((await daraja.stkQuery(silent.checkoutRequestId)).resultCode, 0);
  });
});

test('a push with wrong input is refused before anything is sent, naming the field', async () => {
  await withSim({}, async ({ sim, client, receiver }) => {
    const daraja = client();
    const base = push(receiver, '254708374149');
    const cases: Array<[string, Partial<typeof base>]> = [
      ['amount', { amount: 10.5 }],
      ['amount', { amount: 0 }],
      ['phone', { phone: '0708374149' }],
      ['accountReference', { accountReference: 'TF-2026-00421' }],
      ['description', { description: 'Traffic fine 1' }],
      ['callbackUrl', { callbackUrl: 'ftp://example.org/cb' }],
    ];
    for (const [field, change] of cases) {
      const error = await rejection(daraja.stkPush({ ...base, ...change }));
      assert.equal(error.kind, 'invalid');
      assert.equal(error.field, field);
    }
    assert.equal(sim.transactions().transactions.length, 0);
    assert.equal(sim.transactions().tokensIssued, 0);
  });
});

test("Daraja's refusals arrive as typed errors with its errorCode and errorMessage", async () => {
  await withSim({}, async ({ client, receiver }) => {
    const wrongShortcode = await rejection(client({}, { shortcode: '600000' }).stkPush(push(receiver, '254708374149')));
    assert.equal(wrongShortcode.kind, 'refused');
    assert.equal(wrongShortcode.status, 400);
    assert.equal(wrongShortcode.errorCode, '400.002.02');
    assert.equal(wrongShortcode.errorMessage, 'Bad Request - Invalid BusinessShortCode');
    const wrongPasskey = await rejection(client({}, { passkey: 'wrong' }).stkPush(push(receiver, '254708374149')));
    assert.equal(wrongPasskey.errorCode, '500.001.1001');
    assert.equal(wrongPasskey.errorMessage, 'Wrong credentials');
  });
});

test('C2B URLs are registered, and words Daraja refuses in them are caught first', async () => {
  await withSim({}, async ({ client, receiver }) => {
    const daraja = client();
    const registered = await daraja.registerC2bUrls({
      confirmationUrl: `${receiver.url}/c2b/confirm`,
      validationUrl: `${receiver.url}/c2b/validate`,
      responseType: 'Completed',
    });
    assert.equal(registered.responseDescription, 'Success');
    assert.ok(registered.originatorConversationId.length > 0);
    const error = await rejection(
      daraja.registerC2bUrls({
        confirmationUrl: `${receiver.url}/mpesa/confirm`,
        validationUrl: `${receiver.url}/c2b/validate`,
        responseType: 'Completed',
      }),
    );
    assert.equal(error.field, 'confirmationUrl');
  });
});

test('with DARAJA_BASE_URL unset the client says payments by M-Pesa are off', async () => {
  const daraja = darajaClient({ enabled: false });
  assert.equal(daraja.enabled, false);
  const error = await rejection(daraja.stkQuery('ws_CO_1'));
  assert.equal(error.kind, 'off');
  assert.match(error.message, /DARAJA_BASE_URL/);
});

test('every call has a timeout, and an address nobody answers at is unreachable', async () => {
  const silent = createServer(() => undefined);
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const port = (silent.address() as AddressInfo).port;
  const settings = (baseUrl: string) =>
    darajaSettingsFor({
      baseUrl,
      consumerKey: 'k',
      consumerSecret: 's',
      shortcode: '174379',
      passkey: 'p',
      timeoutMs: 200,
    });
  try {
    const slow = await rejection(darajaClient(settings(`http://127.0.0.1:${port}`)).token());
    assert.equal(slow.kind, 'timeout');
  } finally {
    silent.closeAllConnections();
    silent.close();
  }
  await once(silent, 'close');
  const gone = await rejection(darajaClient(settings(`http://127.0.0.1:${port}`)).token());
  assert.equal(gone.kind, 'unreachable');
});
