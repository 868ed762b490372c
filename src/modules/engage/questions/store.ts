import type { Queryable } from '../../../platform/db/database.ts';
import { prepared } from '../../../platform/db/prepared.ts';
import type { Channel } from '../shared.ts';

// Questions

export interface IntakeContext {
  banned: boolean;
  recent: number;
}

/** Whether the participant is banned, and how many votes they cast since `since`. */
export async function voteActivity(db: Queryable, participantId: string, since: Date): Promise<IntakeContext> {
  const { rows } = await db.query<{ banned: boolean | null; recent: number }>(
    `select (select p.banned_at is not null from engage_participants p where p.id = $1) as banned,
       (select count(*)::int from engage_votes v where v.participant_id = $1 and v.at > $2) as recent`,
    [participantId, since],
  );
  return { banned: Boolean(rows[0]?.banned), recent: rows[0]?.recent ?? 0 };
}

export interface ClusterTokens {
  id: string;
  tokens: string[];
}

/** The session's clusters created after `afterId` (a cache keeps the earlier ones). */
export async function clustersAfter(db: Queryable, sessionId: string, afterId: string): Promise<ClusterTokens[]> {
  const { rows } = await db.query<ClusterTokens>(
    'select id, tokens from engage_clusters where session_id = $1 and id > $2 order by id',
    [sessionId, afterId],
  );
  return rows;
}

export interface NewQuestion {
  sessionId: string;
  /** The cluster it joins, or null for a new one with these tokens. */
  clusterId: string | null;
  tokens: string[];
  participantId: string;
  channel: Channel;
  displayName: string | null;
  body: string;
  maskedCount: number;
  language: string;
  topic: string;
  status: 'pending' | 'approved';
  createdAt: Date;
  /** The message's or post's id at its source (SMS, X): one question per channel and id. */
  externalId?: string | null;
  /** The public link to the post (X). */
  externalUrl?: string | null;
  /** The asker's number, sealed, to send the answer to (SMS, USSD). */
  replyToSealed?: Buffer | null;
}

export type QuestionStored = { outcome: 'stored'; id: string; cluster_id: string } | { outcome: 'banned' | 'too_many' };

/**
 * Stores a question in one statement: the participant (first time), the cluster (joined, following
 * a merge, or new) and the question; an approved question from someone not yet counted in the
 * cluster adds one asker. Nothing is written when the participant is banned or has asked `limit.max`
 * questions since `limit.since`.
 */
export async function insertQuestion(
  db: Queryable,
  q: NewQuestion,
  limit: { since: Date; max: number },
): Promise<QuestionStored> {
  const { rows } = await db.query<{ id: string | null; cluster_id: string | null; banned: boolean; recent: number }>(
    prepared(
      db,
      'insert_question',
      `with activity as (
       select coalesce((select p.banned_at is not null from engage_participants p where p.id = $1), false) as banned,
              (select count(*)::int from engage_questions o where o.participant_id = $1 and o.created_at > $15) as recent
     ), allowed as (
       select 1 from activity where not banned and recent < $16
     ), participant as (
       insert into engage_participants (id, created_at) select $1, $12 from allowed on conflict (id) do nothing
     ), joined as (
       select coalesce(c.merged_into, c.id) as id from engage_clusters c where c.id = $2 and c.session_id = $3 and exists (select 1 from allowed)
     ), made as (
       -- a new cluster counts its first asker here: the update below cannot see rows inserted by this statement
       insert into engage_clusters (session_id, tokens, askers, created_at)
       select $3, $4, case when $11 = 'approved' then 1 else 0 end, $12 from allowed where not exists (select 1 from joined) returning id
     ), target as (
       select id from joined union all select id from made
     ), question as (
       insert into engage_questions (session_id, cluster_id, participant_id, channel, display_name, body, masked_count, language, topic, status, created_at, external_id, external_url, reply_to_sealed)
       select $3, target.id, $1, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $17 from target
       returning id, cluster_id
     ), counted as (
       update engage_clusters c set askers = c.askers + 1
       from question
       where c.id = question.cluster_id and $11 = 'approved'
         and not exists (select 1 from engage_questions o where o.cluster_id = question.cluster_id and o.participant_id = $1 and o.status = 'approved')
     )
     select question.id, question.cluster_id, activity.banned, activity.recent from activity left join question on true`,
      [
        q.participantId,
        q.clusterId ?? '0',
        q.sessionId,
        q.tokens,
        q.channel,
        q.displayName,
        q.body,
        q.maskedCount,
        q.language,
        q.topic,
        q.status,
        q.createdAt,
        q.externalId ?? null,
        q.externalUrl ?? null,
        limit.since,
        limit.max,
        q.replyToSealed ?? null,
      ],
    ),
  );
  const row = rows[0]!;
  if (row.id && row.cluster_id) return { outcome: 'stored', id: row.id, cluster_id: row.cluster_id };
  return { outcome: row.banned ? 'banned' : 'too_many' };
}

