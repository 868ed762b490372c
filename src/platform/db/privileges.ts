import { APP_ROLE, ensureAppRole, type Queryable } from './database.ts';

/**
 * What the application role may do to one table beyond reading and inserting rows. Undeclared
 * tables are read and written freely. `append-only`: never updated or deleted (evidence, audit,
 * the names walls are built from). An object lists the columns it may update and whether rows may
 * be deleted; the rest of the row is then fixed once written.
 */
export type TableRule = 'append-only' | { update?: readonly string[]; delete?: boolean };

const identifier = /^[a-z_][a-z0-9_]*$/;

function name(id: string): string {
  if (!identifier.test(id)) throw new Error(`not a plain SQL identifier: ${id}`);
  return id;
}

/**
 * Grants the application role what it may do, and no more: rows of the tables in `public` and of
 * the job queue's schema, minus what `rules` withhold. The owner runs it after the migrations, at
 * every setup (it is idempotent). The role owns nothing, so it can neither alter a table nor
 * switch off a trigger.
 */
export async function grantAppPrivileges(
  owner: Queryable,
  rules: Record<string, TableRule>,
  jobSchema = 'pgboss',
): Promise<void> {
  await ensureAppRole(owner);
  const statements = [
    `grant usage on schema public to ${APP_ROLE}`,
    `grant select, insert, update, delete on all tables in schema public to ${APP_ROLE}`,
    `grant usage, select on all sequences in schema public to ${APP_ROLE}`,
    `revoke truncate, references, trigger on all tables in schema public from ${APP_ROLE}`,
  ];
  for (const [table, rule] of Object.entries(rules)) {
    statements.push(`revoke update, delete on ${name(table)} from ${APP_ROLE}`);
    if (rule === 'append-only') continue;
    if (rule.update?.length)
      statements.push(`grant update (${rule.update.map(name).join(', ')}) on ${name(table)} to ${APP_ROLE}`);
    if (rule.delete) statements.push(`grant delete on ${name(table)} to ${APP_ROLE}`);
  }
  const hasJobs = (await owner.query('select 1 from pg_namespace where nspname = $1', [jobSchema])).rowCount! > 0;
  if (hasJobs) {
    const schema = name(jobSchema);
    statements.push(
      `grant usage on schema ${schema} to ${APP_ROLE}`,
      `grant select, insert, update, delete on all tables in schema ${schema} to ${APP_ROLE}`,
      `grant usage, select on all sequences in schema ${schema} to ${APP_ROLE}`,
      `grant execute on all functions in schema ${schema} to ${APP_ROLE}`,
    );
  }
  for (const sql of statements) await owner.query(sql);
}
