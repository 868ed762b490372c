/**
 * #EngageTheIG on the USSD menu: a question typed on a feature phone goes where an SMS question goes (the same
 * participant, so the same bans and limits), with channel ussd; the number is kept only sealed, to send the
 * answer. And what a phone can show of the sessions: the next one, and what the last one promised.
 */
import type { Locale } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import * as consoleStore from '../console/store.ts';
import * as scheduleStore from '../schedule/store.ts';
import { commitmentStatus } from '../summary/service.ts';
import { view, type SessionView } from '../shared.ts';
import { cleanText } from '../text.ts';
import { askFromChannel, channelParticipant, sessionTakingQuestions, withoutHashtag } from './intake.ts';

export interface SessionForPhone {
  id: string;
  hashtag: string;
  startsAt: Date;
  endsAt: Date;
  live: boolean;
}

const forPhone = (s: SessionView): SessionForPhone => ({
  id: s.id,
  hashtag: s.hashtag,
  startsAt: s.starts_at,
  endsAt: s.ended_at && s.ended_at < s.ends_at ? s.ended_at : s.ends_at,
  live: s.state === 'live',
});

/** The session a question goes to now (the live one, else the next), as the SMS channel decides it. */
export async function sessionForQuestions(
  platform: Platform,
  now = platform.clock.now(),
): Promise<SessionForPhone | undefined> {
  const session = await sessionTakingQuestions(platform, now);
  return session && forPhone(session);
}

export interface UssdQuestion {
  /** The dialling phone, "+2547…": the participant's key, and where the answer goes. */
  phone: string;
  /** Africa's Talking's id of the USSD session: one question per session, however often a callback comes. */
  ussdSessionId: string;
  question: string;
  language: Locale;
}

export type UssdAsked =
  | { outcome: 'stored'; session: SessionForPhone }
  | { outcome: 'no_session' | 'empty' | 'too_long' | 'banned' | 'too_many' };

export async function askByUssd(platform: Platform, q: UssdQuestion, now = platform.clock.now()): Promise<UssdAsked> {
  const session = await sessionForQuestions(platform, now);
  if (!session) return { outcome: 'no_session' };
  const intake = await askFromChannel(
    platform,
    {
      channel: 'ussd',
      // the participant an SMS from this number is: a ban or a limit there holds here too
      participantId: channelParticipant(platform, 'sms', q.phone),
      sessionId: session.id,
      question: withoutHashtag(cleanText(q.question), session.hashtag),
      language: q.language,
      origin: { externalId: q.ussdSessionId, replyTo: q.phone },
    },
    now,
  );
  switch (intake.outcome) {
    case 'stored':
    case 'duplicate':
      return { outcome: 'stored', session };
    case 'closed':
      return { outcome: 'no_session' };
    case 'invalid':
      return { outcome: 'empty' };
    default:
      return { outcome: intake.outcome };
  }
}

export interface PromiseAtAGlance {
  body: string;
  status: 'kept' | 'due' | 'overdue';
  dueAt: Date;
}

export interface SessionsAtAGlance {
  next: SessionForPhone | undefined;
  /** The latest session that took place, and what was promised in it. */
  last: { hashtag: string; startsAt: Date; commitments: PromiseAtAGlance[] } | undefined;
}

const statusWord = { done: 'kept', open: 'due', overdue: 'overdue' } as const;

export async function sessionsAtAGlance(platform: Platform, now = platform.clock.now()): Promise<SessionsAtAGlance> {
  const db = platform.db.pool;
  const [next, { past }] = await Promise.all([
    sessionForQuestions(platform, now),
    scheduleStore.listSessionsAround(db, now, 0, 10),
  ]);
  const held = past.map((s) => view(s, now)).find((s) => s.state === 'ended');
  if (!held) return { next, last: undefined };
  const commitments = (await consoleStore.listCommitments(db, now, held.id)).map((c) => ({
    body: c.body,
    status: statusWord[commitmentStatus(c, now)],
    dueAt: c.due_at,
  }));
  return { next, last: { hashtag: held.hashtag, startsAt: held.starts_at, commitments } };
}
