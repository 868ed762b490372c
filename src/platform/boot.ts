import { fileURLToPath } from 'node:url';
import type { Config } from '../config.ts';
import { BlobStore } from './blobs/index.ts';
import { referencedBlobs } from './blobs/store.ts';
import { blobColumns, blobSweepJob } from './blobs/sweep.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate, type MigrationSource } from './db/migrate.ts';
import { grantAppPrivileges, type TableRule } from './db/privileges.ts';
import pg from 'pg';
import { countUsers } from './db/reference-store.ts';
import { showTimesIn, Translations } from './i18n/index.ts';
import type { Jurisdiction } from './jurisdiction.ts';
import type { Platform, SautiModule } from './module.ts';
import { syncReferenceData } from './reference.ts';
import { loadDemoStaff } from './auth/demo.ts';
import { loadRegistryKey } from './crypto/index.ts';
import { Jobs, type JobLog } from './jobs/index.ts';
import { Clock } from './clock.ts';
import { Extensions } from './extensions.ts';
import { mailDispatchJob } from './mail/dispatch.ts';
import pino from 'pino';

const platformMigrations = fileURLToPath(new URL('./db/migrations/', import.meta.url));
const platformLocales = fileURLToPath(new URL('./web/locales/', import.meta.url));
const mailLocales = fileURLToPath(new URL('./mail/locales/', import.meta.url));

export function migrationSources(modules: SautiModule[]): MigrationSource[] {
  return [
    { name: 'platform', dir: platformMigrations },
    ...modules.filter((m) => m.migrations).map((m) => ({ name: m.name, dir: m.migrations! })),
  ];
}

export function loadTranslations(modules: SautiModule[], jurisdiction: Jurisdiction): Translations {
  showTimesIn(jurisdiction);
  const translations = new Translations().load(platformLocales).load(mailLocales).load(jurisdiction.locales);
  for (const m of modules) for (const dir of m.locales ?? []) translations.load(dir);
  return translations;
}

export interface BootOptions {
  /** An already open database (tests); otherwise opened from the configuration. */
  db?: Database;
  /** Skip migrations, reference data and demo loading (a second instance, or `serve --no-migrate`). */
  skipSetup?: boolean;
  /** Run this instance's job workers (serving instances and tests); off for one-off commands. */
  workers?: boolean;
  /** Where job failures are logged. */
  log?: JobLog;
}

/** config -> database -> migrations -> reference data -> demo data (first start only). */
export async function bootPlatform(
  config: Config,
  modules: SautiModule[],
  options: BootOptions = {},
): Promise<Platform> {
  const registry = await loadRegistryKey(config);
  const db =
    options.db ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      ownerUrl: config.databaseOwnerUrl,
      dataDir: config.dataDir,
    }));
  const hashColumns = blobColumns(modules);
  const blobs = new BlobStore(config.blobDir, (sha256s) => referencedBlobs(db.pool, hashColumns.files, sha256s));
  await blobs.init();
  const jobs = new Jobs(db.connectionString, { pollSeconds: config.jobPollSeconds });
  const platform: Platform = {
    db,
    config,
    blobs,
    i18n: loadTranslations(modules, config.jurisdiction),
    registry,
    jobs,
    clock: new Clock(),
    log: pino({ level: config.logLevel }),
    extensions: new Extensions(modules.flatMap((m) => m.extensions ?? [])),
    async close() {
      await jobs.stop();
      await db.close();
    },
  };
  const definitions = [
    blobSweepJob(platform, hashColumns),
    mailDispatchJob(platform),
    ...modules.flatMap((m) => m.jobs?.(platform) ?? []),
  ];
  if (!options.skipSetup) {
    await setUpDatabase(
      db,
      modules,
      definitions.map((d) => d.queue),
    );
    await syncReferenceData(db, config.jurisdiction);
  }
  await jobs.start(options.log ?? platform.log);
  for (const definition of definitions) await jobs.define(definition);
  if (!options.skipSetup && config.demo && (await countUsers(db.pool)) === 0) await loadDemo(platform, modules);
  if (options.workers !== false) for (const definition of definitions) await jobs.work(definition);
  return platform;
}

/** Platform tables the application may not rewrite beyond what their triggers already refuse. */
const platformTables: Record<string, TableRule> = {
  sms_outbox: {
    update: [
      'to_sealed',
      'status',
      'attempts',
      'next_attempt_at',
      'claimed_at',
      'gateway_message_id',
      'gateway_status',
      'failure_reason',
      'sent_at',
      'final_at',
    ],
  },
  sms_delivery_reports: 'append-only',
  mail_outbox: {
    update: [
      'to_sealed',
      'status',
      'attempts',
      'next_attempt_at',
      'claimed_at',
      'message_id',
      'server_response',
      'failure_reason',
      'sent_at',
      'final_at',
    ],
  },
};

/**
 * As the owner: migrations, the job queue's schema and queues, then the application role's
 * privileges (see `grantAppPrivileges`).
 */
export async function setUpDatabase(db: Database, modules: SautiModule[], queues: string[]): Promise<void> {
  const owner = new pg.Pool({ connectionString: db.ownerConnectionString, max: 1 });
  owner.on('error', () => undefined);
  try {
    await migrate(owner, migrationSources(modules));
    await Jobs.install(db.ownerConnectionString, queues);
    const rules = Object.assign({}, platformTables, ...modules.map((m) => m.tables ?? {})) as Record<string, TableRule>;
    await grantAppPrivileges(owner, rules);
  } finally {
    await owner.end();
  }
}

export async function loadDemo(platform: Platform, modules: SautiModule[]): Promise<void> {
  await loadDemoStaff(platform.db);
  for (const m of modules) await m.demo?.(platform);
}
