import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Everything Sauti needs from a database: one pool, whichever PostgreSQL is behind it. */
export interface Database {
  pool: pg.Pool;
  kind: 'embedded' | 'server';
  /** A connection string other libraries (pg-boss, a second process) can use. */
  connectionString: string;
  close(): Promise<void>;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

// Timestamps come back as Date, bigint ids as strings; counts are cast in SQL where needed.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory for the embedded database; omitted means in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20 });
    pool.on('error', () => undefined);
    await pool.query('select 1');
    return { pool, kind: 'server', connectionString: options.databaseUrl, close: () => pool.end() };
  }
  let dbDir: string | undefined;
  if (options.dataDir) {
    dbDir = join(options.dataDir, 'pgdata');
    mkdirSync(dbDir, { recursive: true });
  }
  const lite = dbDir ? await PGlite.create(dbDir) : await PGlite.create();
  // PGlite serves one query at a time; the socket server queues connections' queries and keeps
  // a transaction's statements together, so ordinary pg clients (and pg-boss) work unchanged.
  const server = new PGLiteSocketServer({ db: lite, host: '127.0.0.1', port: 0, maxConnections: 64 });
  await server.start();
  const address = server.getServerConn();
  const connectionString = `postgres://postgres@${address}/postgres?sslmode=disable`;
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 8 });
  pool.on('error', () => undefined);
  return {
    pool,
    kind: 'embedded',
    connectionString,
    async close() {
      await pool.end();
      await server.stop();
      await lite.close();
    },
  };
}

/** Runs fn in one transaction on one connection; rolls back on any error. */
/** Runs `fn` on one connection of the pool (so statements prepared on it are reused), without a transaction. */
export async function onConnection<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
