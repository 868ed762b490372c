import nodemailer, { type NodemailerError, type SMTPSentMessageInfo, type Transporter } from 'nodemailer';
import type { AnyJobDefinition } from '../jobs/index.ts';
import type { Platform } from '../module.ts';
import { openNumber as openAddress } from '../sms/seal.ts';
import { MAIL_DISPATCH_QUEUE } from './outbox.ts';
import * as store from './store.ts';

const BATCH = 50;
const SENDS_AT_ONCE = 4;
/** Tries before a message that keeps failing is given up: its gaps add up to about eight hours. */
export const MAIL_MAX_ATTEMPTS = 12;
const MAX_GAP_MS = 2 * 3_600_000;
/** A message left "sending" this long was cut off with its instance. */
const STALE_SENDING_MS = 5 * 60_000;

/** 30 s, 1, 2, 4 … minutes after each failed try, at most two hours. */
export const mailRetryDelayMs = (attempts: number) => Math.min(MAX_GAP_MS, 30_000 * 2 ** Math.max(0, attempts - 1));

type SmtpTransporter = Transporter<SMTPSentMessageInfo>;

const transports = new WeakMap<Platform, SmtpTransporter | null>();

/** The SMTP client this platform sends through, or undefined while e-mail is off (messages wait in the outbox). */
function mailTransport(platform: Platform): SmtpTransporter | undefined {
  if (!transports.has(platform)) {
    const url = platform.config.mail.smtpUrl;
    const transport = url
      ? nodemailer.createTransport({
          url: url.href(),
          requireTLS: url.mustStartTls,
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 60_000,
          disableFileAccess: true,
          disableUrlAccess: true,
          logger: false,
        })
      : null;
    transports.set(platform, transport);
  }
  return transports.get(platform) ?? undefined;
}

/** What went wrong, in codes only: an SMTP error's text may repeat the address, which is never written down. */
function reasonOf(error: NodemailerError): string {
  const parts = [error.code ?? 'error'];
  if (error.originalCode && error.originalCode !== error.code) parts.push(`(${error.originalCode})`);
  if (error.responseCode) parts.push(`SMTP ${error.responseCode}`);
  if (error.command) parts.push(`at ${error.command}`);
  return parts.join(' ');
}

async function sendOne(platform: Platform, transport: SmtpTransporter, mail: store.ClaimedMail): Promise<void> {
  const db = platform.db.pool;
  try {
    const info = await transport.sendMail({
      from: platform.config.mail.from,
      to: openAddress(platform.config.secret, mail.to_sealed),
      subject: mail.subject,
      text: mail.body,
      headers: { 'Content-Language': mail.language },
    });
    await store.markSent(db, mail.id, {
      messageId: info.serverMessageId ?? info.messageId,
      serverResponse: info.response.slice(0, 500),
      at: platform.clock.now(),
    });
  } catch (error) {
    const reason = reasonOf(error as NodemailerError);
    const at = platform.clock.now();
    if ((error as NodemailerError).permanent === true || mail.attempts >= MAIL_MAX_ATTEMPTS) {
      const final = (error as NodemailerError).permanent === true ? reason : `given up: ${reason}`;
      platform.log.warn({ mail: mail.id, reason: final }, 'an e-mail could not be sent');
      return store.markFailed(db, mail.id, { reason: final, at });
    }
    await store.requeue(db, mail.id, { at: new Date(at.getTime() + mailRetryDelayMs(mail.attempts)), reason });
  }
}

/** Hands every message due now to the SMTP server, batch after batch; how many were claimed. */
export async function dispatchMailDue(platform: Platform): Promise<number> {
  const transport = mailTransport(platform);
  if (!transport) return 0;
  const now = platform.clock.now();
  await store.requeueStaleSending(platform.db.pool, new Date(now.getTime() - STALE_SENDING_MS), now);
  let total = 0;
  for (;;) {
    const claimed = await store.claimDue(platform.db.pool, platform.clock.now(), BATCH);
    const work = async () => {
      for (let mail = claimed.shift(); mail; mail = claimed.shift()) await sendOne(platform, transport, mail);
    };
    const n = claimed.length;
    await Promise.all(Array.from({ length: SENDS_AT_ONCE }, work));
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * The dispatch job: sent with every message queued (at most one waits), and every minute for retries that fall
 * due; one runs at a time across all instances.
 */
export function mailDispatchJob(platform: Platform): AnyJobDefinition {
  return {
    queue: MAIL_DISPATCH_QUEUE,
    every: '* * * * *',
    policy: 'stately',
    run: async () => {
      await dispatchMailDue(platform);
    },
  };
}
