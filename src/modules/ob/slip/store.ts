import type { Queryable } from '../../../platform/db/database.ts';
import type { LocalDate } from '../../../platform/time/index.ts';

// What the public check of a slip reads: that the entry exists and when it was recorded, and the
// entries that later amended it. Never its content.

export interface SlipEntryRow {
  id: string;
  station_name: string;
  recorded_at: Date;
}

export async function slipEntry(
  db: Queryable,
  stationId: string,
  day: LocalDate,
  number: number,
): Promise<SlipEntryRow | undefined> {
  const { rows } = await db.query<SlipEntryRow>(
    `select e.id::text, s.name as station_name, e.recorded_at
     from ob_entries e join stations s on s.id = e.station_id
     where e.station_id = $1 and e.day = $2 and e.number = $3`,
    [stationId, day, number],
  );
  return rows[0];
}

export interface AmendmentRow {
  day: LocalDate;
  number: number;
  recorded_at: Date;
}

/** The entries that amend this one, and those that amend them in turn, in the order they were recorded. */
export async function amendmentsOf(db: Queryable, entryId: string): Promise<AmendmentRow[]> {
  const { rows } = await db.query<AmendmentRow>(
    `with recursive chain as (
       select id, day, number, recorded_at, 1 as depth from ob_entries where amends = $1
       union all
       select e.id, e.day, e.number, e.recorded_at, c.depth + 1 from ob_entries e join chain c on e.amends = c.id
       where c.depth < 100
     )
     select to_char(day, 'YYYY-MM-DD') as day, number, recorded_at from chain order by recorded_at, id`,
    [entryId],
  );
  return rows;
}

/** The stations the check offers, by name. */
export async function stationNames(db: Queryable): Promise<Array<{ id: string; name: string }>> {
  const { rows } = await db.query<{ id: string; name: string }>('select id, name from stations order by name');
  return rows;
}
