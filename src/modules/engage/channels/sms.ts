/**
 * #EngageTheIG questions by SMS: the Africa's Talking incoming-message callback. The sender's
 * number becomes a keyed hash (the participant) and is then forgotten: it is never stored, logged
 * or shown. A message is stored at most once, however often the callback is retried.
 */
import { Problems } from '../../../platform/http/errors.ts';
import type { Locale } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { MAX_QUESTION } from '../shared.ts';
import { cleanText } from '../text.ts';
import {
  alreadyStored,
  askFromChannel,
  channelParticipant,
  guessLanguage,
  sessionTakingQuestions,
  withoutHashtag,
} from './intake.ts';

export interface IncomingSms {
  /** The sender, as an international number ("+254712345678"). */
  from: string;
  text: string;
  /** Africa's Talking's id of the message: the key that makes the callback idempotent. */
  id: string;
}

export type SmsOutcome = 'stored' | 'duplicate' | 'no_session' | 'empty' | 'too_long' | 'banned' | 'too_many';

export interface SmsReceipt {
  outcome: SmsOutcome;
  questionId?: string;
  sessionId?: string;
  /** The language the sender wrote in (as far as can be told): the reply's language. */
  language: Locale;
  /** What to tell the sender, in their language, short enough for one or two SMS. */
  reply: string;
}

const MESSAGE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * The sender's number in international form, or undefined when it is not a phone number.
 * Africa's Talking sends "+2547..."; a Kenyan local number (07.. or 01..) gains the 254 prefix.
 */
export function internationalNumber(raw: string): string | undefined {
  const compact = raw.replace(/[\s().-]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact;
  if (/^00[1-9]\d{6,14}$/.test(compact)) return `+${compact.slice(2)}`;
  if (/^0[17]\d{8}$/.test(compact)) return `+254${compact.slice(1)}`;
  if (/^[1-9]\d{6,14}$/.test(compact)) return `+${compact}`;
  return undefined;
}

/** The callback's fields, checked; a missing or malformed sender or message id is a 400 naming the field. */
export function readCallback(body: Record<string, unknown>): IncomingSms {
  const problems = new Problems();
  const rawFrom = typeof body.from === 'string' ? body.from : '';
  const from = internationalNumber(rawFrom);
  if (!from)
    problems.add('from', rawFrom ? 'engage.channels.sms.error.from' : 'engage.channels.sms.error.fromRequired');
  const id = typeof body.id === 'string' ? body.id.trim() : '';
  if (!MESSAGE_ID.test(id))
    problems.add('id', id ? 'engage.channels.sms.error.id' : 'engage.channels.sms.error.idRequired');
  if (body.text !== undefined && typeof body.text !== 'string') problems.add('text', 'engage.channels.sms.error.text');
  problems.throwIfAny();
  return { from: from!, id, text: typeof body.text === 'string' ? body.text : '' };
}

/** The receipts an SMS can get, with the reply to the sender in their language. */
function replies(platform: Platform, language: Locale) {
  const t = platform.i18n.translator(language);
  const base = platform.config.publicUrl;
  const answer = (outcome: Exclude<SmsOutcome, 'stored' | 'duplicate'>): SmsReceipt => ({
    outcome,
    language,
    reply: t(`engage.channels.sms.reply.${outcome}`, { url: `${base}/engage`, max: MAX_QUESTION }),
  });
  const taken = (
    outcome: 'stored' | 'duplicate',
    q: { id: string; sessionId: string; status: string },
  ): SmsReceipt => ({
    outcome,
    language,
    questionId: q.id,
    sessionId: q.sessionId,
    reply: t(q.status === 'approved' ? 'engage.channels.sms.reply.shown' : 'engage.channels.sms.reply.received', {
      url: `${base}/engage/sessions/${q.sessionId}`,
    }),
  });

  return { answer, taken };
}

/** Takes one incoming SMS: its question goes to the session taking questions now, if there is one. */
export async function receiveSms(
  platform: Platform,
  sms: IncomingSms,
  now = platform.clock.now(),
): Promise<SmsReceipt> {
  const written = cleanText(sms.text);
  const language = guessLanguage(written);
  const { answer, taken } = replies(platform, language);

  // a retried callback is answered from the question its first delivery stored, whatever has changed since
  const before = await alreadyStored(platform, 'sms', sms.id);
  if (before) return taken('duplicate', { id: before.id, sessionId: before.session_id, status: before.status });
  const session = await sessionTakingQuestions(platform, now);
  if (!session) return answer('no_session');

  const intake = await askFromChannel(
    platform,
    {
      channel: 'sms',
      participantId: channelParticipant(platform, 'sms', sms.from),
      sessionId: session.id,
      question: withoutHashtag(written, session.hashtag),
      language,
      origin: { externalId: sms.id, replyTo: sms.from },
    },
    now,
  );
  switch (intake.outcome) {
    case 'stored':
      return taken('stored', { id: intake.asked.id, sessionId: session.id, status: intake.asked.status });
    case 'duplicate':
      return taken('duplicate', {
        id: intake.question.id,
        sessionId: intake.question.session_id,
        status: intake.question.status,
      });
    case 'closed':
      return answer('no_session');
    case 'invalid':
      return answer('empty');
    default:
      return answer(intake.outcome);
  }
}
