import type { Queryable } from '../../../platform/db/database.ts';
import type { SessionRow } from '../store.ts';

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
  channel: 'sms' | 'x',
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
  channel: 'sms' | 'x',
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

/**
 * Takes (or renews) the lease on the query's cursor for `leaseMs`, creating the cursor the first
 * time; undefined while another poller holds an unexpired lease. Lease times are the database's,
 * so processes with different clocks agree.
 */
export async function claimXCursor(
  db: Queryable,
  query: string,
  holder: string,
  leaseMs: number,
): Promise<XCursor | undefined> {
  const { rows } = await db.query<XCursor>(
    `insert into engage_x_cursors (query, lease_holder, lease_until) values ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
     on conflict (query) do update set lease_holder = excluded.lease_holder, lease_until = excluded.lease_until
       where engage_x_cursors.lease_holder = excluded.lease_holder or engage_x_cursors.lease_until is null or engage_x_cursors.lease_until < clock_timestamp()
     returning since_id, pass_newest_id, next_token`,
    [query, holder, leaseMs],
  );
  return rows[0];
}

/**
 * Records a page taken in, and renews the lease. With `nextToken` the pass continues (its newest
 * id is the first page's); without, the pass is over and since_id moves to its newest id (never
 * backwards). False when the lease was lost meanwhile: nothing is changed then.
 */
export async function advanceXCursor(
  db: Queryable,
  query: string,
  holder: string,
  page: { nextToken: string | null; newestId: string | null },
  leaseMs: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update engage_x_cursors set
       since_id = case when $3::text is null then greatest(since_id, coalesce(pass_newest_id, $4::bigint)) else since_id end,
       pass_newest_id = case when $3::text is null then null else coalesce(pass_newest_id, $4::bigint) end,
       next_token = $3::text,
       lease_until = clock_timestamp() + $5 * interval '1 millisecond',
       polled_at = clock_timestamp()
     where query = $1 and lease_holder = $2`,
    [query, holder, page.nextToken, page.newestId, leaseMs],
  );
  return (rowCount ?? 0) > 0;
}

/** Forgets a pass that cannot be continued (X refused its next_token): the next one starts again from since_id. */
export async function restartXPass(
  db: Queryable,
  query: string,
  holder: string,
  forgetSinceId: boolean,
): Promise<void> {
  await db.query(
    `update engage_x_cursors set next_token = null, pass_newest_id = null, since_id = case when $3 then null else since_id end
     where query = $1 and lease_holder = $2`,
    [query, holder, forgetSinceId],
  );
}

export async function releaseXCursor(db: Queryable, query: string, holder: string): Promise<void> {
  await db.query(
    'update engage_x_cursors set lease_holder = null, lease_until = null where query = $1 and lease_holder = $2',
    [query, holder],
  );
}

export async function findXCursor(db: Queryable, query: string): Promise<XCursor | undefined> {
  const { rows } = await db.query<XCursor>(
    'select since_id, pass_newest_id, next_token from engage_x_cursors where query = $1',
    [query],
  );
  return rows[0];
}
