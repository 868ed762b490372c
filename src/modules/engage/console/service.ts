import { audit } from '../../../platform/audit/index.ts';
import { type Actor, actorLabel } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { inTransaction, type Queryable } from '../../../platform/db/database.ts';
import { badField, NotFound, Problems } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { canRunConsole } from '../permissions.ts';
import { isDate, zonedToUtc } from '../schedule.ts';
import { lockedSession, staffSessions } from '../schedule/sessions.ts';
import {
  EngageRefused,
  MAX_ANSWER,
  MAX_COMMITMENT,
  refuseClosed,
  type SessionView,
  TIME_ZONE,
  unitCodes,
  view,
} from '../shared.ts';
import { cleanText } from '../text.ts';
import * as moderationStore from '../moderation/store.ts';
import * as scheduleStore from '../schedule/store.ts';
import { queueAnswerSms } from './answer-sms.ts';
import * as store from './store.ts';

// The IG's console

export interface Console {
  session: SessionView;
  sessions: SessionView[];
  clusters: store.PublicCluster[];
  answers: store.AnswerRow[];
  answering: store.PublicCluster | undefined;
  commitments: store.CommitmentRow[];
  pending: number;
}

/** The console of a session, or of the current one; undefined when there is no session at all yet. */
export async function consoleView(
  platform: Platform,
  actor: Actor,
  sessionId: string | undefined,
  now = platform.clock.now(),
): Promise<Console | undefined> {
  requireStaff(actor, canRunConsole);
  const { sessions, current } = await staffSessions(platform, now);
  let session = current;
  if (sessionId) {
    const found = await scheduleStore.findSession(platform.db.pool, sessionId);
    if (!found) throw new NotFound();
    session = view(found, now);
  }
  if (!session) return undefined;
  const db = platform.db.pool;
  const [clusters, answers, commitments, counts] = await Promise.all([
    store.listPublicClusters(db, session.id, { limit: 500 }),
    store.listAnswers(db, session.id),
    store.listCommitments(db, now, session.id),
    moderationStore.countQuestionsByStatus(db, session.id),
  ]);
  const answering = session.answering_cluster_id
    ? clusters.find((c) => c.id === session.answering_cluster_id)
    : undefined;
  return { session, sessions, clusters, answers, answering, commitments, pending: counts.pending ?? 0 };
}

async function publicClusterOf(
  db: Queryable,
  sessionId: string,
  clusterId: string,
  field: string,
): Promise<store.PublicCluster> {
  const cluster = /^\d{1,18}$/.test(clusterId) ? await store.findPublicCluster(db, sessionId, clusterId) : undefined;
  if (!cluster) badField(field, 'engage.error.cluster');
  return cluster;
}

/** Marks the cluster the IG is answering now (or none), shown highlighted on the live page. */
export async function setAnswering(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  clusterId: string | undefined,
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor, canRunConsole);
  await inTransaction(platform.db.pool, async (client) => {
    const s = await lockedSession(client, sessionId, now);
    refuseClosed(s);
    const cluster = clusterId ? await publicClusterOf(client, s.id, clusterId, 'cluster') : undefined;
    await scheduleStore.setAnswering(client, s.id, cluster?.id ?? null);
    await audit(client, who, 'engage.session.answering', 'engage_session', s.id, { cluster: cluster?.id ?? null });
  });
}

export interface AnswerInput {
  cluster?: string | undefined;
  answer?: string | undefined;
  /** A promise made in the answer: what, which unit, due on which (Nairobi) date. */
  commitment?: string | undefined;
  unit?: string | undefined;
  dueDate?: string | undefined;
}

interface CheckedAnswer {
  body: string;
  promise: string;
  dueAt: Date | undefined;
}

function checkAnswer(input: AnswerInput, now: Date): CheckedAnswer {
  const problems = new Problems();
  const body = cleanText(input.answer);
  if (!body) problems.add('answer', 'engage.error.answerRequired');
  else if (body.length > MAX_ANSWER) problems.add('answer', 'error.tooLong', { max: MAX_ANSWER });
  const promise = cleanText(input.commitment);
  let dueAt: Date | undefined;
  if (promise) {
    if (promise.length > MAX_COMMITMENT) problems.add('commitment', 'error.tooLong', { max: MAX_COMMITMENT });
    if (!unitCodes.includes(input.unit ?? '')) problems.add('unit', 'engage.error.unit');
    const due = cleanText(input.dueDate);
    if (!isDate(due)) problems.add('dueDate', 'engage.error.date');
    else {
      dueAt = zonedToUtc(due, '23:59', TIME_ZONE);
      if (dueAt.getTime() <= now.getTime()) problems.add('dueDate', 'engage.error.past');
    }
  } else if (input.unit || cleanText(input.dueDate)) {
    problems.add('commitment', 'engage.error.commitmentRequired');
  }
  problems.throwIfAny();
  return { body, promise, dueAt };
}

/**
 * Publishes the IG's answer to a cluster, with the commitment it makes if any; whoever asked it by SMS or USSD
 * gets the answer by SMS, queued with it.
 */
export async function postAnswer(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  input: AnswerInput,
  now = platform.clock.now(),
): Promise<{ answerId: string; commitmentId?: string }> {
  const who = requireStaff(actor, canRunConsole);
  const { body, promise, dueAt } = checkAnswer(input, now);
  return inTransaction(platform.db.pool, async (client) => {
    const s = await lockedSession(client, sessionId, now);
    if (s.state === 'cancelled') throw new EngageRefused(409, 'engage_cancelled', 'session');
    const cluster = await publicClusterOf(client, s.id, cleanText(input.cluster), 'cluster');
    const answerId = await store.insertAnswer(client, {
      sessionId: s.id,
      clusterId: cluster.id,
      body,
      actorId: who.id,
      actorLabel: actorLabel(who),
      at: now,
    });
    await audit(client, who, 'engage.answer', 'engage_session', s.id, { cluster: cluster.id, answer: answerId });
    await queueAnswerSms(platform, client, { sessionId: s.id, hashtag: s.hashtag, clusterId: cluster.id, body });
    if (!promise) return { answerId };
    const commitmentId = await store.insertCommitment(client, {
      sessionId: s.id,
      answerId,
      body: promise,
      unitCode: input.unit!,
      dueAt: dueAt!,
      createdAt: now,
    });
    await audit(client, who, 'engage.commitment.create', 'engage_commitment', commitmentId, {
      unit: input.unit,
      dueAt: dueAt!.toISOString(),
    });
    return { answerId, commitmentId };
  });
}
