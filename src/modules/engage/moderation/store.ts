import type { Queryable } from '../../../platform/db/database.ts';
import type { QuestionRow } from '../questions/store.ts';

export async function listQuestions(
  db: Queryable,
  sessionId: string,
  status: 'pending' | 'approved' | 'rejected' | 'all',
  limit: number,
): Promise<QuestionRow[]> {
  const { rows } = await db.query<QuestionRow>(
    `select q.*, p.banned_at is not null as banned, c.askers as cluster_askers
     from engage_questions q join engage_participants p on p.id = q.participant_id join engage_clusters c on c.id = q.cluster_id
     where q.session_id = $1 and ($2 = 'all' or q.status = $2)
     order by (q.status = 'pending') desc, q.id desc limit $3`,
    [sessionId, status, limit],
  );
  return rows;
}

export async function countQuestionsByStatus(db: Queryable, sessionId: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(
    'select status, count(*)::int as n from engage_questions where session_id = $1 group by status',
    [sessionId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export async function setQuestionStatus(db: Queryable, id: string, status: 'approved' | 'rejected'): Promise<void> {
  await db.query('update engage_questions set status = $2 where id = $1', [id, status]);
}

export async function setQuestionTopic(db: Queryable, id: string, topic: string): Promise<void> {
  await db.query('update engage_questions set topic = $2 where id = $1', [id, topic]);
}

/**
 * Recounts askers (distinct participants of approved questions) and upvotes of the clusters. The
 * clusters are locked first: a vote arriving meanwhile waits and adds its one to the new count.
 */
export async function recountClusters(db: Queryable, clusterIds: string[]): Promise<void> {
  await db.query('select id from engage_clusters where id = any($1::bigint[]) order by id for no key update', [
    clusterIds,
  ]);
  await db.query(
    `update engage_clusters c set
       askers = (select count(distinct q.participant_id)::int from engage_questions q where q.cluster_id = c.id and q.status = 'approved'),
       upvotes = (select coalesce(sum(q.upvotes), 0)::int from engage_questions q where q.cluster_id = c.id and q.status = 'approved')
     where c.id = any($1::bigint[])`,
    [clusterIds],
  );
}

export interface ClusterRow {
  id: string;
  session_id: string;
  merged_into: string | null;
}

export async function findCluster(db: Queryable, id: string): Promise<ClusterRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return (await db.query<ClusterRow>('select id, session_id, merged_into from engage_clusters where id = $1', [id]))
    .rows[0];
}

/**
 * Moves every question of `from` into `into`, with its votes, and points `from` (and anything merged
 * into it) at `into`. A person who voted in both keeps one vote, the earlier; the questions' vote
 * counts follow. The questions of both are locked first, so no vote lands in either meanwhile.
 */
export async function mergeClusters(db: Queryable, from: string, into: string): Promise<void> {
  await db.query('select id from engage_questions where cluster_id = any($1::bigint[]) order by id for no key update', [
    [from, into],
  ]);
  await db.query(
    `delete from engage_votes v using engage_votes w
     where v.cluster_id = any($1::bigint[]) and w.cluster_id = any($1::bigint[]) and w.cluster_id <> v.cluster_id
       and w.participant_id = v.participant_id and (w.at, w.question_id) < (v.at, v.question_id)`,
    [[from, into]],
  );
  await db.query('update engage_votes set cluster_id = $2 where cluster_id = $1', [from, into]);
  await db.query('update engage_questions set cluster_id = $2 where cluster_id = $1', [from, into]);
  await db.query(
    `update engage_questions q set upvotes = n.votes
     from (select q2.id, (select count(*)::int from engage_votes v where v.question_id = q2.id) as votes from engage_questions q2 where q2.cluster_id = $1) n
     where n.id = q.id and q.upvotes <> n.votes`,
    [into],
  );
  await db.query('update engage_clusters set merged_into = $2 where id = $1 or merged_into = $1', [from, into]);
  await db.query('update engage_sessions set answering_cluster_id = $2 where answering_cluster_id = $1', [from, into]);
}

export interface ModerationEntry {
  sessionId: string;
  questionId?: string | null;
  clusterId?: string | null;
  participantId?: string | null;
  action: 'approve' | 'reject' | 'topic' | 'merge' | 'ban' | 'mode';
  reason?: string | null;
  detail?: Record<string, unknown>;
  actorId: string | null;
  actorLabel: string;
}

export async function insertModeration(db: Queryable, m: ModerationEntry): Promise<void> {
  await db.query(
    `insert into engage_moderation (session_id, question_id, cluster_id, participant_id, action, reason, detail, actor_id, actor_label)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      m.sessionId,
      m.questionId ?? null,
      m.clusterId ?? null,
      m.participantId ?? null,
      m.action,
      m.reason ?? null,
      JSON.stringify(m.detail ?? {}),
      m.actorId,
      m.actorLabel,
    ],
  );
}

export interface ModerationRow {
  id: string;
  question_id: string | null;
  action: string;
  reason: string | null;
  actor_label: string;
  at: Date;
}

export async function listModeration(db: Queryable, sessionId: string, limit: number): Promise<ModerationRow[]> {
  const { rows } = await db.query<ModerationRow>(
    'select id, question_id, action, reason, actor_label, at from engage_moderation where session_id = $1 order by id desc limit $2',
    [sessionId, limit],
  );
  return rows;
}

export async function banParticipant(
  db: Queryable,
  participantId: string,
  reason: string,
  actorId: string | null,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'update engage_participants set banned_at = now(), banned_reason = $2, banned_by = $3 where id = $1 and banned_at is null',
    [participantId, reason, actorId],
  );
  return (rowCount ?? 0) > 0;
}

export interface ClusterHeadline {
  id: string;
  body: string;
  status: string;
  questions: number;
}

/** Every live cluster of the session with its first question whatever its status (for moderators merging). */
export async function listClusterHeadlines(
  db: Queryable,
  sessionId: string,
  limit: number,
): Promise<ClusterHeadline[]> {
  const { rows } = await db.query<ClusterHeadline>(
    `select c.id, h.body, h.status, (select count(*)::int from engage_questions q where q.cluster_id = c.id) as questions
     from engage_clusters c
     join lateral (select body, status from engage_questions q where q.cluster_id = c.id and q.status <> 'rejected' order by q.id limit 1) h on true
     where c.session_id = $1 and c.merged_into is null
     order by c.id desc limit $2`,
    [sessionId, limit],
  );
  return rows;
}
