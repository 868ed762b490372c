import type { Queryable } from '../../../platform/db/database.ts';
import type { QuestionRow } from '../questions/store.ts';
import { findSession, type SessionRow } from '../schedule/store.ts';

export async function linkCase(db: Queryable, questionId: string, caseId: string, reference: string): Promise<void> {
  await db.query('update engage_questions set case_id = $2, case_reference = $3 where id = $1', [
    questionId,
    caseId,
    reference,
  ]);
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

/** The public face of the given clusters (merged or emptied ones are simply absent). */
export async function publicClustersByIds(db: Queryable, ids: string[]): Promise<PublicCluster[]> {
  return (
    await db.query<PublicCluster>(
      `${publicClusterSelect} where c.id = any($1::bigint[]) and c.merged_into is null and c.askers > 0`,
      [ids],
    )
  ).rows;
}

// Answers by SMS

export interface ReplyOwed {
  id: string;
  language: string;
  reply_to_sealed: Buffer;
}

/** The cluster's shown questions whose askers (by SMS or USSD) are owed the answer by SMS, locked. */
export async function repliesOwed(db: Queryable, clusterId: string): Promise<ReplyOwed[]> {
  const { rows } = await db.query<ReplyOwed>(
    `select id, language, reply_to_sealed from engage_questions
     where cluster_id = $1 and status = 'approved' and reply_to_sealed is not null order by id for update`,
    [clusterId],
  );
  return rows;
}

export async function forgetReplyNumbers(db: Queryable, questionIds: string[]): Promise<void> {
  await db.query('update engage_questions set reply_to_sealed = null where id = any($1::bigint[])', [questionIds]);
}
