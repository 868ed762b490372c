import type { Queryable } from '../../../platform/db/database.ts';
import { isLocale, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { openNumber, queueSms } from '../../../platform/sms/index.ts';
import { isGsm7, plainForSms, toGsm7 } from '../../../platform/text/gsm7.ts';
import * as store from './store.ts';

// The IG's answer by SMS to whoever asked by SMS or USSD: queued with the answer (it exists only if the answer
// commits), once per number, and the sealed number erased then.

/** Two concatenated GSM-7 messages. */
export const ANSWER_SMS_MAX = 306;

export function smsText(text: string): string {
  const replaced = plainForSms(text);
  return isGsm7(replaced) ? replaced.replace(/\s+/g, ' ').trim() : toGsm7(replaced);
}

/** The message: the whole answer when it fits two SMS, else as much as fits and the session page's address. */
export function answerSmsText(t: Translate, parts: { hashtag: string; answer: string; url: string }): string {
  const answer = smsText(parts.answer);
  const whole = smsText(t('engage.channels.sms.answer', { hashtag: parts.hashtag, answer }));
  if (whole.length <= ANSWER_SMS_MAX) return whole;
  const frame = smsText(t('engage.channels.sms.answerCut', { hashtag: parts.hashtag, answer: '', url: parts.url }));
  const room = Math.max(0, ANSWER_SMS_MAX - frame.length - 4);
  const cut = `${answer.slice(0, room).trimEnd()}...`;
  return smsText(t('engage.channels.sms.answerCut', { hashtag: parts.hashtag, answer: cut, url: parts.url }));
}

/** Queues the answer for the cluster's askers by SMS or USSD, in the caller's transaction; how many were queued. */
export async function queueAnswerSms(
  platform: Platform,
  client: Queryable,
  answer: { sessionId: string; hashtag: string; clusterId: string; body: string },
): Promise<number> {
  const owed = await store.repliesOwed(client, answer.clusterId);
  if (owed.length === 0) return 0;
  const url = `${platform.config.publicUrl}/engage/sessions/${answer.sessionId}`;
  const sent = new Set<string>();
  for (const q of owed) {
    const to = openNumber(platform.config.secret, q.reply_to_sealed);
    // one person asking twice in one cluster gets the answer once
    if (sent.has(to)) continue;
    sent.add(to);
    const language: Locale = isLocale(q.language) ? q.language : 'en';
    const t = platform.i18n.translator(language);
    await queueSms(platform, client, {
      key: `engage.answer:${q.id}`,
      purpose: 'engage.answer',
      to,
      body: answerSmsText(t, { hashtag: answer.hashtag, answer: answer.body, url }),
      language,
    });
  }
  await store.forgetReplyNumbers(
    client,
    owed.map((q) => q.id),
  );
  return sent.size;
}
