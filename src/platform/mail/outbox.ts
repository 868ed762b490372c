import type { Queryable } from '../db/database.ts';
import type { Locale } from '../i18n/index.ts';
import type { Platform } from '../module.ts';
// an address is kept the way an SMS number is: sealed under SAUTI_SECRET, erased once the message is final
import { sealNumber as sealAddress } from '../sms/seal.ts';
import { insertMail } from './store.ts';

export const MAIL_DISPATCH_QUEUE = 'mail.dispatch';

export interface MailToSend {
  /**
   * What makes the message one of a kind, e.g. `reports.news:12:1767225600000`: queued twice under one key, it is
   * kept once. Messages about one thing share a prefix (`reports.news:<case id>:`).
   */
  key: string;
  /** What it is for, in a word (`reports.news`): counted, never shown. */
  purpose: string;
  to: string;
  subject: string;
  /** Plain text. */
  text: string;
  language: Locale;
}

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+$/;

/**
 * Queues an e-mail in the caller's transaction: it exists only if the event that owes it commits, and is handed to
 * the SMTP server after that by the dispatch job. True when this call queued it (false: its key was queued before).
 */
export async function queueMail(platform: Platform, client: Queryable, mail: MailToSend): Promise<boolean> {
  if (!ADDRESS.test(mail.to) || mail.to.length > 254) throw new Error(`not an e-mail address (${mail.purpose})`);
  if (/[\r\n]/.test(mail.subject)) throw new Error(`a subject is one line (${mail.purpose})`);
  const queued = await insertMail(client, {
    key: mail.key,
    purpose: mail.purpose,
    toSealed: sealAddress(platform.config.secret, mail.to),
    subject: mail.subject,
    body: mail.text,
    language: mail.language,
    at: platform.clock.now(),
  });
  if (queued) await platform.jobs.sendIn(client, MAIL_DISPATCH_QUEUE, {});
  return queued;
}

/** Asks for a dispatch round now (at most one waits); a lost wake-up only delays messages to the next minute. */
export async function wakeMailDispatch(platform: Platform): Promise<void> {
  await platform.jobs.send(MAIL_DISPATCH_QUEUE, {}).catch((error: unknown) => {
    platform.log.warn({ err: error }, 'the mail dispatch job could not be woken; its next round sends the messages');
  });
}
