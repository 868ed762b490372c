import { hmacHex, safeEqual } from '../../platform/crypto/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { badField, Conflict, NotFound } from '../../platform/http/errors.ts';
import type { AnyJobDefinition } from '../../platform/jobs/index.ts';
import type { Platform } from '../../platform/module.ts';
import {
  DarajaError,
  darajaClient,
  darajaSettings,
  parseStkCallback,
  type DarajaClient,
} from '../../platform/payments/daraja/index.ts';
import { readMobile } from './notice-input.ts';
import { noticeByLink } from './service.ts';
import * as store from './store.ts';

// Paying a notice by M-Pesa: an STK push to the payer's phone, its callback, and the query that
// confirms it. A callback carries no signature: it only says which push to ask about, and a payment
// counts when Daraja's own answer to the query says it was paid. Daraja is never called inside a
// database transaction.

/** First query for a push whose callback has not come. */
export const FIRST_QUERY_MS = 30_000;

const clients = new WeakMap<Platform, DarajaClient>();

export function daraja(platform: Platform): DarajaClient {
  let client = clients.get(platform);
  if (!client) {
    client = darajaClient(platform.config.settings.of(darajaSettings), { now: () => platform.clock.now() });
    clients.set(platform, client);
  }
  return client;
}

/**
 * The secret part of an address Daraja calls (the STK callback, the paybill's validation and confirmation):
 * without it, a POST there is not Daraja's. Hex, so it never holds a word Daraja refuses in C2B addresses.
 */
export const darajaCallbackSecret = (platform: Platform, purpose: 'stk-callback' | 'c2b') =>
  hmacHex(platform.config.secret, `fines.${purpose}`, 'v1').slice(0, 32);

export const stkCallbackSecret = (platform: Platform) => darajaCallbackSecret(platform, 'stk-callback');

export const stkCallbackPath = (secret: string) => `/api/fines/daraja/stk/${secret}`;

/** Asks Daraja to push the notice's balance to the payer's phone; answers once Daraja accepted it. */
export async function payByStk(platform: Platform, number: string, token: string, phoneTyped: unknown): Promise<void> {
  const row = await noticeByLink(platform, number, token);
  const phone = readMobile(phoneTyped);
  if (!phone) badField('phone', 'fines.error.driverPhone');
  const balance = Number(row.amount_cents) - Number(row.paid_cents);
  if (row.status !== 'unpaid' || balance <= 0) throw new Conflict('this notice has nothing to pay');
  const client = daraja(platform);
  if (!client.enabled) throw new Conflict('payment by M-Pesa is not set up here');
  const now = platform.clock.now();
  const id = await store.insertStkRequest(platform.db.pool, { noticeId: row.id, phone, amountCents: balance, at: now });
  try {
    const accepted = await client.stkPush({
      // M-Pesa takes whole shillings; schedule fines are whole shillings
      amount: Math.ceil(balance / 100),
      phone,
      accountReference: row.number,
      description: 'Traffic fine',
      // the push's own id too, so that its callback finds it even if Sauti stopped before keeping Daraja's answer
      callbackUrl: `${platform.config.publicUrl}${stkCallbackPath(stkCallbackSecret(platform))}/${id}`,
    });
    await store.stkAccepted(platform.db.pool, id, accepted, new Date(now.getTime() + FIRST_QUERY_MS));
  } catch (error) {
    if (!(error instanceof DarajaError)) throw error;
    await store.stkSettled(
      platform.db.pool,
      id,
      { status: 'failed', resultCode: null, resultDesc: error.message },
      now,
    );
    throw new Conflict('M-Pesa did not take the request; try again');
  }
}

/**
 * Settles a push by what Daraja's query says (never by a callback alone): paid counts the payment
 * once, a failure code is kept to be shown in words, still processing leaves it waiting.
 */
