import type { Queryable } from '../../../platform/db/database.ts';

/** The SQL of a session's summary: read-only, one session at a time. */

export interface SummarySessionRow {
  id: string;
  hashtag: string;
  starts_at: Date;
  ends_at: Date;
  status: 'scheduled' | 'cancelled';
  went_live_at: Date | null;
  ended_at: Date | null;
}

export async function findSummarySession(db: Queryable, id: string): Promise<SummarySessionRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const { rows } = await db.query<SummarySessionRow>(
    'select id, hashtag, starts_at, ends_at, status, went_live_at, ended_at from engage_sessions where id = $1',
    [id],
  );
  return rows[0];
}

export interface ReceivedRow {
  topic: string;
  channel: string;
  status: 'pending' | 'approved' | 'rejected';
  n: number;
}

/** Every question received, whatever its status, counted by topic, channel and status. */
export async function countReceived(db: Queryable, sessionId: string): Promise<ReceivedRow[]> {
  const { rows } = await db.query<ReceivedRow>(
    'select topic, channel, status, count(*)::int as n from engage_questions where session_id = $1 group by topic, channel, status',
    [sessionId],
  );
  return rows;
}

/**
 * Clusters that received at least one question (whatever its status), and how many of them were
 * answered. An answer given to a cluster later merged into another counts for the one it went into.
 */
export async function countClusters(db: Queryable, sessionId: string): Promise<{ asked: number; answered: number }> {
  const { rows } = await db.query<{ asked: number; answered: number }>(
    `with asked as (
       select distinct coalesce(c.merged_into, c.id) as id
       from engage_questions q join engage_clusters c on c.id = q.cluster_id where q.session_id = $1
     ), answered as (
       select distinct coalesce(c.merged_into, c.id) as id
       from engage_answers a join engage_clusters c on c.id = a.cluster_id where a.session_id = $1
     )
     select (select count(*)::int from asked) as asked,
       (select count(*)::int from asked where id in (select id from answered)) as answered`,
    [sessionId],
  );
  return rows[0] ?? { asked: 0, answered: 0 };
}

export interface TopClusterRow {
  id: string;
  askers: number;
  upvotes: number;
  weight: number;
  /** The cluster's first approved question: only approved text is ever selected. */
  body: string;
  topic: string;
}

/** The heaviest clusters that have an approved question, each shown by its first approved question. */
export async function listTopClusters(db: Queryable, sessionId: string, limit: number): Promise<TopClusterRow[]> {
  const { rows } = await db.query<TopClusterRow>(
    `select c.id, c.askers, c.upvotes, c.weight, h.body, h.topic
     from engage_clusters c
     join lateral (select body, topic from engage_questions q where q.cluster_id = c.id and q.status = 'approved' order by q.id limit 1) h on true
     where c.session_id = $1 and c.merged_into is null and c.askers > 0
     order by c.weight desc, c.id
     limit $2`,
    [sessionId, limit],
  );
  return rows;
}

export interface ClusterAnswerRow {
  /** The cluster the answer belongs to now (after any merge). */
  cluster_id: string;
  body: string;
  at: Date;
}

export async function listClusterAnswers(
  db: Queryable,
  sessionId: string,
  clusterIds: string[],
): Promise<ClusterAnswerRow[]> {
  if (clusterIds.length === 0) return [];
  const { rows } = await db.query<ClusterAnswerRow>(
    `select coalesce(c.merged_into, c.id) as cluster_id, a.body, a.at
     from engage_answers a join engage_clusters c on c.id = a.cluster_id
     where a.session_id = $1 and coalesce(c.merged_into, c.id) = any($2::bigint[])
     order by a.id`,
    [sessionId, clusterIds],
  );
  return rows;
}

export interface UrgentRow {
  case_reference: string;
  /** The question's text when it is approved; null otherwise (never selected). */
  body: string | null;
  topic: string;
}

/** Questions flagged for urgent attention (each opened a case), in the order they were asked. */
export async function listUrgent(db: Queryable, sessionId: string): Promise<UrgentRow[]> {
  const { rows } = await db.query<UrgentRow>(
    `select q.case_reference, case when q.status = 'approved' then q.body end as body, q.topic
     from engage_questions q where q.session_id = $1 and q.case_reference is not null order by q.id`,
    [sessionId],
  );
  return rows;
}

export interface SummaryCommitmentRow {
  id: string;
  body: string;
  unit_code: string;
  due_at: Date;
  done_at: Date | null;
}

export async function listSessionCommitments(db: Queryable, sessionId: string): Promise<SummaryCommitmentRow[]> {
  const { rows } = await db.query<SummaryCommitmentRow>(
    'select id, body, unit_code, due_at, done_at from engage_commitments where session_id = $1 order by due_at, id',
    [sessionId],
  );
  return rows;
}
