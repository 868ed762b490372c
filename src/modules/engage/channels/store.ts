import type { Queryable } from '../../../platform/db/database.ts';
import type { SessionRow } from '../schedule/store.ts';
import type { Channel } from '../shared.ts';

type ExternalChannel = Exclude<Channel, 'web'>;

// Sessions

/**
 * Sessions not yet over (not cancelled, not ended), soonest first: the live one and the upcoming
 * ones. Without counts: what taking a question needs.
 */
export async function sessionsNotOver(db: Queryable, now: Date, limit: number): Promise<SessionRow[]> {
  const { rows } = await db.query<SessionRow>(
    `select s.id, s.series_id, s.occurrence, s.hashtag, s.scheduled_at, s.starts_at, s.ends_at, s.moderation, s.status, s.went_live_at, s.ended_at,
       s.answering_cluster_id, 0 as question_count, 0 as answer_count
     from engage_sessions s
     where s.status = 'scheduled' and coalesce(least(s.ended_at, s.ends_at), s.ends_at) > $1
     order by least(s.went_live_at, s.starts_at), s.id
     limit $2`,
    [now, limit],
  );
  return rows;
}

/** When the last session before `now` ended (questions for the next one are taken from then), if any. */
export async function lastSessionEnd(db: Queryable, now: Date): Promise<Date | null> {
  const { rows } = await db.query<{ ended: Date | null }>(
    `select max(coalesce(least(s.ended_at, s.ends_at), s.ends_at)) as ended
     from engage_sessions s where s.status = 'scheduled' and coalesce(least(s.ended_at, s.ends_at), s.ends_at) <= $1`,
    [now],
  );
  return rows[0]?.ended ?? null;
}

// Questions from other channels

export interface ExternalQuestion {
  id: string;
  session_id: string;
  status: 'pending' | 'approved' | 'rejected';
}

/** The question already stored for this message or post, if any. */
export async function findExternalQuestion(
  db: Queryable,
  channel: ExternalChannel,
  externalId: string,
): Promise<ExternalQuestion | undefined> {
  const { rows } = await db.query<ExternalQuestion>(
    'select id, session_id, status from engage_questions where channel = $1 and external_id = $2',
    [channel, externalId],
  );
  return rows[0];
}

/** Which of these posts are already stored as questions. */
export async function storedExternalIds(
  db: Queryable,
  channel: ExternalChannel,
  externalIds: string[],
): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const { rows } = await db.query<{ external_id: string }>(
    'select external_id from engage_questions where channel = $1 and external_id = any($2::text[])',
    [channel, externalIds],
  );
  return new Set(rows.map((r) => r.external_id));
}

// The X cursor

export interface XCursor {
  since_id: string | null;
  pass_newest_id: string | null;
  next_token: string | null;
}

/** The query's cursor, created the first time. Only the one pass running at a time (a singleton job) moves it. */
export async function openXCursor(db: Queryable, query: string): Promise<XCursor> {
  await db.query('insert into engage_x_cursors (query) values ($1) on conflict (query) do nothing', [query]);
  return (await findXCursor(db, query))!;
}

/**
 * Records a page taken in. With `nextToken` the pass continues (its newest id is the first
 * page's); without, the pass is over and since_id moves to its newest id (never backwards).
 */
export async function advanceXCursor(
  db: Queryable,
  query: string,
  page: { nextToken: string | null; newestId: string | null },
): Promise<void> {
  await db.query(
    `update engage_x_cursors set
       since_id = case when $2::text is null then greatest(since_id, coalesce(pass_newest_id, $3::bigint)) else since_id end,
       pass_newest_id = case when $2::text is null then null else coalesce(pass_newest_id, $3::bigint) end,
       next_token = $2::text,
       polled_at = clock_timestamp()
     where query = $1`,
    [query, page.nextToken, page.newestId],
  );
}

/** Forgets a pass that cannot be continued (X refused its next_token): the next one starts again from since_id. */
export async function restartXPass(db: Queryable, query: string, forgetSinceId: boolean): Promise<void> {
  await db.query(
    `update engage_x_cursors set next_token = null, pass_newest_id = null, since_id = case when $2 then null else since_id end
     where query = $1`,
    [query, forgetSinceId],
  );
}

export async function findXCursor(db: Queryable, query: string): Promise<XCursor | undefined> {
  const { rows } = await db.query<XCursor>(
    'select since_id, pass_newest_id, next_token from engage_x_cursors where query = $1',
    [query],
  );
  return rows[0];
}
