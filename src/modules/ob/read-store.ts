import type { Queryable } from '../../platform/db/database.ts';
import type { LocalDate } from '../../platform/time/index.ts';
import type { EntryKind } from './entry-input.ts';

// Reading the book: entries by number and by day, open arrests, and what a day's close checks.

export interface PersonRow {
  ord: number;
  role: string;
  name: string | null;
  id_number: string | null;
  phone: string | null;
  age: number | null;
  sex: string | null;
  salt: Buffer;
  erased_at: Date | null;
}

export interface EntryRow {
  id: string;
  station_id: string;
  day: LocalDate;
  number: number;
  kind: EntryKind;
  occurred_at: Date;
  recorded_at: Date;
  recorded_by: string;
  recorded_by_name: string;
  recorded_by_service_number: string | null;
  place: string;
  narrative: string;
  details: Record<string, unknown>;
  property: Array<{ description: string; quantity?: number; serial?: string }>;
  links: string[];
  amends: string | null;
  amends_day: LocalDate | null;
  amends_number: number | null;
  amend_reason: string | null;
  salt: Buffer;
  leaf: Buffer;
  persons: PersonRow[];
  /** Entries that amend this one, oldest first. */
  amended_by: Array<{ id: string; day: LocalDate; number: number }>;
}

const ENTRY_COLUMNS = `e.id, e.station_id, to_char(e.day, 'YYYY-MM-DD') as day, e.number, e.kind, e.occurred_at,
  e.recorded_at, e.recorded_by, u.display_name as recorded_by_name, e.recorded_by_service_number, e.place, e.narrative,
  e.details, e.property, e.links::text[] as links, e.amends, to_char(a.day, 'YYYY-MM-DD') as amends_day,
  a.number as amends_number, e.amend_reason, e.salt, e.leaf,
  coalesce((select jsonb_agg(jsonb_build_object('ord', p.ord, 'role', p.role, 'name', p.name, 'id_number', p.id_number,
      'phone', p.phone, 'age', p.age, 'sex', p.sex, 'salt', encode(p.salt, 'hex'), 'erased_at', p.erased_at) order by p.ord)
    from ob_entry_persons p where p.entry_id = e.id), '[]') as persons,
  coalesce((select jsonb_agg(jsonb_build_object('id', m.id::text, 'day', to_char(m.day, 'YYYY-MM-DD'), 'number', m.number) order by m.id)
    from ob_entries m where m.amends = e.id), '[]') as amended_by`;

const FROM = `from ob_entries e join users u on u.id = e.recorded_by left join ob_entries a on a.id = e.amends`;

function withPersons(row: EntryRow): EntryRow {
  const persons = (
    row.persons as unknown as Array<Omit<PersonRow, 'salt' | 'erased_at'> & { salt: string; erased_at: string | null }>
  ).map((p) => ({
    ...p,
    salt: Buffer.from(p.salt, 'hex'),
    erased_at: p.erased_at ? new Date(p.erased_at) : null,
  }));
  return { ...row, persons };
}

export async function entryByNumber(
  db: Queryable,
  stationId: string,
  day: LocalDate,
  number: number,
): Promise<EntryRow | undefined> {
  const { rows } = await db.query<EntryRow>(
    `select ${ENTRY_COLUMNS} ${FROM} where e.station_id = $1 and e.day = $2 and e.number = $3`,
    [stationId, day, number],
  );
  return rows[0] && withPersons(rows[0]);
}

export async function entryById(db: Queryable, id: string): Promise<EntryRow | undefined> {
  const { rows } = await db.query<EntryRow>(`select ${ENTRY_COLUMNS} ${FROM} where e.id = $1`, [id]);
  return rows[0] && withPersons(rows[0]);
}

export async function entriesOfDay(db: Queryable, stationId: string, day: LocalDate): Promise<EntryRow[]> {
  const { rows } = await db.query<EntryRow>(
    `select ${ENTRY_COLUMNS} ${FROM} where e.station_id = $1 and e.day = $2 order by e.number`,
    [stationId, day],
  );
  return rows.map(withPersons);
}

/** Entries of one station by their OB numbers (for links, amendments and releases). */
export async function entriesByNumbers(
  db: Queryable,
  stationId: string,
  numbers: ReadonlyArray<{ day: LocalDate; number: number }>,
): Promise<Array<{ id: string; day: LocalDate; number: number; kind: EntryKind; released_by: string | null }>> {
  if (numbers.length === 0) return [];
  const { rows } = await db.query(
    `select e.id, to_char(e.day, 'YYYY-MM-DD') as day, e.number, e.kind,
       (select r.id from ob_entries r where r.kind = 'release' and r.amends is null and r.details->>'releaseOf' = e.id::text) as released_by
     from ob_entries e join unnest($2::date[], $3::int[]) as n(day, number) on n.day = e.day and n.number = e.number
     where e.station_id = $1`,
    [stationId, numbers.map((n) => n.day), numbers.map((n) => n.number)],
  );
  return rows;
}

export interface DayNumbers {
  count: number;
  first: number | null;
  last: number | null;
  /** The counter's last number: what the day should run up to. */
  counted: number | null;
  closedBy: { day: LocalDate; number: number } | null;
}

/** What a day's close checks: how many entries the day holds, its first and last numbers, and whether it was closed. */
export async function dayNumbers(db: Queryable, stationId: string, day: LocalDate): Promise<DayNumbers> {
  const { rows } = await db.query(
    `select count(*)::int as count, min(number) as first, max(number) as last,
       (select last_number from ob_day_counters where station_id = $1 and day = $2) as counted,
       (select jsonb_build_object('day', to_char(c.day, 'YYYY-MM-DD'), 'number', c.number) from ob_entries c
         where c.station_id = $1 and c.kind = 'day_close' and c.amends is null and c.details->>'day' = $2::text) as closed_by
     from ob_entries where station_id = $1 and day = $2`,
    [stationId, day],
  );
  const r = rows[0];
  return { count: r.count, first: r.first, last: r.last, counted: r.counted, closedBy: r.closed_by };
}

export interface OpenArrestRow {
  id: string;
  day: LocalDate;
  number: number;
  arrested_at: Date;
  names: string[];
}

/** Arrests at a station with no release yet, oldest first: the custody clock's list. */
export async function openArrests(db: Queryable, stationId: string): Promise<OpenArrestRow[]> {
  const { rows } = await db.query<OpenArrestRow>(
    `select e.id, to_char(e.day, 'YYYY-MM-DD') as day, e.number, (e.details->>'arrestedAt')::timestamptz as arrested_at,
       coalesce((select array_agg(p.name order by p.ord) from ob_entry_persons p where p.entry_id = e.id and p.role = 'arrested' and p.name is not null), '{}') as names
     from ob_entries e
     where e.station_id = $1 and e.kind = 'arrest' and e.amends is null
       and not exists (select 1 from ob_entries r where r.kind = 'release' and r.amends is null and r.details->>'releaseOf' = e.id::text)
     order by arrested_at`,
    [stationId],
  );
  return rows;
}

export async function stationExists(
  db: Queryable,
  stationId: string,
): Promise<{ id: string; name: string } | undefined> {
  const { rows } = await db.query<{ id: string; name: string }>('select id, name from stations where id = $1', [
    stationId,
  ]);
  return rows[0];
}

/** Is this entry linked to a case? (investigators read entries through their cases) */
export async function casesOfEntry(db: Queryable, entryId: string): Promise<string[]> {
  const { rows } = await db.query<{ case_id: string }>('select case_id from ob_entry_cases where entry_id = $1', [
    entryId,
  ]);
  return rows.map((r) => r.case_id);
}
