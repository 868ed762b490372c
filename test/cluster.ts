/**
 * The PostgreSQL a test run uses: one server per run (the embedded one, started in a temporary
 * directory, or the server named by TEST_DATABASE_URL), a template database migrated once, and a
 * fresh database per test file cloned from it (`CREATE DATABASE … TEMPLATE`). The application
 * connects as a login of the application role, as it does in production.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { bootPlatform } from '../src/platform/boot.ts';
import { ensureAppLogin, openDatabase, withDatabase, type Database } from '../src/platform/db/database.ts';
import { processAlive, startEmbeddedServer } from '../src/platform/db/embedded.ts';
import { modules } from '../src/modules/index.ts';

export interface TestCluster {
  /** The superuser's connection to the server's maintenance database. */
  adminUrl: string;
  /** The migrated database each test file's database is cloned from. */
  template: string;
  /** The application's login (a member of the application role). */
  app: { name: string; password?: string };
}

const CLUSTER_ENV = 'SAUTI_TEST_CLUSTER';
const TEMPLATE_PREFIX = 'sauti_template_';
const CLUSTER_DIR_PREFIX = 'sauti-test-pg-';

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Stops and removes the servers of earlier runs on this machine that were killed before cleaning up. */
async function sweepStaleClusters(): Promise<void> {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(CLUSTER_DIR_PREFIX)) continue;
    const pid = Number(entry.slice(CLUSTER_DIR_PREFIX.length));
    if (!Number.isInteger(pid) || processAlive(pid)) continue;
    const dir = join(tmpdir(), entry);
    if (existsSync(join(dir, 'cluster', 'postmaster.pid'))) {
      const orphan = await startEmbeddedServer({ dir }).catch(() => undefined);
      await orphan?.stop().catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Drops databases that runs on this machine left behind when they were killed. */
async function sweepStaleDatabases(adminUrl: string): Promise<void> {
  await admin(adminUrl, async (client) => {
    const rows = (
      await client.query<{ datname: string }>(`select datname from pg_database where datname like 'sauti\\_%'`)
    ).rows;
    for (const { datname } of rows) {
      const match = /^sauti_(?:template|test|cli|durability|load)_(\d+)/.exec(datname);
      if (match && !processAlive(Number(match[1])))
        await client.query(`drop database if exists ${datname} with (force)`).catch(() => undefined);
    }
  });
}

/** Starts the run's server (or takes TEST_DATABASE_URL's) and migrates the template. */
export async function prepareTestCluster(): Promise<{ cluster: TestCluster; stop(): Promise<void> }> {
  const external = process.env.TEST_DATABASE_URL;
  let adminUrl: string;
  let stopServer = async () => undefined as void;
  let app: TestCluster['app'];
  if (external) {
    adminUrl = external;
    app = { name: 'sauti_test_app' };
  } else {
    await sweepStaleClusters();
    const server = await startEmbeddedServer({
      dir: join(tmpdir(), `${CLUSTER_DIR_PREFIX}${process.pid}`),
      maxConnections: 300,
    });
    adminUrl = server.url;
    app = { name: 'sauti_test_app', password: randomBytes(18).toString('base64url') };
    stopServer = async () => {
      await server.stop();
      rmSync(join(tmpdir(), `${CLUSTER_DIR_PREFIX}${process.pid}`), { recursive: true, force: true });
    };
  }
  await sweepStaleDatabases(adminUrl);
  const template = `${TEMPLATE_PREFIX}${process.pid}`;
  await admin(adminUrl, async (client) => {
    await ensureAppLogin(client, app.name, app.password);
    // a test never waits for ever on a row or table lock: after two minutes the statement fails,
    // naming itself, instead of the test hanging until its five-minute timeout with no clue
    await client.query(`alter role ${app.name} set lock_timeout = '120s'`);
    await client.query(`drop database if exists ${template} with (force)`);
    await client.query(`create database ${template}`);
  });
  const cluster: TestCluster = { adminUrl, template, app };
  const db = await databaseIn(cluster, template);
  const config = loadConfig({
    SAUTI_SECRET: 'template-secret-0123456789-0123456789',
    DATA_DIR: join(tmpdir(), `sauti-template-${process.pid}`),
    SAUTI_DEMO: 'false',
    LOG_LEVEL: 'silent',
  });
  const platform = await bootPlatform(config, modules, { db, workers: false });
  await platform.close();
  rmSync(config.dataDir, { recursive: true, force: true });
  return {
    cluster,
    async stop() {
      await admin(adminUrl, (client) => client.query(`drop database if exists ${template} with (force)`)).catch(
        () => undefined,
      );
      await stopServer();
    },
  };
}

export function clusterEnv(cluster: TestCluster): Record<string, string> {
  return { [CLUSTER_ENV]: JSON.stringify(cluster) };
}

function databaseIn(cluster: TestCluster, name: string, poolSize = 10): Promise<Database> {
  return openDatabase({
    databaseUrl: withDatabase(cluster.adminUrl, name, cluster.app),
    ownerUrl: withDatabase(cluster.adminUrl, name),
    poolSize,
  });
}

let ownCluster: Promise<{ cluster: TestCluster; stop(): Promise<void> }> | undefined;

/** The run's cluster; a test file run on its own (outside `npm test`) starts one for itself. */
async function currentCluster(): Promise<TestCluster> {
  const given = process.env[CLUSTER_ENV];
  if (given) return JSON.parse(given) as TestCluster;
  if (!ownCluster) {
    ownCluster = prepareTestCluster();
    const { stop } = await ownCluster;
    process.once('beforeExit', () => void stop());
  }
  return (await ownCluster).cluster;
}

export interface FreshDatabase {
  db: Database;
  /** The owner's connection string to it (for a second process that migrates). */
  ownerUrl: string;
  /** The application's connection string to it. */
  url: string;
  /** The server's superuser connection (to create more databases, or look from outside). */
  adminUrl: string;
  /** Runs `sql` as the owner (tables a test needs; the application role may only write rows). */
  asOwner(sql: string): Promise<void>;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, cloned from the run's template. */
export async function freshDatabase(options: { poolSize?: number; migrated?: boolean } = {}): Promise<FreshDatabase> {
  const cluster = await currentCluster();
  const name = `sauti_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(cluster.adminUrl, async (client) => {
    const source = options.migrated === false ? '' : ` template ${cluster.template}`;
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database ${name}${source}`);
        return;
      } catch (error) {
        // another file's CREATE DATABASE from the same template at the same instant
        if ((error as { code?: string }).code !== '55006' || attempt > 50) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  const db = await databaseIn(cluster, name, options.poolSize);
  return {
    db,
    url: withDatabase(cluster.adminUrl, name, cluster.app),
    ownerUrl: withDatabase(cluster.adminUrl, name),
    adminUrl: cluster.adminUrl,
    asOwner: (sql) => admin(withDatabase(cluster.adminUrl, name), async (client) => void (await client.query(sql))),
    async drop() {
      await db.close().catch(() => undefined);
      await admin(cluster.adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
