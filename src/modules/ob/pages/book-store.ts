import type { Queryable } from '../../../platform/db/database.ts';
import type { ObNumber } from '../ob-number.ts';

/** The OB numbers of entries named by id (links, the arrest a release ends), to show them as the book writes them. */
export async function obNumbersOf(db: Queryable, ids: readonly string[]): Promise<Map<string, ObNumber>> {
  const unique = [...new Set(ids)].filter((id) => /^\d{1,18}$/.test(id));
  if (unique.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; day: string; number: number }>(
    `select id::text, to_char(day, 'YYYY-MM-DD') as day, number from ob_entries where id = any($1::bigint[])`,
    [unique],
  );
  return new Map(rows.map((r) => [r.id, { day: r.day, number: r.number }]));
}
