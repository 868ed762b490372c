import type { Queryable } from '../../platform/db/database.ts';
import { prepared } from '../../platform/db/prepared.ts';

// Series and sessions

export interface SeriesRow {
  id: string;
  hashtag: string;
  first_date: string;
  interval_weeks: number;
  start_time: string;
  duration_minutes: number;
  time_zone: string;
  moderation: 'pre' | 'post';
  created_at: Date;
}

const seriesColumns = `id, hashtag, to_char(first_date, 'YYYY-MM-DD') as first_date, interval_weeks, to_char(start_time, 'HH24:MI') as start_time,
  duration_minutes, time_zone, moderation, created_at`;

export interface NewSeries {
  hashtag: string;
  firstDate: string;
  intervalWeeks: number;
  startTime: string;
  durationMinutes: number;
  timeZone: string;
  moderation: 'pre' | 'post';
  createdBy: string | null;
}

export async function insertSeries(db: Queryable, s: NewSeries): Promise<SeriesRow> {
  const { rows } = await db.query<SeriesRow>(
    `insert into engage_series (hashtag, first_date, interval_weeks, start_time, duration_minutes, time_zone, moderation, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${seriesColumns}`,
    [s.hashtag, s.firstDate, s.intervalWeeks, s.startTime, s.durationMinutes, s.timeZone, s.moderation, s.createdBy],
  );
  return rows[0]!;
}

export async function listSeries(db: Queryable): Promise<SeriesRow[]> {
  return (await db.query<SeriesRow>(`select ${seriesColumns} from engage_series order by id`)).rows;
}

/** Inserts the series' sessions not yet generated (keyed by occurrence); returns how many were new. */
export async function insertOccurrences(
  db: Queryable,
  series: SeriesRow,
  occurrences: Array<{ index: number; startsAt: Date; endsAt: Date }>,
): Promise<number> {
  if (occurrences.length === 0) return 0;
  const { rowCount } = await db.query(
    `insert into engage_sessions (series_id, occurrence, hashtag, scheduled_at, starts_at, ends_at, moderation)
     select $1, o.k, $2, o.s, o.s, o.e, $3 from unnest($4::int[], $5::timestamptz[], $6::timestamptz[]) as o(k, s, e)
     -- filtered first so existing occurrences use up no ids; the conflict clause covers two instances racing
     where not exists (select 1 from engage_sessions x where x.series_id = $1 and x.occurrence = o.k)
     on conflict (series_id, occurrence) do nothing`,
    [
      series.id,
      series.hashtag,
      series.moderation,
      occurrences.map((o) => o.index),
      occurrences.map((o) => o.startsAt),
      occurrences.map((o) => o.endsAt),
    ],
  );
  return rowCount ?? 0;
}

export interface NewSession {
  hashtag: string;
  startsAt: Date;
  endsAt: Date;
  moderation: 'pre' | 'post';
}

