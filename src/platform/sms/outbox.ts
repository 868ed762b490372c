import type { Queryable } from '../db/database.ts';
import type { Locale } from '../i18n/index.ts';
import type { Platform } from '../module.ts';
import { numberHash, sealNumber } from './seal.ts';
import type { OneStatement } from '../db/statement.ts';
import { plainForSms } from '../text/gsm7.ts';
import { insertMessage, insertMessages, insertMessagesIn, type QueuedSms } from './store.ts';

export const SMS_DISPATCH_QUEUE = 'sms.dispatch';

export interface SmsToSend {
  /**
   * What makes the message one of a kind, e.g. `fines.notice:123`: queued twice under one key, it is kept once
   * (an event retried sends nothing twice). Messages about one thing share a prefix (`reports.message:<id>:`).
   */
  key: string;
  /** What it is for, in a word (`reports.receipt`, `fines.notice`): counted, never shown. */
  purpose: string;
  /** An international number, "+2547…". */
  to: string;
  body: string;
  language: Locale;
}

function sealed(platform: Platform, sms: SmsToSend, at: Date): QueuedSms {
  if (!/^\+[1-9]\d{6,14}$/.test(sms.to)) throw new Error(`not an international number for an SMS (${sms.purpose})`);
  const secret = platform.config.secret;
  return {
    key: sms.key,
    purpose: sms.purpose,
    toHash: numberHash(secret, sms.to),
    toSealed: sealNumber(secret, sms.to),
    body: plainForSms(sms.body),
    language: sms.language,
    at,
  };
}

/**
 * Queues SMS as a step of the caller's one statement (see `OneStatement`), which commits them with its event. Call
 * `wakeSmsDispatch` once it has run: the dispatch job's every-minute round would otherwise be the first to see them.
 */
export function queueSmsIn(platform: Platform, statement: OneStatement, messages: SmsToSend[]): void {
  const at = platform.clock.now();
  if (messages.length)
    insertMessagesIn(
      statement,
      messages.map((m) => sealed(platform, m, at)),
    );
}

/** Asks for a dispatch round now (at most one waits); a lost wake-up only delays messages to the next minute. */
export async function wakeSmsDispatch(platform: Platform): Promise<void> {
  await platform.jobs.send(SMS_DISPATCH_QUEUE, {}).catch((error: unknown) => {
    platform.log.warn({ err: error }, 'the SMS dispatch job could not be woken; its next round sends the messages');
  });
}

/**
 * Queues an SMS in the caller's transaction: it exists only if the event that owes it commits, and is handed to
 * the gateway after that by the dispatch job. True when this call queued it (false: its key was queued before).
 */
export async function queueSms(platform: Platform, client: Queryable, sms: SmsToSend): Promise<boolean> {
  const queued = await insertMessage(client, sealed(platform, sms, platform.clock.now()));
  if (queued) await platform.jobs.sendIn(client, SMS_DISPATCH_QUEUE, {});
  return queued;
}

/** Queues many SMS in the caller's transaction in one statement (and one wake-up); how many were queued. */
export async function queueSmsAll(platform: Platform, client: Queryable, messages: SmsToSend[]): Promise<number> {
  if (messages.length === 0) return 0;
  const at = platform.clock.now();
  const queued = await insertMessages(
    client,
    messages.map((m) => sealed(platform, m, at)),
  );
  if (queued > 0) await platform.jobs.sendIn(client, SMS_DISPATCH_QUEUE, {});
  return queued;
}
