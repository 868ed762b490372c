import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedServer, type EmbeddedServer } from './embedded.ts';

/** Everything Sauti needs from a database: one pool, whichever PostgreSQL is behind it. */
export interface Database {
  /** The application's pool: it connects as the application role (see `APP_ROLE`). */
  pool: pg.Pool;
  kind: 'embedded' | 'server';
  /** The application's connection string, for libraries that open their own (pg-boss, LISTEN). */
  connectionString: string;
  /** The owner's connection string: migrations and grants run as it. */
  ownerConnectionString: string;
  close(): Promise<void>;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * The group role the application's login belongs to. Migrations grant it what the application
 * may do and no more: it owns nothing, so it cannot alter tables or switch off their triggers,
 * and append-only and wall tables refuse it UPDATE and DELETE.
 */
export const APP_ROLE = 'sauti_app';
/** The embedded database's name, and its application login. */
const EMBEDDED_DATABASE = 'sauti';
const EMBEDDED_LOGIN = 'sauti';

// Timestamps come back as Date, bigint ids as strings; counts are cast in SQL where needed.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface DatabaseLog {
  warn(obj: unknown, msg?: string): void;
  info?(msg: string): void;
}

const consoleLog: DatabaseLog = { warn: (obj, msg) => console.error(msg ?? 'database', obj) };

export interface OpenOptions {
  /** The application's connection (a PostgreSQL server). */
  databaseUrl?: string | undefined;
  /** The owner's connection, for migrations; defaults to `databaseUrl`. */
  ownerUrl?: string | undefined;
  /** Directory of the embedded database (`$DATA_DIR`), used when `databaseUrl` is absent. */
  dataDir?: string | undefined;
  poolSize?: number;
  log?: DatabaseLog | undefined;
}

/**
 * A pool whose clients never take the process down: an error on an idle or checked-out client (a
 * server restart, a killed backend) is logged, the broken client is discarded by the pool, and the
 * next query gets a fresh connection.
 */
export function createPool(connectionString: string, max: number, log: DatabaseLog = consoleLog): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', (error) => log.warn({ err: error.message }, 'database connection lost; it will be replaced'));
  pool.on('connect', (client) => {
    client.on('error', (error) => log.warn({ err: error.message }, 'database connection failed during use'));
  });
  return pool;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const log = options.log ?? consoleLog;
  if (options.databaseUrl) {
    const pool = createPool(options.databaseUrl, options.poolSize ?? 20, log);
    await pool.query('select 1');
    return {
      pool,
      kind: 'server',
      connectionString: options.databaseUrl,
      ownerConnectionString: options.ownerUrl ?? options.databaseUrl,
      close: () => pool.end(),
    };
  }
  if (!options.dataDir) throw new Error('the embedded database needs a data directory');
  if (existsSync(join(options.dataDir, 'pgdata'))) {
    log.warn(
      { dir: join(options.dataDir, 'pgdata') },
      'an older embedded database (PGlite) is in this directory; Sauti no longer reads it and starts a new one',
    );
  }
  const server = await startEmbeddedServer({ dir: join(options.dataDir, 'postgres'), log: (m) => log.info?.(m) });
  try {
    const { ownerUrl, appUrl } = await prepareEmbedded(server, EMBEDDED_DATABASE, options.dataDir);
    const pool = createPool(appUrl, options.poolSize ?? 20, log);
    await pool.query('select 1');
    return {
      pool,
      kind: 'embedded',
      connectionString: appUrl,
      ownerConnectionString: ownerUrl,
      async close() {
        await pool.end();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
}

export function withDatabase(url: string, database: string, user?: { name: string; password?: string }): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = encodeURIComponent(user.name);
    u.password = user.password ? encodeURIComponent(user.password) : '';
  }
  return u.toString();
}

/**
 * Creates, once, the embedded database and the application's login (a member of `APP_ROLE`, its
 * password kept beside the data), and returns the owner's (the server's superuser) and the
 * application's connection strings.
 */
async function prepareEmbedded(
  server: EmbeddedServer,
  database: string,
  dataDir: string,
): Promise<{ ownerUrl: string; appUrl: string }> {
  const passwordFile = join(dataDir, 'postgres', 'app-password');
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, randomBytes(24).toString('base64url') + '\n', { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const admin = new pg.Client({ connectionString: server.url });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`create database ${database}`);
    await ensureAppLogin(admin, EMBEDDED_LOGIN, password);
  } finally {
    await admin.end();
  }
  return {
    ownerUrl: withDatabase(server.url, database),
    appUrl: withDatabase(server.url, database, { name: EMBEDDED_LOGIN, password }),
  };
}

/** Creates the application role and a login that belongs to it (needs CREATEROLE). */
export async function ensureAppLogin(admin: Queryable, login: string, password?: string): Promise<void> {
  await ensureAppRole(admin);
  const found = await admin.query('select 1 from pg_roles where rolname = $1', [login]);
  const pass = password ? ` password '${password.replace(/'/g, "''")}'` : '';
  if (found.rowCount === 0) {
    await admin.query(`create role ${login} login${pass} in role ${APP_ROLE}`).catch((error: { code?: string }) => {
      if (error.code !== '42710') throw error; // created by a concurrent start
    });
  } else if (password) {
    await admin.query(`alter role ${login} login${pass}`);
  }
}

export async function ensureAppRole(admin: Queryable): Promise<void> {
  const found = await admin.query('select 1 from pg_roles where rolname = $1', [APP_ROLE]);
  if (found.rowCount === 0) {
    await admin.query(`create role ${APP_ROLE} nologin`).catch((error: { code?: string }) => {
      if (error.code !== '42710') throw error;
    });
  }
}

/** Runs `fn` on one connection of the pool (so statements prepared on it are reused), without a transaction. */
export async function onConnection<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

/** Runs fn in one transaction on one connection; rolls back on any error. */
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
