import { audit } from '../../../platform/audit/index.ts';
import { type Actor, actorLabel } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { inTransaction, type Queryable } from '../../../platform/db/database.ts';
import { badField, NotFound, Problems } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { canModerate } from '../permissions.ts';
import { forgetIntakeSession, staffSessions } from '../schedule/sessions.ts';
import { MAX_REASON, participantTag, type SessionView, view } from '../shared.ts';
import { cleanText, topicCodes } from '../text.ts';
import * as questionStore from '../questions/store.ts';
import * as scheduleStore from '../schedule/store.ts';
import * as store from './store.ts';

// Moderation

export type QueueFilter = 'pending' | 'approved' | 'rejected' | 'all';
export const queueFilters: QueueFilter[] = ['pending', 'approved', 'rejected', 'all'];
export const QUEUE_SIZE = 200;

export interface ModerationQueue {
  session: SessionView | undefined;
  sessions: SessionView[];
  questions: Array<questionStore.QuestionRow & { tag: string }>;
  counts: Record<string, number>;
  clusters: store.ClusterHeadline[];
  log: store.ModerationRow[];
  filter: QueueFilter;
}

export async function moderationQueue(
  platform: Platform,
  actor: Actor,
  options: { sessionId?: string | undefined; filter?: string | undefined },
  now = platform.clock.now(),
): Promise<ModerationQueue> {
  requireStaff(actor, canModerate);
  const { sessions, current } = await staffSessions(platform, now);
  let session = current;
  if (options.sessionId) {
    const found = await scheduleStore.findSession(platform.db.pool, options.sessionId);
    if (!found) throw new NotFound();
    session = view(found, now);
  }
  const filter = (queueFilters as string[]).includes(options.filter ?? '') ? (options.filter as QueueFilter) : 'all';
  if (!session) return { session, sessions, questions: [], counts: {}, clusters: [], log: [], filter };
  const db = platform.db.pool;
  const [questions, counts, clusters, log] = await Promise.all([
    store.listQuestions(db, session.id, filter, QUEUE_SIZE),
    store.countQuestionsByStatus(db, session.id),
    store.listClusterHeadlines(db, session.id, QUEUE_SIZE),
    store.listModeration(db, session.id, 20),
  ]);
  return {
    session,
    sessions,
    questions: questions.map((q) => ({ ...q, tag: participantTag(platform, q.participant_id) })),
    counts,
    clusters,
    log,
    filter,
  };
}

export async function lockedQuestion(client: Queryable, id: string): Promise<questionStore.QuestionRow> {
  const found = await questionStore.findQuestion(client, id);
  if (!found) throw new NotFound();
  await questionStore.lockQuestion(client, id);
  return (await questionStore.findQuestion(client, id))!;
}

