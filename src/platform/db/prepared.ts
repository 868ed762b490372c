import pg from 'pg';
import type { Queryable } from './database.ts';

const connectionIds = new WeakMap<object, number>();
let lastId = 0;

/**
 * A statement prepared once per connection, for hot paths (planning a large statement costs the
 * server more than running it). The name carries the connection's own number because the embedded
 * database serves all its connections from one session, where a name may be prepared only once.
 * Through the pool (no fixed connection) the statement is sent unprepared.
 */
export function prepared(db: Queryable, name: string, text: string, values: unknown[]): pg.QueryConfig {
  if (db instanceof pg.Pool) return { text, values };
  let id = connectionIds.get(db);
  if (id === undefined) {
    id = ++lastId;
    connectionIds.set(db, id);
  }
  return { name: `${name}_${id}`, text, values };
}