export async function settleByQuery(
  platform: Platform,
  push: store.StkRow,
  callback?: { receipt: string; amountCents: number; paidAt: Date; phone: string | null },
): Promise<boolean> {
  if (push.status !== 'waiting' || !push.checkout_request_id) return false;
  const answer = await daraja(platform).stkQuery(push.checkout_request_id);
  if (answer.resultCode === null) return false;
  const now = platform.clock.now();
  await inTransaction(platform.db.pool, async (client) => {
    const paid = answer.resultCode === 0;
    const settled = await store.stkSettled(
      client,
      push.id,
      { status: paid ? 'paid' : 'failed', resultCode: answer.resultCode, resultDesc: answer.resultDesc },
      now,
    );
    if (!settled || !paid) return;
    // the receipt comes with the callback; a push settled by query alone is known by its checkout id
    await store.recordPayment(client, {
      noticeId: push.notice_id,
      channel: 'mpesa',
      reference: callback?.receipt ?? `stk:${push.checkout_request_id}`,
      account: null,
      amountCents: Number(push.amount_cents),
      paidAt: callback?.paidAt ?? now,
      at: now,
      phone: callback?.phone ?? null,
      stkRequestId: push.id,
    });
  });
  return true;
}

/**
 * When a push not yet settled is asked about again: 30 s after it was sent, then at 60 s, then ever
 * later (half its age again), so that a callback that never comes costs a few queries, not a flood.
 */
export function nextQueryAt(requestedAt: Date, now: Date): Date {
  const age = Math.max(0, now.getTime() - requestedAt.getTime());
  return new Date(now.getTime() + Math.max(FIRST_QUERY_MS, age / 2));
}

/** Asks Daraja about every push whose callback has not settled it in time: a callback lost is recovered. */
export async function recoverStkPushes(platform: Platform, now = platform.clock.now()): Promise<number> {
  let settled = 0;
  for (const push of await store.dueStkQueries(platform.db.pool, now, 100)) {
    let done = false;
    try {
      done = await settleByQuery(platform, push);
    } catch (error) {
      if (!(error instanceof DarajaError)) throw error;
      platform.log.warn({ err: error, push: push.id }, 'Daraja could not be asked about an STK push; asking later');
    }
    if (done) settled++;
    else await store.stkQueryLater(platform.db.pool, push.id, nextQueryAt(push.requested_at, now));
  }
  return settled;
}

export const FINES_STK_RECOVERY_QUEUE = 'fines.stk-recovery';

export function fineJobs(platform: Platform): AnyJobDefinition[] {
  return [
    {
      queue: FINES_STK_RECOVERY_QUEUE,
      every: '* * * * *',
      policy: 'singleton',
      run: async () => void (await recoverStkPushes(platform)),
    },
  ];
}

const settling = new WeakMap<Platform, Map<string, Promise<boolean>>>();

/**
 * One settlement of a push at a time in this process: a repeated callback arriving while Daraja is being
 * asked about its push waits for that answer instead of asking again (and racing to settle it).
 */
function settleOnce(platform: Platform, push: store.StkRow, callback: Parameters<typeof settleByQuery>[2]) {
  let inFlight = settling.get(platform);
  if (!inFlight) settling.set(platform, (inFlight = new Map()));
  const running = inFlight.get(push.id);
  if (running) return running;
  const settled = settleByQuery(platform, push, callback).finally(() => inFlight.delete(push.id));
  inFlight.set(push.id, settled);
  return settled;
}

/**
 * Daraja's callback: a hint to ask about one push, answered as Daraja expects whatever it held. `pushId`
 * comes from the callback's address: a push Sauti never heard Daraja accept (it stopped in between) is
 * known by it, and takes the callback's CheckoutRequestID, which the query then confirms or not.
 */
export async function receiveStkCallback(
  platform: Platform,
  secret: string,
  body: unknown,
  pushId?: string,
): Promise<void> {
  if (!safeEqual(secret, stkCallbackSecret(platform))) throw new NotFound();
  const parsed = parseStkCallback(body);
  if (!parsed.ok) {
    platform.log.warn({ error: parsed.error }, 'an STK callback that is not Daraja’s shape was ignored');
    return;
  }
  const { checkoutRequestId, merchantRequestId } = parsed.value;
  const push =
    (await store.stkByCheckout(platform.db.pool, checkoutRequestId)) ??
    (pushId && /^[1-9]\d{0,17}$/.test(pushId)
      ? await store.adoptStkCheckout(platform.db.pool, pushId, { checkoutRequestId, merchantRequestId })
      : undefined);
  if (!push) return;
  const m = parsed.value.metadata;
  await settleOnce(
    platform,
    push,
    m ? { receipt: m.receipt, amountCents: m.amountCents, paidAt: m.transactionDate, phone: m.phone } : undefined,
  );
}
