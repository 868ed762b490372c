import { hmacHex, safeEqual } from '../../platform/crypto/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { GroupCommit } from '../../platform/db/group-commit.ts';
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
import { recordPaymentWithReceipt } from './messages.ts';
import { readMobile } from './notice-input.ts';
import { checkNotice, noticeByLink } from './service.ts';
import * as stk from './stk-store.ts';
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
  await pushBalance(platform, await noticeByLink(platform, number, token), phoneTyped);
}

/**
 * The same push for a notice named by its number and number plate, as anyone checks it (a phone without the
 * motorist's link: USSD); a notice that does not match is a 404.
 */
export async function payCheckedByStk(
  platform: Platform,
  typed: { number: string; registration: string },
  phoneTyped: unknown,
): Promise<void> {
  const checked = await checkNotice(platform, typed);
  const row = checked && (await store.noticeByNumber(platform.db.pool, checked.number));
  if (!row) throw new NotFound();
  await pushBalance(platform, row, phoneTyped);
}

async function pushBalance(platform: Platform, row: store.NoticeRow, phoneTyped: unknown): Promise<void> {
  const phone = readMobile(phoneTyped);
  if (!phone) badField('phone', 'fines.error.driverPhone');
  const balance = Number(row.amount_cents) - Number(row.paid_cents);
  if (row.status !== 'unpaid' || balance <= 0) throw new Conflict('this notice has nothing to pay');
  const client = daraja(platform);
  if (!client.enabled) throw new Conflict('payment by M-Pesa is not set up here');
  const now = platform.clock.now();
  const id = await stk.insertStkRequest(platform.db.pool, { noticeId: row.id, phone, amountCents: balance, at: now });
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
    await stk.stkAccepted(platform.db.pool, id, accepted, new Date(now.getTime() + FIRST_QUERY_MS));
  } catch (error) {
    if (!(error instanceof DarajaError)) throw error;
    await stk.stkSettled(platform.db.pool, id, { status: 'failed', resultCode: null, resultDesc: error.message }, now);
    throw new Conflict('M-Pesa did not take the request; try again');
  }
}

/**
 * Settles a push by what Daraja's query says (never by a callback alone): paid counts the payment
 * once, a failure code is kept to be shown in words, still processing leaves it waiting.
 */