/** Approves or rejects a question; a rejection needs a reason, kept for moderators only. Returns the session id. */
export async function moderateQuestion(
  platform: Platform,
  actor: Actor,
  questionId: string,
  input: { decision: string; reason?: string | undefined },
): Promise<string> {
  const who = requireStaff(actor, canModerate);
  const decision = input.decision;
  if (decision !== 'approve' && decision !== 'reject') badField('decision', 'engage.error.decision');
  const reason = cleanText(input.reason);
  if (decision === 'reject' && !reason) badField('reason', 'engage.error.reasonRequired');
  if (reason.length > MAX_REASON) badField('reason', 'error.tooLong', { max: MAX_REASON });
  return inTransaction(platform.db.pool, async (client) => {
    const q = await lockedQuestion(client, questionId);
    const status = decision === 'approve' ? 'approved' : 'rejected';
    if (q.status === status) return q.session_id;
    await store.setQuestionStatus(client, q.id, status);
    await store.recountClusters(client, [q.cluster_id]);
    await store.insertModeration(client, {
      sessionId: q.session_id,
      questionId: q.id,
      clusterId: q.cluster_id,
      action: decision,
      reason: reason || null,
      detail: { from: q.status },
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, `engage.question.${decision}`, 'engage_question', q.id, reason ? { reason } : undefined);
    return q.session_id;
  });
}

export async function changeTopic(
  platform: Platform,
  actor: Actor,
  questionId: string,
  topic: string,
): Promise<string> {
  const who = requireStaff(actor, canModerate);
  if (!topicCodes.includes(topic)) badField('topic', 'engage.error.topic');
  return inTransaction(platform.db.pool, async (client) => {
    const q = await lockedQuestion(client, questionId);
    if (q.topic === topic) return q.session_id;
    await store.setQuestionTopic(client, q.id, topic);
    await store.insertModeration(client, {
      sessionId: q.session_id,
      questionId: q.id,
      action: 'topic',
      detail: { from: q.topic, to: topic },
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, 'engage.question.topic', 'engage_question', q.id, { from: q.topic, to: topic });
    return q.session_id;
  });
}

export async function mergeClusters(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  input: { from?: string | undefined; into?: string | undefined },
): Promise<void> {
  const who = requireStaff(actor, canModerate);
  const problems = new Problems();
  const from = cleanText(input.from);
  const into = cleanText(input.into);
  if (!from) problems.add('from', 'engage.error.clusterRequired');
  if (!into) problems.add('into', 'engage.error.clusterRequired');
  if (from && from === into) problems.add('into', 'engage.error.sameCluster');
  problems.throwIfAny();
  await inTransaction(platform.db.pool, async (client) => {
    const session = await scheduleStore.findSession(client, sessionId);
    if (!session) throw new NotFound();
    await scheduleStore.lockSession(client, session.id);
    const a = await store.findCluster(client, from);
    const b = await store.findCluster(client, into);
    if (!a || a.session_id !== session.id || a.merged_into) badField('from', 'engage.error.cluster');
    if (!b || b.session_id !== session.id || b.merged_into) badField('into', 'engage.error.cluster');
    await store.mergeClusters(client, a.id, b.id);
    await store.recountClusters(client, [a.id, b.id]);
    await store.insertModeration(client, {
      sessionId: session.id,
      clusterId: b.id,
      action: 'merge',
      detail: { from: a.id, into: b.id },
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, 'engage.cluster.merge', 'engage_cluster', b.id, { from: a.id });
  });
}

/** Bans the participant who sent the question: their later questions and votes are refused. */
export async function banAsker(
  platform: Platform,
  actor: Actor,
  questionId: string,
  input: { reason?: string | undefined },
): Promise<string> {
  const who = requireStaff(actor, canModerate);
  const reason = cleanText(input.reason);
  if (!reason) badField('reason', 'engage.error.reasonRequired');
  if (reason.length > MAX_REASON) badField('reason', 'error.tooLong', { max: MAX_REASON });
  return inTransaction(platform.db.pool, async (client) => {
    const q = await lockedQuestion(client, questionId);
    const banned = await store.banParticipant(client, q.participant_id, reason, who.id);
    if (!banned) return q.session_id;
    await store.insertModeration(client, {
      sessionId: q.session_id,
      questionId: q.id,
      participantId: q.participant_id,
      action: 'ban',
      reason,
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(
      client,
      who,
      'engage.participant.ban',
      'engage_participant',
      participantTag(platform, q.participant_id),
      { question: q.id, reason },
    );
    return q.session_id;
  });
}

export async function setModerationMode(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  mode: string,
): Promise<void> {
  const who = requireStaff(actor, canModerate);
  if (mode !== 'pre' && mode !== 'post') badField('moderation', 'engage.error.moderation');
  await inTransaction(platform.db.pool, async (client) => {
    const s = await scheduleStore.findSession(client, sessionId);
    if (!s) throw new NotFound();
    await scheduleStore.lockSession(client, s.id);
    if (s.moderation === mode) return;
    await scheduleStore.setModeration(client, s.id, mode);
    await store.insertModeration(client, {
      sessionId: s.id,
      action: 'mode',
      detail: { from: s.moderation, to: mode },
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, 'engage.session.moderation', 'engage_session', s.id, { from: s.moderation, to: mode });
  });
  forgetIntakeSession(platform, sessionId);
}