export async function insertOneOffSession(db: Queryable, s: NewSession): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into engage_sessions (hashtag, scheduled_at, starts_at, ends_at, moderation) values ($1, $2, $2, $3, $4) returning id`,
    [s.hashtag, s.startsAt, s.endsAt, s.moderation],
  );
  return rows[0]!.id;
}

export interface SessionRow {
  id: string;
  series_id: string | null;
  occurrence: number | null;
  hashtag: string;
  scheduled_at: Date;
  starts_at: Date;
  ends_at: Date;
  moderation: 'pre' | 'post';
  status: 'scheduled' | 'cancelled';
  went_live_at: Date | null;
  ended_at: Date | null;
  answering_cluster_id: string | null;
  question_count: number;
  answer_count: number;
}

const sessionColumns = `s.id, s.series_id, s.occurrence, s.hashtag, s.scheduled_at, s.starts_at, s.ends_at, s.moderation, s.status, s.went_live_at,
  s.ended_at, s.answering_cluster_id,
  (select count(*)::int from engage_questions q where q.session_id = s.id and q.status = 'approved') as question_count,
  (select count(*)::int from engage_answers a where a.session_id = s.id) as answer_count`;

export async function findSession(db: Queryable, id: string): Promise<SessionRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return (await db.query<SessionRow>(`select ${sessionColumns} from engage_sessions s where s.id = $1`, [id])).rows[0];
}

/** The session without its counts: what taking a question or a vote needs, on the hot path. */
export async function findSessionForIntake(db: Queryable, id: string): Promise<SessionRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const { rows } = await db.query<SessionRow>(
    `select s.id, s.series_id, s.occurrence, s.hashtag, s.scheduled_at, s.starts_at, s.ends_at, s.moderation, s.status, s.went_live_at, s.ended_at,
       s.answering_cluster_id, 0 as question_count, 0 as answer_count
     from engage_sessions s where s.id = $1`,
    [id],
  );
  return rows[0];
}

export async function lockSession(db: Queryable, id: string): Promise<void> {
  await db.query('select id from engage_sessions where id = $1 for update', [id]);
}

/** Sessions that end after `from`, soonest first, and those that ended before it, latest first. */
export async function listSessionsAround(
  db: Queryable,
  from: Date,
  ahead: number,
  behind: number,
): Promise<{ coming: SessionRow[]; past: SessionRow[] }> {
  const [coming, past] = await Promise.all([
    db.query<SessionRow>(
      `select ${sessionColumns} from engage_sessions s where coalesce(least(s.ended_at, s.ends_at), s.ends_at) > $1 order by least(s.went_live_at, s.starts_at), s.id limit $2`,
      [from, ahead],
    ),
    db.query<SessionRow>(
      `select ${sessionColumns} from engage_sessions s where coalesce(least(s.ended_at, s.ends_at), s.ends_at) <= $1 order by s.starts_at desc, s.id desc limit $2`,
      [from, behind],
    ),
  ]);
  return { coming: coming.rows, past: past.rows };
}

export async function updateSessionTimes(db: Queryable, id: string, startsAt: Date, endsAt: Date): Promise<void> {
  await db.query('update engage_sessions set starts_at = $2, ends_at = $3 where id = $1', [id, startsAt, endsAt]);
}

export async function cancelSession(db: Queryable, id: string): Promise<void> {
  await db.query(`update engage_sessions set status = 'cancelled', answering_cluster_id = null where id = $1`, [id]);
}

export async function markLive(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('update engage_sessions set went_live_at = $2 where id = $1', [id, at]);
}

export async function markEnded(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('update engage_sessions set ended_at = $2, answering_cluster_id = null where id = $1', [id, at]);
}

export async function setModeration(db: Queryable, id: string, mode: 'pre' | 'post'): Promise<void> {
  await db.query('update engage_sessions set moderation = $2 where id = $1', [id, mode]);
}

export async function setAnswering(db: Queryable, id: string, clusterId: string | null): Promise<void> {
  await db.query('update engage_sessions set answering_cluster_id = $2 where id = $1', [id, clusterId]);
}

export interface NoticeRow {
  id: string;
  session_id: string;
  kind: 'postponed' | 'cancelled';
  body: string;
  from_starts_at: Date | null;
  to_starts_at: Date | null;
  at: Date;
}

export async function insertNotice(
  db: Queryable,
  n: {
    sessionId: string;
    kind: NoticeRow['kind'];
    body: string;
    fromStartsAt: Date | null;
    toStartsAt: Date | null;
    actorId: string | null;
    actorLabel: string;
  },
): Promise<void> {
  await db.query(
    `insert into engage_session_notices (session_id, kind, body, from_starts_at, to_starts_at, actor_id, actor_label) values ($1, $2, $3, $4, $5, $6, $7)`,
    [n.sessionId, n.kind, n.body, n.fromStartsAt, n.toStartsAt, n.actorId, n.actorLabel],
  );
}

export async function listNotices(db: Queryable, sessionIds: string[]): Promise<NoticeRow[]> {
  if (sessionIds.length === 0) return [];
  const { rows } = await db.query<NoticeRow>(
    'select id, session_id, kind, body, from_starts_at, to_starts_at, at from engage_session_notices where session_id = any($1::bigint[]) order by id',
    [sessionIds],
  );
  return rows;
}

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
  channel: 'web' | 'sms' | 'x';
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
       insert into engage_questions (session_id, cluster_id, participant_id, channel, display_name, body, masked_count, language, topic, status, created_at, external_id, external_url)
       select $3, target.id, $1, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 from target
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

export async function linkCase(db: Queryable, questionId: string, caseId: string, reference: string): Promise<void> {
  await db.query('update engage_questions set case_id = $2, case_reference = $3 where id = $1', [
    questionId,
    caseId,
    reference,
  ]);
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

// What the public and the console see

export interface PublicCluster {
  id: string;
  askers: number;
  upvotes: number;
  weight: number;
  question_id: string;
  body: string;
  display_name: string | null;
  topic: string;
  channel: string;
  created_at: Date;
  question_upvotes: number;
  question_count: number;
  case_references: string[] | null;
  answered: boolean;
  /** The link to the post, for questions from X. */
  external_url: string | null;
}

/** Clusters with at least one approved question, heaviest first, each shown by its first approved question. */
/** A cluster's public face: its first approved question, counts, cases and whether it was answered. */
const publicClusterSelect = `select c.id, c.askers, c.upvotes, c.weight, h.id as question_id, h.body, h.display_name, h.topic, h.channel, h.created_at,
       h.upvotes as question_upvotes, h.external_url,
       (select count(*)::int from engage_questions q where q.cluster_id = c.id and q.status = 'approved') as question_count,
       (select array_agg(q.case_reference order by q.id) from engage_questions q
         where q.cluster_id = c.id and q.status = 'approved' and q.case_reference is not null) as case_references,
       exists (select 1 from engage_answers a where a.cluster_id = c.id) as answered
     from engage_clusters c
     join lateral (select * from engage_questions q where q.cluster_id = c.id and q.status = 'approved' order by q.id limit 1) h on true`;

export async function listPublicClusters(
  db: Queryable,
  sessionId: string,
  options: { topic?: string | undefined; limit: number },
): Promise<PublicCluster[]> {
  const { rows } = await db.query<PublicCluster>(
    `${publicClusterSelect}
     where c.session_id = $1 and c.merged_into is null and c.askers > 0 and ($2::text is null or h.topic = $2)
     order by c.weight desc, c.id
     limit $3`,
    [sessionId, options.topic ?? null, options.limit],
  );
  return rows;
}

export async function findPublicCluster(
  db: Queryable,
  sessionId: string,
  clusterId: string,
): Promise<PublicCluster | undefined> {
  const all = await listPublicClusters(db, sessionId, { limit: 1000 });
  return all.find((c) => c.id === clusterId);
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

export interface AnswerRow {
  id: string;
  session_id: string;
  cluster_id: string;
  body: string;
  at: Date;
  question: string | null;
}

export async function insertAnswer(
  db: Queryable,
  a: { sessionId: string; clusterId: string; body: string; actorId: string | null; actorLabel: string; at: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'insert into engage_answers (session_id, cluster_id, body, actor_id, actor_label, at) values ($1, $2, $3, $4, $5, $6) returning id',
    [a.sessionId, a.clusterId, a.body, a.actorId, a.actorLabel, a.at],
  );
  return rows[0]!.id;
}

const answerSelect = `select a.id, a.session_id, a.cluster_id, a.body, a.at,
       (select q.body from engage_questions q where q.cluster_id = a.cluster_id and q.status = 'approved' order by q.id limit 1) as question
     from engage_answers a`;

/** Answers of the session, newest first, each with the first approved question of its cluster. */
export async function listAnswers(db: Queryable, sessionId: string): Promise<AnswerRow[]> {
  return (await db.query<AnswerRow>(`${answerSelect} where a.session_id = $1 order by a.id desc`, [sessionId])).rows;
}

export async function answersByIds(db: Queryable, ids: string[]): Promise<AnswerRow[]> {
  return (await db.query<AnswerRow>(`${answerSelect} where a.id = any($1::bigint[])`, [ids])).rows;
}

// Commitments

export interface CommitmentRow {
  id: string;
  session_id: string;
  session_starts_at: Date;
  hashtag: string;
  answer_id: string;
  body: string;
  unit_code: string;
  due_at: Date;
  created_at: Date;
  done_at: Date | null;
  done_note: string | null;
  question: string | null;
  overdue: boolean;
}

export async function insertCommitment(
  db: Queryable,
  c: { sessionId: string; answerId: string; body: string; unitCode: string; dueAt: Date; createdAt: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'insert into engage_commitments (session_id, answer_id, body, unit_code, due_at, created_at) values ($1, $2, $3, $4, $5, $6) returning id',
    [c.sessionId, c.answerId, c.body, c.unitCode, c.dueAt, c.createdAt],
  );
  return rows[0]!.id;
}

const commitmentSelect = `select k.id, k.session_id, s.starts_at as session_starts_at, s.hashtag, k.answer_id, k.body, k.unit_code, k.due_at, k.created_at,
    k.done_at, k.done_note,
    (select q.body from engage_answers a join engage_questions q on q.cluster_id = a.cluster_id and q.status = 'approved'
      where a.id = k.answer_id order by q.id limit 1) as question,
    (k.done_at is null and k.due_at < $1) as overdue
  from engage_commitments k join engage_sessions s on s.id = k.session_id`;

/** Every commitment: overdue first, then open by due date, then done (latest first). */
export async function listCommitments(db: Queryable, now: Date, sessionId?: string): Promise<CommitmentRow[]> {
  const { rows } = await db.query<CommitmentRow>(
    `${commitmentSelect} where ($2::bigint is null or k.session_id = $2)
     order by (k.done_at is null and k.due_at < $1) desc, (k.done_at is null) desc, k.due_at asc, k.done_at desc, k.id`,
    [now, sessionId ?? null],
  );
  return rows;
}

export async function findCommitment(db: Queryable, id: string, now: Date): Promise<CommitmentRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return (await db.query<CommitmentRow>(`${commitmentSelect} where k.id = $2`, [now, id])).rows[0];
}

export async function markCommitmentDone(
  db: Queryable,
  id: string,
  note: string,
  actorId: string | null,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'update engage_commitments set done_at = $4, done_note = $2, done_by = $3 where id = $1 and done_at is null',
    [id, note, actorId, at],
  );
  return (rowCount ?? 0) > 0;
}

// The case page

export interface QuestionOfCase {
  question: QuestionRow;
  session: SessionRow;
  answers: AnswerRow[];
}

export async function findQuestionByCase(db: Queryable, caseId: string): Promise<QuestionOfCase | undefined> {
  const question = (await db.query<QuestionRow>('select * from engage_questions where case_id = $1', [caseId])).rows[0];
  if (!question) return undefined;
  const session = (await findSession(db, question.session_id))!;
  const answers = (await listAnswers(db, question.session_id)).filter((a) => a.cluster_id === question.cluster_id);
  return { question, session, answers };
}

// Live events (written by triggers, see 003-live-events.sql)

export interface LiveEventRow {
  id: string;
  session_id: string;
  kind: 'cluster' | 'answer' | 'answering' | 'session' | 'queue';
  ref_id: string | null;
}

export async function latestEventId(db: Queryable): Promise<string> {
  return (await db.query<{ id: string }>('select coalesce(max(id), 0)::bigint as id from engage_events')).rows[0]!.id;
}

export async function eventsAfter(db: Queryable, afterId: string, limit: number): Promise<LiveEventRow[]> {
  return (
    await db.query<LiveEventRow>(
      'select id, session_id, kind, ref_id from engage_events where id > $1 order by id limit $2',
      [afterId, limit],
    )
  ).rows;
}

export async function eventsByIds(db: Queryable, ids: string[]): Promise<LiveEventRow[]> {
  return (
    await db.query<LiveEventRow>(
      'select id, session_id, kind, ref_id from engage_events where id = any($1::bigint[]) order by id',
      [ids],
    )
  ).rows;
}

export async function sessionEventsAfter(
  db: Queryable,
  sessionId: string,
  afterId: string,
  limit: number,
): Promise<LiveEventRow[]> {
  return (
    await db.query<LiveEventRow>(
      'select id, session_id, kind, ref_id from engage_events where session_id = $1 and id > $2 order by id limit $3',
      [sessionId, afterId, limit],
    )
  ).rows;
}

export async function pruneEvents(db: Queryable, before: Date): Promise<void> {
  await db.query('delete from engage_events where at < $1', [before]);
}

/** The public face of the given clusters (merged or emptied ones are simply absent). */
export async function publicClustersByIds(db: Queryable, ids: string[]): Promise<PublicCluster[]> {
  return (
    await db.query<PublicCluster>(
      `${publicClusterSelect} where c.id = any($1::bigint[]) and c.merged_into is null and c.askers > 0`,
      [ids],
    )
  ).rows;
}
