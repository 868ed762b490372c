/**
 * What the SMS and X channels share: which session takes questions now, who the participant is
 * (a keyed hash, never the number or account itself), and one call that asks the question and
 * says plainly what became of it.
 */
import { hmacHex } from '../../../platform/crypto/index.ts';
import { BadInput, NotFound } from '../../../platform/http/errors.ts';
import type { Locale } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { sessionState } from '../schedule.ts';
import { askQuestion, type AskedQuestion, type QuestionOrigin } from '../questions/service.ts';
import { EngageRefused, TooManyRequests, type SessionView } from '../shared.ts';
import { words } from '../text.ts';
import * as store from './store.ts';

export type ExternalChannel = 'sms' | 'ussd' | 'x';

/** The session questions go to now: the live one, else the next upcoming one; none when nothing is scheduled. */
export async function sessionTakingQuestions(
  platform: Platform,
  now = platform.clock.now(),
): Promise<SessionView | undefined> {
  const sessions = (await store.sessionsNotOver(platform.db.pool, now, 20)).map((s) => ({
    ...s,
    state: sessionState(s, now),
  }));
  return sessions.find((s) => s.state === 'live') ?? sessions.find((s) => s.state === 'upcoming');
}

/**
 * The participant behind a phone number or an X account: an HMAC under the server secret, so
 * limits and bans follow the person while the number itself is never stored. The prefix keeps
 * channels apart and fits the participant id's shape (16 to 80 of A-Z a-z 0-9 _ -).
 */
export function channelParticipant(platform: Platform, channel: ExternalChannel, key: string): string {
  return `${channel}-${hmacHex(platform.config.secret, `engage-${channel}-participant`, key)}`;
}

/** Removes the session's hashtag, with the space before it (people on SMS and X write it; on the page it is noise). */
export function withoutHashtag(text: string, hashtag: string): string {
  // the hashtag is checked to be # and letters, digits or _ (engage_sessions), so it is safe in a pattern
  const tag = hashtag.replace(/^#/, '');
  return text
    .replace(new RegExp(`[ \\t]*(?<![A-Za-z0-9_])#${tag}(?![A-Za-z0-9_])`, 'gi'), '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\n[ \t]+/g, '\n')
    .trim();
}

// A few of the commonest words of each language: enough to tell a Kiswahili SMS from an English one.
const kiswahili = new Set([
  'na',
  'ya',
  'wa',
  'kwa',
  'ni',
  'za',
  'la',
  'cha',
  'katika',
  'je',
  'nini',
  'gani',
  'lini',
  'kwanini',
  'mbona',
  'polisi',
  'askari',
  'kituo',
  'mimi',
  'sisi',
  'wewe',
  'hii',
  'hiyo',
  'hawa',
  'kuna',
  'hakuna',
  'sana',
  'pia',
  'lakini',
  'kama',
  'bado',
  'tu',
  'mkuu',
  'naomba',
  'tafadhali',
  'asante',
  'habari',
  'wananchi',
  'rushwa',
  'hongo',
]);
const english = new Set([
  'the',
  'is',
  'are',
  'and',
  'of',
  'to',
  'in',
  'what',
  'why',
  'when',
  'how',
  'will',
  'police',
  'officers',
  'officer',
  'station',
  'please',
  'you',
  'your',
  'my',
  'we',
  'for',
  'do',
  'does',
  'be',
  'was',
  'there',
  'this',
  'that',
  'sir',
  'thank',
]);

/** English or Kiswahili, by common words: for the question's language and the language of the SMS reply. */
export function guessLanguage(text: string): Locale {
  let sw = 0;
  let en = 0;
  for (const word of words(text)) {
    if (kiswahili.has(word)) sw += 1;
    if (english.has(word)) en += 1;
  }
  return sw > en ? 'sw' : 'en';
}

export interface ChannelQuestion {
  channel: ExternalChannel;
  participantId: string;
  sessionId: string;
  question: string;
  name?: string | undefined;
  language: Locale;
  origin: QuestionOrigin;
}

export type Intake =
  | { outcome: 'stored'; asked: AskedQuestion }
  /** Already stored: a retried callback or a post seen again. */
  | { outcome: 'duplicate'; question: store.ExternalQuestion }
  | { outcome: 'empty' | 'too_long' | 'invalid' | 'banned' | 'too_many' | 'closed' };

/** The question already stored for this message or post, if any. */
export function alreadyStored(
  platform: Platform,
  channel: ExternalChannel,
  externalId: string,
): Promise<store.ExternalQuestion | undefined> {
  return store.findExternalQuestion(platform.db.pool, channel, externalId);
}

/** A Postgres unique violation of the (channel, external id) index: the same message or post stored meanwhile. */
function isDuplicate(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  return e?.code === '23505' && e.constraint === 'engage_questions_external';
}

/**
 * Asks the question for the channel. Never throws for what the sender did (empty, too long,
 * banned, too many, session over). The message or post is stored at most once: callers look for
 * it first (alreadyStored), and when two deliveries race the database refuses the second.
 */
export async function askFromChannel(
  platform: Platform,
  q: ChannelQuestion,
  now = platform.clock.now(),
): Promise<Intake> {
  try {
    const asked = await askQuestion(
      platform,
      q.participantId,
      q.sessionId,
      { question: q.question, name: q.name, language: q.language },
      q.channel,
      now,
      q.origin,
    );
    return { outcome: 'stored', asked };
  } catch (error) {
    if (isDuplicate(error)) {
      const stored = await store.findExternalQuestion(platform.db.pool, q.channel, q.origin.externalId);
      if (stored) return { outcome: 'duplicate', question: stored };
    }
    if (error instanceof BadInput) {
      const problem = error.problems[0];
      if (problem?.field === 'question') return { outcome: problem.message === 'error.tooLong' ? 'too_long' : 'empty' };
      return { outcome: 'invalid' };
    }
    if (error instanceof EngageRefused) return { outcome: error.code === 'engage_banned' ? 'banned' : 'closed' };
    if (error instanceof TooManyRequests) return { outcome: 'too_many' };
    if (error instanceof NotFound) return { outcome: 'closed' };
    throw error;
  }
}
