import type { Queryable } from '../../../platform/db/database.ts';

// What the audit reads: each leaf's entry as stored, column by column, its persons, and the published
// level-0 tiles. Columns come back as the text PostgreSQL sends (no Date or JSON parsing on the way):
// the audit reads millions of them and turns each into the leaf's text itself.

const AS_TEXT = { getTypeParser: () => (value: string) => value };

export interface AuditRow {
  id: string;
  station_id: string;
  /** YYYY-MM-DD */
  day: string;
  number: string;
  kind: string;
  /** milliseconds since 1970, as a JavaScript Date holds them */
  occurred_at: string;
  recorded_at: string;
  recorded_by: string;
  recorded_by_service_number: string | null;
  place: string;
  narrative: string;
  /** JSON texts */
  details: string;
  property: string;
  links: string;
  amends_day: string | null;
  amends_number: string | null;
  amend_reason: string | null;
  /** hex */
  salt: string;
}

export interface AuditPerson {
  entry_id: string;
  role: string;
  name: string | null;
  id_number: string | null;
  phone: string | null;
  age: string | null;
  sex: string | null;
  /** hex */
  salt: string;
  erased: string;
}

/** The entry each leaf in [from, to) was made from, in leaf order. */
export async function leafEntryIds(
  db: Queryable,
  from: number,
  to: number,
): Promise<Array<{ leaf_index: string; entry_id: string }>> {
  const { rows } = await db.query<{ leaf_index: string; entry_id: string }>({
    text: `select leaf_index, entry_id from ob_log_leaves where leaf_index >= $1 and leaf_index < $2 order by leaf_index`,
    values: [from, to],
    types: AS_TEXT,
  });
  return rows;
}

const ENTRY_COLUMNS = `e.id, e.station_id, to_char(e.day, 'YYYY-MM-DD') as day, e.number, e.kind,
  floor(extract(epoch from e.occurred_at) * 1000) as occurred_at, floor(extract(epoch from e.recorded_at) * 1000) as recorded_at,
  e.recorded_by, e.recorded_by_service_number, e.place, e.narrative, e.details, e.property,
  to_json(e.links::text[]) as links, to_char(a.day, 'YYYY-MM-DD') as amends_day, a.number as amends_number,
  e.amend_reason, encode(e.salt, 'hex') as salt`;

/**
 * Entries by id: those in [low, high] (entries join the log in about the order they were stored, so a
 * range of leaves is a range of ids, read in index order), or exactly those listed.
 */
export async function auditEntries(db: Queryable, ids: { low: string; high: string } | string[]): Promise<AuditRow[]> {
  const range = !Array.isArray(ids);
  const { rows } = await db.query<AuditRow>({
    text: `select ${ENTRY_COLUMNS} from ob_entries e left join ob_entries a on a.id = e.amends
     where ${range ? 'e.id >= $1 and e.id <= $2' : 'e.id = any($1::bigint[])'}`,
    values: range ? [ids.low, ids.high] : [ids],
    types: AS_TEXT,
  });
  return rows;
}

/** The persons of these entries (as `auditEntries` takes them), by entry and in their order. */
export async function auditPersons(
  db: Queryable,
  ids: { low: string; high: string } | string[],
): Promise<AuditPerson[]> {
  const range = !Array.isArray(ids);
  const { rows } = await db.query<AuditPerson>({
    text: `select entry_id, role, name, id_number, phone, age, sex, encode(salt, 'hex') as salt,
       erased_at is not null as erased
     from ob_entry_persons where ${range ? 'entry_id >= $1 and entry_id <= $2' : 'entry_id = any($1::bigint[])'}
     order by entry_id, ord`,
    values: range ? [ids.low, ids.high] : [ids],
    types: AS_TEXT,
  });
  return rows;
}

/** The stored leaves of these entries (where a person was erased, their commitment is taken from it). */
export async function storedLeavesOf(db: Queryable, ids: readonly string[]): Promise<Map<string, Buffer>> {
  const { rows } = await db.query<{ id: string; leaf: Buffer }>(
    'select id, leaf from ob_entries where id = any($1::bigint[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.leaf]));
}

/** Who an entry is: its station and OB number, for a finding. */
export async function entryAtLeaf(
  db: Queryable,
  leafIndex: number,
): Promise<{ station_id: string; day: string; number: number } | undefined> {
  const { rows } = await db.query<{ station_id: string; day: string; number: number }>(
    `select e.station_id, to_char(e.day, 'YYYY-MM-DD') as day, e.number
     from ob_log_leaves l join ob_entries e on e.id = l.entry_id where l.leaf_index = $1`,
    [leafIndex],
  );
  return rows[0];
}

/** Level-0 tiles [from, to) by index: full ones, and the partial one where the tree ends. */
export async function levelZeroTiles(db: Queryable, from: number, to: number): Promise<Map<number, Buffer>> {
  const { rows } = await db.query<{ tile_index: string; data: Buffer }>(
    `select tile_index, data from ob_log_tiles where level = 0 and tile_index >= $1 and tile_index < $2
     union all
     select tile_index, data from ob_log_partial_tiles where level = 0 and tile_index >= $1 and tile_index < $2`,
    [from, to],
  );
  return new Map(rows.map((r) => [Number(r.tile_index), r.data]));
}

/** The tree's size and root as the log holds them, and how many entries exist and wait in the queue. */
export async function logTotals(
  db: Queryable,
): Promise<{ size: number; root: Buffer; entries: number; queued: number }> {
  const { rows } = await db.query<{ size: string; root: Buffer; entries: string; queued: string }>(
    `select s.size, s.root, (select count(*) from ob_entries) as entries, (select count(*) from ob_log_queue) as queued
     from ob_log_state s`,
  );
  const r = rows[0]!;
  return { size: Number(r.size), root: r.root, entries: Number(r.entries), queued: Number(r.queued) };
}
