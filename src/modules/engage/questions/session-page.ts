import { NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { isParticipantId, type SessionView, view } from '../shared.ts';
import { topicCodes } from '../text.ts';
import * as consoleStore from '../console/store.ts';
import * as scheduleStore from '../schedule/store.ts';
import * as store from './store.ts';

export interface SessionPage {
  session: SessionView;
  notices: scheduleStore.NoticeRow[];
  clusters: consoleStore.PublicCluster[];
  answers: consoleStore.AnswerRow[];
  answering: consoleStore.PublicCluster | undefined;
  /** The clusters the participant has upvoted. */
  voted: Set<string>;
  /** Promises made in this session. */
  commitments: consoleStore.CommitmentRow[];
  /** Before and during a session: what was done, and what is overdue, from earlier sessions. */
  earlier: consoleStore.CommitmentRow[];
}

export const PUBLIC_CLUSTERS = 100;

export async function sessionPage(
  platform: Platform,
  sessionId: string,
  options: { topic?: string | undefined; participantId?: string | undefined } = {},
  now = platform.clock.now(),
): Promise<SessionPage> {
  const found = await scheduleStore.findSession(platform.db.pool, sessionId);
  if (!found) throw new NotFound();
  const session = view(found, now);
  const topic = options.topic && topicCodes.includes(options.topic) ? options.topic : undefined;
  const db = platform.db.pool;
  const [notices, clusters, answers, voted, commitments] = await Promise.all([
    scheduleStore.listNotices(db, [session.id]),
    consoleStore.listPublicClusters(db, session.id, { topic, limit: PUBLIC_CLUSTERS }),
    consoleStore.listAnswers(db, session.id),
    options.participantId && isParticipantId(options.participantId)
      ? store.votedClusters(db, session.id, options.participantId)
      : Promise.resolve([]),
    consoleStore.listCommitments(db, now),
  ]);
  const answering = session.answering_cluster_id
    ? (clusters.find((c) => c.id === session.answering_cluster_id) ??
      (await consoleStore.findPublicCluster(db, session.id, session.answering_cluster_id)))
    : undefined;
  const open = session.state === 'upcoming' || session.state === 'live';
  return {
    session,
    notices,
    clusters,
    answers,
    answering,
    voted: new Set(voted),
    commitments: commitments.filter((c) => c.session_id === session.id),
    earlier: open
      ? commitments.filter(
          (c) => c.session_id !== session.id && c.session_starts_at < session.starts_at && (c.overdue || c.done_at),
        )
      : [],
  };
}
