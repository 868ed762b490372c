import type { Queryable } from '../../../platform/db/database.ts';

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

/**
 * Erases the askers' sealed numbers of sessions that are over (ended, or cancelled) at `now`, or of one session
 * whatever its state; how many were erased.
 */
export async function forgetReplyNumbers(db: Queryable, now: Date, sessionId?: string): Promise<number> {
  const { rowCount } = await db.query(
    `update engage_questions q set reply_to_sealed = null
     from engage_sessions s
     where s.id = q.session_id and q.reply_to_sealed is not null
       and ($2::bigint = s.id or ($2::bigint is null
         and (s.status = 'cancelled' or coalesce(least(s.ended_at, s.ends_at), s.ends_at) <= $1)))`,
    [now, sessionId ?? null],
  );
  return rowCount ?? 0;
}
