import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';

export interface MigrationSource {
  /** Module name, e.g. "platform" or "reports"; migration ids are "<name>/<file>". */
  name: string;
  dir: string;
}

export interface Migration {
  id: string;
  sql: string;
}

const MIGRATION_LOCK = 7_211_947; // any constant: one migrator at a time across instances

export function listMigrations(sources: MigrationSource[]): Migration[] {
  const migrations: Migration[] = [];
  for (const source of sources) {
    if (!existsSync(source.dir)) continue;
    const files = readdirSync(source.dir)
      .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
      .sort();
    for (const file of files) {
      migrations.push({ id: `${source.name}/${file}`, sql: readFileSync(join(source.dir, file), 'utf8') });
    }
  }
  return migrations;
}

/** Applies every migration not yet applied, in order, each in its own transaction. Returns the ids applied. */
export async function migrate(pool: pg.Pool, sources: MigrationSource[]): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())',
    );
    const done = new Set(
      (await client.query<{ id: string }>('select id from schema_migrations')).rows.map((r) => r.id),
    );
    const applied: string[] = [];
    for (const migration of listMigrations(sources)) {
      if (done.has(migration.id)) continue;
      try {
        await client.query('begin');
        await client.query(migration.sql);
        await client.query('insert into schema_migrations (id) values ($1)', [migration.id]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.id);
    }
    return applied;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** True when every known migration has been applied (used by /healthz). */
export async function isMigrated(pool: pg.Pool, sources: MigrationSource[]): Promise<boolean> {
  const wanted = listMigrations(sources).map((m) => m.id);
  const rows = (await pool.query<{ id: string }>('select id from schema_migrations')).rows;
  const have = new Set(rows.map((r) => r.id));
  return wanted.every((id) => have.has(id));
}
