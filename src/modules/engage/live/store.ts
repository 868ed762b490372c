import type { Queryable } from '../../../platform/db/database.ts';

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
