import pg from 'pg';
import type { Queryable } from './database.ts';

/**
 * A statement prepared once per connection, for hot paths (planning a large statement costs the
 * server more than running it); each connection prepares it on first use. Through the pool (no fixed connection) the statement is sent unprepared.
 */
export function prepared(db: Queryable, name: string, text: string, values: unknown[]): pg.QueryConfig {
  if (db instanceof pg.Pool) return { text, values };
  return { name, text, values };
}
