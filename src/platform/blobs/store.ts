import type { Queryable } from '../db/database.ts';

/** A column of a module's table that holds SHA-256 hex values. */
export interface HashColumn {
  table: string;
  column: string;
}

function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL name: ${name}`);
  return `"${name}"`;
}

/** Of `sha256s`, those named by a row of any of `columns`. */
export async function referencedBlobs(
  db: Queryable,
  columns: readonly HashColumn[],
  sha256s: string[],
): Promise<Set<string>> {
  if (sha256s.length === 0 || columns.length === 0) return new Set();
  const named = columns
    .map((c) => `exists (select 1 from ${identifier(c.table)} where ${identifier(c.column)} = s)`)
    .join(' or ');
  const { rows } = await db.query<{ s: string }>(`select s from unnest($1::text[]) as s where ${named}`, [sha256s]);
  return new Set(rows.map((r) => r.s));
}

/** Every column of the application's tables whose name says it holds a SHA-256. */
export async function hashColumns(db: Queryable): Promise<HashColumn[]> {
  const { rows } = await db.query<{ table: string; column: string }>(
    `select c.table_name as table, c.column_name as column
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.column_name like '%sha256%'
      order by c.table_name, c.column_name`,
  );
  return rows;
}
