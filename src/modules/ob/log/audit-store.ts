import type { Queryable } from '../../../platform/db/database.ts';

// What the audit reads: each leaf's entry as stored, column by column, and the published level-0 tiles.

export interface AuditPerson {
  role: string;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  age: number | null;
  sex: string | null;
  /** hex */
  salt: string;
  erased: boolean;
}

export interface AuditRow {
  leaf_index: string;
  station_id: string;
  day: string;
  number: number;
  kind: string;
  occurred_at: Date;
  recorded_at: Date;
  recorded_by: string;
  recorded_by_service_number: string | null;
  place: string;
  narrative: string;
  details: unknown;
  property: unknown;
  links: string[];
  amends_day: string | null;
  amends_number: number | null;
  amend_reason: string | null;
  salt: Buffer;
  persons: AuditPerson[] | null;
  /** the stored leaf, read only where a person's data was erased (their commitment is taken from it) */
  erased_leaf: Buffer | null;
}

/** The entries of leaves [from, to), in leaf order. */
export async function auditRows(db: Queryable, from: number, to: number): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `select l.leaf_index, e.station_id, to_char(e.day, 'YYYY-MM-DD') as day, e.number, e.kind, e.occurred_at,
       e.recorded_at, e.recorded_by, e.recorded_by_service_number, e.place, e.narrative, e.details, e.property,
       e.links::text[] as links, to_char(a.day, 'YYYY-MM-DD') as amends_day, a.number as amends_number,
       e.amend_reason, e.salt, p.persons, case when p.erased then e.leaf end as erased_leaf
     from ob_log_leaves l
     join ob_entries e on e.id = l.entry_id
     left join ob_entries a on a.id = e.amends
     left join lateral (
       select json_agg(json_build_object('role', role, 'name', name, 'idNumber', id_number, 'phone', phone,
           'age', age, 'sex', sex, 'salt', encode(salt, 'hex'), 'erased', erased_at is not null) order by ord) as persons,
         bool_or(erased_at is not null) as erased
       from ob_entry_persons where entry_id = e.id
     ) p on true
     where l.leaf_index >= $1 and l.leaf_index < $2
     order by l.leaf_index`,
    [from, to],
  );
  return rows;
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