export async function settleByQuery(platform: Platform, push: stk.StkRow): Promise<boolean> {
  if (push.status !== 'waiting' || !push.checkout_request_id) return false;
  const answer = await daraja(platform).stkQuery(push.checkout_request_id);
  if (answer.resultCode === null) return false;
  const now = platform.clock.now();
  const claim = push.callback;
  await inTransaction(platform.db.pool, async (client) => {
    const paid = answer.resultCode === 0;
    const settled = await stk.stkSettled(
      client,
      push.id,
      { status: paid ? 'paid' : 'failed', resultCode: answer.resultCode, resultDesc: answer.resultDesc },
      now,
    );
    if (!settled || !paid) return;
    // the receipt comes with the callback; a push settled by query alone is known by its checkout id
    await recordPaymentWithReceipt(platform, client, {
      noticeId: push.notice_id,
      channel: 'mpesa',
      reference: claim?.receipt ?? `stk:${push.checkout_request_id}`,
      account: null,
      amountCents: Number(push.amount_cents),
      paidAt: claim ? new Date(claim.paidAt) : now,
      at: now,
      phone: claim?.phone ?? null,
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

/** Pushes asked about at once: Daraja takes a second or so to answer each. */
const QUERIES_AT_ONCE = 8;
const DUE_PER_ROUND = 100;

/** Asks Daraja about one round of the pushes due (called back, or waited on too long); how many it settled. */
async function askDue(platform: Platform, now: Date): Promise<{ asked: number; settled: number }> {
  const due = await stk.dueStkQueries(platform.db.pool, now, DUE_PER_ROUND);
  let settled = 0;
  let next = 0;
  const ask = async () => {
    for (let push = due[next++]; push; push = due[next++]) {
      let done = false;
      try {
        done = await settleByQuery(platform, push);
      } catch (error) {
        if (!(error instanceof DarajaError)) throw error;
        platform.log.warn({ err: error, push: push.id }, 'Daraja could not be asked about an STK push; asking later');
      }
      if (done) settled++;
      else await stk.stkQueryLater(platform.db.pool, push.id, nextQueryAt(push.requested_at, now));
    }
  };
  await Promise.all(Array.from({ length: Math.min(QUERIES_AT_ONCE, due.length) }, ask));
  return { asked: due.length, settled };
}

/**
 * Asks Daraja about every push due at `now` (a callback came, or it has waited too long for one), round after
 * round until none is due; how many were settled. A callback lost is recovered this way.
 */
export async function recoverStkPushes(platform: Platform, now = platform.clock.now()): Promise<number> {
  let settled = 0;
  for (;;) {
    const round = await askDue(platform, now);
    settled += round.settled;
    if (round.asked < DUE_PER_ROUND) return settled;
  }
}

export const FINES_STK_RECOVERY_QUEUE = 'fines.stk-recovery';

export function fineJobs(platform: Platform): AnyJobDefinition[] {
  return [
    {
      queue: FINES_STK_RECOVERY_QUEUE,
      every: '* * * * *',
      policy: 'singleton',
      run: () => settleDuePushes(platform),
    },
  ];
}

interface Settler {
  running: Promise<void> | undefined;
  again: boolean;
}

const settlers = new WeakMap<Platform, Settler>();

/**
 * Settles the pushes due, one run at a time in this process: a callback arriving while a run is going makes it
 * go round once more rather than start another. Resolves when nothing is left due; what fails is logged and left
 * to the recovery job (every minute, on whichever instance).
 */
export function settleDuePushes(platform: Platform): Promise<void> {
  let settler = settlers.get(platform);
  if (!settler) settlers.set(platform, (settler = { running: undefined, again: false }));
  const s = settler;
  s.again = true;
  s.running ??= (async () => {
    try {
      while (s.again) {
        s.again = false;
        await recoverStkPushes(platform);
      }
    } catch (error) {
      platform.log.error({ err: error }, 'STK pushes could not be settled now; the recovery job tries again');
    } finally {
      s.running = undefined;
    }
  })();
  return s.running;
}

/** Resolves when this process has nothing left to settle (what a callback started is done). */
export const stkSettling = (platform: Platform): Promise<void> => settlers.get(platform)?.running ?? Promise.resolve();

/**
 * Daraja's callback: kept on the push it names, which becomes due to be asked about, and answered at once
 * (as Daraja expects, whatever it held); the query that confirms or contradicts it follows after the answer.
 * `pushId` comes from the callback's address: a push Sauti never heard Daraja accept (it stopped in between)
 * is known by it, and takes the callback's CheckoutRequestID, which the query then confirms or not.
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
  const { checkoutRequestId, merchantRequestId, metadata: m } = parsed.value;
  const kept = await callbackQueue(platform).submit({
    checkoutRequestId,
    merchantRequestId,
    pushId: pushId && /^[1-9]\d{0,17}$/.test(pushId) ? pushId : null,
    claim: m
      ? { receipt: m.receipt, amountCents: m.amountCents, paidAt: m.transactionDate.toISOString(), phone: m.phone }
      : null,
  });
  if (kept) void settleDuePushes(platform);
}

const callbackQueues = new WeakMap<Platform, GroupCommit<stk.StkCallbackToKeep, string | undefined>>();

/** Callbacks arriving together are kept in one statement (group commit), each answered once it is kept. */
function callbackQueue(platform: Platform): GroupCommit<stk.StkCallbackToKeep, string | undefined> {
  let queue = callbackQueues.get(platform);
  if (!queue) {
    queue = new GroupCommit(
      platform.db.pool,
      (client, callbacks) => stk.keepStkCallbacks(client, callbacks, platform.clock.now()),
      { maxBatch: 64, maxConcurrent: 4, oneStatement: true },
    );
    callbackQueues.set(platform, queue);
  }
  return queue;
}
