import type { Queryable } from '../../../platform/db/database.ts';
import { DomainError } from '../../../platform/http/errors.ts';
import type { Locale } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { queueSms } from '../../../platform/sms/index.ts';
import { guessLanguage, receiveSms, type IncomingSms } from '../../engage/index.ts';
import { replyFromPhone, reporterLanguage } from '../../reports/index.ts';
import { fineByKeyword, obByKeyword } from './keywords.ts';

// Every SMS to Sauti's shortcode: a reporter's reply to their case (the case's reference first, as the SMS they
// got gives it), a keyword check (FINE/FAINI, OB, HELP/MSAADA), or else a question for #EngageTheIG. Each gets
// one answer by SMS through the outbox, keyed by the incoming message's id: a callback retried is answered once.

export type IncomingOutcome = 'case_reply' | 'unknown_case' | 'fine' | 'ob' | 'help' | 'question' | 'repeated';

const CASE_REPLY = /^\s*(CASE-\d{4}-\d{6,})\b[\s:,.-]*([\s\S]*)$/i;
const KEYWORD = /^\s*([A-Za-z]+)\b\s*([\s\S]*)$/;

function answer(platform: Platform, client: Queryable, sms: IncomingSms, body: string, language: Locale) {
  return queueSms(platform, client, {
    key: `channels.incoming:${sms.id}`,
    purpose: 'channels.answer',
    to: sms.from,
    body,
    language,
  });
}

async function caseReply(platform: Platform, sms: IncomingSms, reference: string, body: string) {
  // until the number is known to be the reporter's, the answer is in the sender's own words' language
  const theirs = guessLanguage(body);
  const say = (key: string, language: Locale) => platform.i18n.translator(language)(key, { reference });
  if (!body.trim()) {
    const queued = await answer(platform, platform.db.pool, sms, say('channels.sms.caseEmpty', theirs), theirs);
    return queued ? 'unknown_case' : 'repeated';
  }
  const language = await reporterLanguage(platform, reference);
  const kept = await replyFromPhone(platform, { reference, phone: sms.from, body: body.trim() }, (client) =>
    answer(platform, client, sms, say('channels.sms.caseReplied', language), language),
  ).catch((error: unknown) => {
    if (error instanceof DomainError) return 'unknown' as const;
    throw error;
  });
  if (kept === 'kept') return 'case_reply';
  if (kept === 'repeated') return 'repeated';
  const queued = await answer(platform, platform.db.pool, sms, say('channels.sms.caseUnknown', theirs), theirs);
  return queued ? 'unknown_case' : 'repeated';
}

/** Takes one incoming SMS and queues its answer; what it was. */
export async function receiveIncoming(platform: Platform, sms: IncomingSms): Promise<IncomingOutcome> {
  const reply = CASE_REPLY.exec(sms.text);
  if (reply) return caseReply(platform, sms, reply[1]!.toUpperCase(), reply[2] ?? '');
  const [, word = '', rest = ''] = KEYWORD.exec(sms.text) ?? [];
  const keyword = word.toUpperCase();
  const language: Locale = ['FAINI', 'MSAADA'].includes(keyword) ? 'sw' : 'en';
  const t = platform.i18n.translator(language);
  let outcome: IncomingOutcome;
  let body: string;
  if (keyword === 'FINE' || keyword === 'FAINI') {
    outcome = 'fine';
    body = await fineByKeyword(platform, t, language, rest);
  } else if (keyword === 'OB') {
    outcome = 'ob';
    body = await obByKeyword(platform, t, language, rest);
  } else if (keyword === 'HELP' || keyword === 'MSAADA') {
    outcome = 'help';
    body = t('channels.sms.help');
  } else {
    const receipt = await receiveSms(platform, sms);
    if (receipt.outcome === 'duplicate') return 'repeated';
    return (await answer(platform, platform.db.pool, sms, receipt.reply, receipt.language)) ? 'question' : 'repeated';
  }
  return (await answer(platform, platform.db.pool, sms, body, language)) ? outcome : 'repeated';
}