export interface QuestionRow {
  id: string;
  session_id: string;
  cluster_id: string;
  participant_id: string;
  channel: string;
  display_name: string | null;
  body: string;
  masked_count: number;
  language: string;
  topic: string;
  status: 'pending' | 'approved' | 'rejected';
  upvotes: number;
  case_id: string | null;
  case_reference: string | null;
  created_at: Date;
  /** Set for SMS and X questions: the message's or post's id at its source, and the post's link. */
  external_id: string | null;
  external_url: string | null;
  banned?: boolean;
  cluster_askers?: number;
}

export async function findQuestion(db: Queryable, id: string): Promise<QuestionRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return (await db.query<QuestionRow>('select * from engage_questions where id = $1', [id])).rows[0];
}

export async function lockQuestion(db: Queryable, id: string): Promise<void> {
  await db.query('select id from engage_questions where id = $1 for update', [id]);
}

// Votes

export interface VoteOutcome {
  /** Whether this call changed anything: a vote counted, or a vote taken back. */
  changed: boolean;
  /** The cluster the vote counts for, and its counts after the call. */
  cluster_id: string;
  askers: number;
  upvotes: number;
  weight: number;
}

/**
 * One vote per participant per cluster, in one statement: the question is locked first (so a merge
 * moving it to another cluster is either wholly before or wholly after), the key on (cluster,
 * participant) refuses a second vote however it arrives, and the question's and cluster's counts
 * move with the vote. Undefined when the question does not exist.
 */
export async function insertVote(
  db: Queryable,
  questionId: string,
  participantId: string,
  at: Date,
): Promise<VoteOutcome | undefined> {
  const { rows } = await db.query<VoteOutcome>(
    prepared(
      db,
      'insert_vote',
      `with target as (
       select q.id, q.cluster_id from engage_questions q where q.id = $1 for no key update
     ), participant as (
       insert into engage_participants (id, created_at) values ($2, $3) on conflict (id) do nothing
     ), vote as (
       insert into engage_votes (question_id, cluster_id, participant_id, at)
       select target.id, target.cluster_id, $2, $3 from target
       on conflict (cluster_id, participant_id) do nothing returning question_id, cluster_id
     ), question as (
       update engage_questions q set upvotes = q.upvotes + 1 from vote where q.id = vote.question_id
     ), cluster as (
       update engage_clusters c set upvotes = c.upvotes + 1 from vote where c.id = vote.cluster_id returning c.askers, c.upvotes, c.weight
     )
     select exists (select 1 from vote) as changed, t.cluster_id,
       coalesce((select askers from cluster), c.askers) as askers,
       coalesce((select upvotes from cluster), c.upvotes) as upvotes,
       coalesce((select weight from cluster), c.weight) as weight
     from target t join engage_clusters c on c.id = t.cluster_id`,
      [questionId, participantId, at],
    ),
  );
  return rows[0];
}

/**
 * Takes back the participant's vote in the question's cluster (cast through this question or another
 * of the cluster), in one statement like the vote. Undefined when the question does not exist.
 */
export async function deleteVote(
  db: Queryable,
  questionId: string,
  participantId: string,
): Promise<VoteOutcome | undefined> {
  const { rows } = await db.query<VoteOutcome>(
    prepared(
      db,
      'delete_vote',
      `with target as (
       select q.id, q.cluster_id from engage_questions q where q.id = $1 for no key update
     ), gone as (
       delete from engage_votes v using target where v.cluster_id = target.cluster_id and v.participant_id = $2 returning v.question_id, v.cluster_id
     ), question as (
       update engage_questions q set upvotes = q.upvotes - 1 from gone where q.id = gone.question_id returning q.status
     ), cluster as (
       -- only votes on approved questions count for the cluster
       update engage_clusters c set upvotes = c.upvotes - 1 from gone where c.id = gone.cluster_id and exists (select 1 from question where status = 'approved')
       returning c.askers, c.upvotes, c.weight
     )
     select exists (select 1 from gone) as changed, t.cluster_id,
       coalesce((select askers from cluster), c.askers) as askers,
       coalesce((select upvotes from cluster), c.upvotes) as upvotes,
       coalesce((select weight from cluster), c.weight) as weight
     from target t join engage_clusters c on c.id = t.cluster_id`,
      [questionId, participantId],
    ),
  );
  return rows[0];
}

/** The clusters of the session the participant has voted for. */
export async function votedClusters(db: Queryable, sessionId: string, participantId: string): Promise<string[]> {
  const { rows } = await db.query<{ cluster_id: string }>(
    'select v.cluster_id from engage_votes v join engage_clusters c on c.id = v.cluster_id where c.session_id = $1 and v.participant_id = $2',
    [sessionId, participantId],
  );
  return rows.map((r) => r.cluster_id);
}
