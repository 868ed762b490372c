import { onConnection } from '../../../platform/db/database.ts';
import { NotFound, Problems } from '../../../platform/http/errors.ts';
import { isLocale } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { sealNumber } from '../../../platform/sms/index.ts';
import { sessionForIntake } from '../schedule/sessions.ts';
import {
  type Channel,
  checkParticipant,
  EngageRefused,
  MAX_NAME,
  MAX_QUESTION,
  QUESTIONS_PER_TEN_MINUTES,
  refuseClosed,
  TooManyRequests,
  view,
  VOTES_PER_MINUTE,
} from '../shared.ts';
import { bestCluster, cleanText, detectTopic, maskPersonalDetails, tokenSet } from '../text.ts';
import { rememberCluster, sessionClusters } from './clusters.ts';
import * as store from './store.ts';

// Questions

export interface QuestionInput {
  name?: string | undefined;
  question?: string | undefined;
  language?: string | undefined;
}

export interface AskedQuestion {
  id: string;
  clusterId: string;
  status: 'pending' | 'approved';
  topic: string;
  /** The text as it will be shown, with personal details masked. */
  body: string;
  masked: number;
}

export const activityWindow = {
  questions: { ms: 10 * 60_000, max: QUESTIONS_PER_TEN_MINUTES },
  votes: { ms: 60_000, max: VOTES_PER_MINUTE },
};

export function refuseActivity(outcome: 'banned' | 'too_many'): never {
  if (outcome === 'banned') throw new EngageRefused(403, 'engage_banned', 'participant');
  throw new TooManyRequests();
}

export async function checkVoteActivity(platform: Platform, participantId: string, now: Date): Promise<void> {
  const { ms, max } = activityWindow.votes;
  const activity = await store.voteActivity(platform.db.pool, participantId, new Date(now.getTime() - ms));
  if (activity.banned) refuseActivity('banned');
  if (activity.recent >= max) refuseActivity('too_many');
}

/** Where a question from another channel came from: its id there (one question per channel and id) and, for X, the post's link. */
export interface QuestionOrigin {
  externalId: string;
  externalUrl?: string | null | undefined;
  /** The asker's number (SMS, USSD): kept sealed until the answer's SMS is queued or the session is over. */
  replyTo?: string | undefined;
}

function checkQuestion(input: QuestionInput): { raw: string; rawName: string } {
  const problems = new Problems();
  const raw = cleanText(input.question);
  if (!raw) problems.add('question', 'engage.error.questionRequired');
  else if (raw.length > MAX_QUESTION) problems.add('question', 'error.tooLong', { max: MAX_QUESTION });
  const rawName = cleanText(input.name).replace(/\s+/g, ' ');
  if (rawName.length > MAX_NAME) problems.add('name', 'error.tooLong', { max: MAX_NAME });
  problems.throwIfAny();
  return { raw, rawName };
}

function shownName(
  rawName: string,
  channel: Channel,
  origin: QuestionOrigin | undefined,
): { text: string; count: number } | undefined {
  if (!rawName) return undefined;
  // an X handle is already public (it is in the post's link): shown as it is
  return channel === 'x' && origin ? { text: rawName, count: 0 } : maskPersonalDetails(rawName);
}

/**
 * A question from the public: checked, masked, given a topic and a cluster, stored. Shown at once
 * when the session is post-moderated, after a moderator's approval when it is pre-moderated.
 * A question from SMS or X carries its origin; the same origin twice is refused by the database
 * (unique on channel and external id), so a retried delivery is never stored twice.
 */
export async function askQuestion(
  platform: Platform,
  participantId: string,
  sessionId: string,
  input: QuestionInput,
  channel: Channel,
  now = platform.clock.now(),
  origin?: QuestionOrigin,
): Promise<AskedQuestion> {
  checkParticipant(participantId);
  const found = await sessionForIntake(platform, sessionId);
  if (!found) throw new NotFound();
  const session = view(found, now);
  refuseClosed(session);
  const { raw, rawName } = checkQuestion(input);
  const known = await sessionClusters(platform, session.id);

  const body = maskPersonalDetails(raw);
  const name = shownName(rawName, channel, origin);
  const tokens = tokenSet(body.text);
  const match = bestCluster(tokens, known.clusters);
  const status = session.moderation === 'post' ? 'approved' : 'pending';
  const topic = detectTopic(body.text);
  // the participant's ban and question count are checked in the same statement that stores it
  const question: store.NewQuestion = {
    sessionId: session.id,
    clusterId: match?.id ?? null,
    tokens,
    participantId,
    channel,
    displayName: name?.text ?? null,
    body: body.text,
    maskedCount: body.count + (name?.count ?? 0),
    language: isLocale(input.language) ? input.language : 'en',
    topic,
    status,
    createdAt: now,
    externalId: origin?.externalId ?? null,
    externalUrl: origin?.externalUrl ?? null,
    replyToSealed: origin?.replyTo ? sealNumber(platform.config.secret, origin.replyTo) : null,
  };
  const limit = { since: new Date(now.getTime() - activityWindow.questions.ms), max: activityWindow.questions.max };
  const stored = await onConnection(platform.db.pool, (client) => store.insertQuestion(client, question, limit));
  if (stored.outcome !== 'stored') refuseActivity(stored.outcome);
  if (!match) rememberCluster(known, stored.cluster_id, tokens);
  return {
    id: stored.id,
    clusterId: stored.cluster_id,
    status,
    topic,
    body: body.text,
    masked: body.count + (name?.count ?? 0),
  };
}
