import type { AnyJobDefinition } from '../jobs/index.ts';
import type { Platform } from '../module.ts';
import { atGateway, type GatewayAnswer, type SmsGateway } from './gateway.ts';
import { SMS_DISPATCH_QUEUE } from './outbox.ts';
import { openNumber } from './seal.ts';
import { smsSettings } from './settings.ts';
import * as store from './store.ts';

const BATCH = 100;
const CALLS_AT_ONCE = 8;
const MAX_ATTEMPTS = 8;
const HOUR_MS = 3_600_000;
/** A message left "sending" this long was cut off with its instance: its outcome is unknown. */
const STALE_SENDING_MS = 5 * 60_000;

/** 30 s, 1, 2, 4 … minutes after each failed try, at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(HOUR_MS, 30_000 * 2 ** Math.max(0, attempts - 1));

const gateways = new WeakMap<Platform, SmsGateway | null>();

/** The gateway this platform sends through, or undefined while SMS is off (messages wait in the outbox). */
export function smsGateway(platform: Platform): SmsGateway | undefined {
  if (!gateways.has(platform)) gateways.set(platform, atGateway(platform.config.settings.of(smsSettings)) ?? null);
  return gateways.get(platform) ?? undefined;
}

/** Hands at most `perSecond` messages a second to the gateway, whatever the number of calls at once. */
function pacer(perSecond: number): () => Promise<void> {
  const gapMs = 1000 / perSecond;
  let next = performance.now();
  return async () => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + gapMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  };
}

async function settle(platform: Platform, id: string, attempts: number, answer: GatewayAnswer): Promise<void> {
  const db = platform.db.pool;
  const at = platform.clock.now();
  switch (answer.kind) {
    case 'taken':
      return store.markSent(db, id, { gatewayMessageId: answer.messageId, gatewayStatus: answer.status, at });
    case 'refused':
      return store.markEnded(db, id, { status: 'failed', reason: answer.reason, ...statusOf(answer), at });
    case 'unknown':
      return store.markEnded(db, id, { status: 'unknown', reason: answer.reason, at });
    case 'later':
      if (attempts >= MAX_ATTEMPTS)
        return store.markEnded(db, id, {
          status: 'failed',
          reason: `given up: ${answer.reason}`,
          ...statusOf(answer),
          at,
        });
      return store.requeue(db, id, {
        at: new Date(at.getTime() + retryDelayMs(attempts)),
        reason: answer.reason,
        countsAsAttempt: true,
      });
  }
}

const statusOf = (answer: { status?: string }) => (answer.status ? { gatewayStatus: answer.status } : {});

/** One batch: claimed, checked against each number's hourly cap, handed over at the configured pace. */
async function sendBatch(platform: Platform, gateway: SmsGateway, pace: () => Promise<void>): Promise<number> {
  const settings = platform.config.settings.of(smsSettings);
  const now = platform.clock.now();
  const claimed = await store.claimDue(platform.db.pool, now, BATCH);
  if (claimed.length === 0) return 0;
  const sent = await store.sentSince(
    platform.db.pool,
    [...new Set(claimed.map((m) => m.to_hash))],
    new Date(now.getTime() - HOUR_MS),
  );
  const queue: store.ClaimedSms[] = [];
  for (const message of claimed) {
    const count = sent.get(message.to_hash) ?? 0;
    if (count >= settings.perNumberPerHour) {
      await store.requeue(platform.db.pool, message.id, {
        at: new Date(now.getTime() + HOUR_MS / 6),
        reason: 'this number has had its messages for the hour',
        countsAsAttempt: false,
      });
    } else {
      sent.set(message.to_hash, count + 1);
      queue.push(message);
    }
  }
  const work = async () => {
    for (let message = queue.shift(); message; message = queue.shift()) {
      await pace();
      const answer = await gateway
        .send(openNumber(platform.config.secret, message.to_sealed), message.body)
        .catch((error: unknown): GatewayAnswer => ({ kind: 'unknown', reason: (error as Error).message }));
      await settle(platform, message.id, message.attempts, answer);
    }
  };
  await Promise.all(Array.from({ length: CALLS_AT_ONCE }, work));
  return claimed.length;
}

/** Hands every message due now to the gateway, batch after batch; how many were claimed. */
export async function dispatchDue(platform: Platform): Promise<number> {
  const gateway = smsGateway(platform);
  if (!gateway) return 0;
  const now = platform.clock.now();
  await store.abandonStaleSending(platform.db.pool, new Date(now.getTime() - STALE_SENDING_MS), now);
  const pace = pacer(platform.config.settings.of(smsSettings).perSecond);
  let total = 0;
  for (;;) {
    const n = await sendBatch(platform, gateway, pace);
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * The dispatch job: sent with every message queued (at most one waits), and every minute for retries that fall
 * due; one runs at a time across all instances, so the rate caps are the service's, not each instance's.
 */
export function smsDispatchJob(platform: Platform): AnyJobDefinition {
  return {
    queue: SMS_DISPATCH_QUEUE,
    every: '* * * * *',
    policy: 'stately',
    run: async () => {
      await dispatchDue(platform);
    },
  };
}
