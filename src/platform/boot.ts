import { fileURLToPath } from 'node:url';
import type { Config } from '../config.ts';
import { BlobStore } from './blobs/index.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate, type MigrationSource } from './db/migrate.ts';
import { countUsers } from './db/reference-store.ts';
import { Translations } from './i18n/index.ts';
import type { Platform, SautiModule } from './module.ts';
import { syncReferenceData } from './reference.ts';
import { loadDemoStaff } from './auth/demo.ts';
import { loadRegistryKey } from './registry/index.ts';
import { Jobs, type JobLog } from './jobs/index.ts';

const platformMigrations = fileURLToPath(new URL('./db/migrations/', import.meta.url));
const platformLocales = fileURLToPath(new URL('./web/locales/', import.meta.url));
const registryLocales = fileURLToPath(new URL('./registry/locales/', import.meta.url));
const jurisdictionLocales = fileURLToPath(new URL('../jurisdiction/kenya/locales/', import.meta.url));

export function migrationSources(modules: SautiModule[]): MigrationSource[] {
  return [
    { name: 'platform', dir: platformMigrations },
    ...modules.filter((m) => m.migrations).map((m) => ({ name: m.name, dir: m.migrations! })),
  ];
}

export function loadTranslations(modules: SautiModule[]): Translations {
  const translations = new Translations().load(platformLocales).load(registryLocales).load(jurisdictionLocales);
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
export async function bootPlatform(config: Config, modules: SautiModule[], options: BootOptions = {}): Promise<Platform> {
  const registry = await loadRegistryKey(config);
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const blobs = new BlobStore(config.blobDir);
  await blobs.init();
  const jobs = new Jobs(db.connectionString, { embedded: db.kind === 'embedded', pollSeconds: config.jobPollSeconds });
  const platform: Platform = {
    db,
    config,
    blobs,
    i18n: loadTranslations(modules),
    registry,
    jobs,
    async close() {
      await jobs.stop();
      await db.close();
    },
  };
  if (!options.skipSetup) {
    await migrate(db.pool, migrationSources(modules));
    await syncReferenceData(db);
  }
  await jobs.start(options.log);
  const definitions = modules.flatMap((m) => m.jobs?.(platform) ?? []);
  for (const definition of definitions) await jobs.define(definition);
  if (!options.skipSetup && config.demo && (await countUsers(db.pool)) === 0) await loadDemo(platform, modules);
  if (options.workers !== false) for (const definition of definitions) await jobs.work(definition);
  return platform;
}

export async function loadDemo(platform: Platform, modules: SautiModule[]): Promise<void> {
  await loadDemoStaff(platform.db);
  for (const m of modules) await m.demo?.(platform);
}
