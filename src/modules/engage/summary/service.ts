import { NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { sessionState, type SessionState } from '../schedule.ts';
import { type Channel, channels } from '../shared.ts';
import { topicCodes } from '../text.ts';
import { otherTopic } from '../../../jurisdiction/kenya/index.ts';
import * as store from './store.ts';

/** How many clusters the summary lists, heaviest first. */
export const TOP_CLUSTERS = 10;

export type CommitmentStatus = 'open' | 'done' | 'overdue';

export interface SessionSummary {
  session: { id: string; hashtag: string; startsAt: Date; endsAt: Date; state: SessionState };
  /** Every question received, whatever became of it. */
  received: { total: number; shown: number; pending: number; rejected: number };
  /** Every topic, most questions first ("other" last); zeros included. */
  byTopic: Array<{ topic: string; count: number }>;
  /** Every channel in a fixed order (web, SMS, USSD, X); zeros included. */
  byChannel: Array<{ channel: Channel; count: number }>;
  /** Clusters of near-identical questions received, and how many were answered; share is null when none were asked. */
  clusters: { asked: number; answered: number; share: number | null };
  top: Array<{
    id: string;
    body: string;
    topic: string;
    askers: number;
    upvotes: number;
    weight: number;
    answers: Array<{ body: string; at: Date }>;
  }>;
  /** Cases opened from the session's questions; only those from approved questions are listed. */
  urgent: { count: number; listed: Array<{ reference: string; body: string; topic: string }>; unlisted: number };
  commitments: Array<{
    id: string;
    body: string;
    unitCode: string;
    dueAt: Date;
    doneAt: Date | null;
    status: CommitmentStatus;
  }>;
  /** The moment the figures were taken. */
  at: Date;
}

export function commitmentStatus(c: { due_at: Date; done_at: Date | null }, now: Date): CommitmentStatus {
  if (c.done_at) return 'done';
  return c.due_at.getTime() < now.getTime() ? 'overdue' : 'open';
}

const knownTopic = (topic: string) => (topicCodes.includes(topic) ? topic : otherTopic);

/** What was received, by status, by topic (most first, "other" last) and by channel. */
function tallyReceived(received: Awaited<ReturnType<typeof store.countReceived>>) {
  const topics = new Map(topicCodes.map((code) => [code, 0]));
  const byChannel = new Map<Channel, number>(channels.map((c) => [c, 0]));
  const status = { approved: 0, pending: 0, rejected: 0 };
  for (const r of received) {
    const topic = knownTopic(r.topic);
    topics.set(topic, (topics.get(topic) ?? 0) + r.n);
    if ((channels as readonly string[]).includes(r.channel))
      byChannel.set(r.channel as Channel, byChannel.get(r.channel as Channel)! + r.n);
    status[r.status] += r.n;
  }
  const order = (code: string) => topicCodes.indexOf(code);
  const byTopic = [...topics]
    .map(([topic, count]) => ({ topic, count }))
    .sort(
      (a, b) =>
        Number(a.topic === otherTopic) - Number(b.topic === otherTopic) ||
        b.count - a.count ||
        order(a.topic) - order(b.topic),
    );

  return { status, byTopic, byChannel };
}

/** The top clusters, each with the answers it got. */
function withAnswers(
  top: Awaited<ReturnType<typeof store.listTopClusters>>,
  answers: Awaited<ReturnType<typeof store.listClusterAnswers>>,
): SessionSummary['top'] {
  return top.map((c) => ({
    id: c.id,
    body: c.body,
    topic: knownTopic(c.topic),
    askers: c.askers,
    upvotes: c.upvotes,
    weight: c.weight,
    answers: answers.filter((a) => a.cluster_id === c.id).map((a) => ({ body: a.body, at: a.at })),
  }));
}

/**
 * The public summary of a session: what was received (counted whatever its status), what was
 * asked most and answered, the urgent cases and the commitments. Only approved question text is
 * ever part of it; nothing about who asked.
 */
export async function sessionSummary(
  platform: Platform,
  sessionId: string,
  now = platform.clock.now(),
): Promise<SessionSummary> {
  const db = platform.db.pool;
  const found = await store.findSummarySession(db, sessionId);
  if (!found) throw new NotFound();
  const [received, clusters, top, urgent, commitments] = await Promise.all([
    store.countReceived(db, found.id),
    store.countClusters(db, found.id),
    store.listTopClusters(db, found.id, TOP_CLUSTERS),
    store.listUrgent(db, found.id),
    store.listSessionCommitments(db, found.id),
  ]);
  const answers = await store.listClusterAnswers(
    db,
    found.id,
    top.map((c) => c.id),
  );

  const { status, byTopic, byChannel } = tallyReceived(received);

  const listed = urgent.filter((u): u is store.UrgentRow & { body: string } => u.body !== null);
  return {
    session: {
      id: found.id,
      hashtag: found.hashtag,
      startsAt: found.starts_at,
      endsAt: found.ends_at,
      state: sessionState(found, now),
    },
    received: {
      total: status.approved + status.pending + status.rejected,
      shown: status.approved,
      pending: status.pending,
      rejected: status.rejected,
    },
    byTopic,
    byChannel: channels.map((channel) => ({ channel, count: byChannel.get(channel) ?? 0 })),
    clusters: { ...clusters, share: clusters.asked > 0 ? clusters.answered / clusters.asked : null },
    top: withAnswers(top, answers),
    urgent: {
      count: urgent.length,
      listed: listed.map((u) => ({ reference: u.case_reference, body: u.body, topic: knownTopic(u.topic) })),
      unlisted: urgent.length - listed.length,
    },
    commitments: commitments.map((c) => ({
      id: c.id,
      body: c.body,
      unitCode: c.unit_code,
      dueAt: c.due_at,
      doneAt: c.done_at,
      status: commitmentStatus(c, now),
    })),
    at: now,
  };
}
