import type { Queryable } from '../../../platform/db/database.ts';
import type { OneStatement, Relation } from '../../../platform/db/statement.ts';
import type { LocalDate } from '../../../platform/time/index.ts';
import type { EntryKind } from '../entry-input.ts';

// The custody clock's deadlines and the links between entries and the cases opened from them.

/**
 * Adds to the statement storing entries the custody deadline of each arrest among them (not of a
 * correction): due 24 hours after the arrest, so no arrest is stored without its clock.
 */
export function custodyDeadlinesIn(
  statement: OneStatement,
  stored: Relation<'ord' | 'id' | 'station_id'>,
  input: Relation<'ord' | 'kind' | 'details' | 'amends'>,
): void {
  statement.with(
    'custody_deadlines',
    `insert into ob_custody_deadlines (entry_id, station_id, due_at)
     select ${stored.col('id')}, ${stored.col('station_id')},
       (${input.col('details')}->>'arrestedAt')::timestamptz + interval '24 hours'
     from ${stored} join ${input} on ${input.col('ord')} = ${stored.col('ord')}
     where ${input.col('kind')} = 'arrest' and ${input.col('amends')} is null`,
  );
}

export interface DueDeadline {
  entry_id: string;
  station_id: string;
  station_name: string;
  county_code: string;
  day: LocalDate;
  number: number;
  arrested_at: Date;
  due_at: Date;
  /** A release was recorded by the deadline: nothing to escalate. */
  released_in_time: boolean;
}

/**
 * Takes the deadlines due at `now` and not yet settled, locked for this transaction; rows another
 * run holds are skipped, so two runs never take the same deadline.
 */
export async function claimDueDeadlines(db: Queryable, now: Date, limit: number): Promise<DueDeadline[]> {
  const { rows } = await db.query<DueDeadline>(
    `select d.entry_id, d.station_id, s.name as station_name, s.county_code, to_char(e.day, 'YYYY-MM-DD') as day,
       e.number, (e.details->>'arrestedAt')::timestamptz as arrested_at, d.due_at,
       exists (select 1 from ob_entries r where r.kind = 'release' and r.amends is null
         and r.details->>'releaseOf' = d.entry_id::text and r.recorded_at <= d.due_at) as released_in_time
     from ob_custody_deadlines d
     join ob_entries e on e.id = d.entry_id
     join stations s on s.id = d.station_id
     where d.settled_at is null and d.due_at <= $1
     order by d.due_at, d.entry_id
     limit $2
     for update of d skip locked`,
    [now, limit],
  );
  return rows;
}

/** Settles deadlines that need no case (released in time). */
export async function settleReleased(db: Queryable, entryIds: string[], now: Date): Promise<void> {
  if (entryIds.length === 0) return;
  await db.query(
    `update ob_custody_deadlines set settled_at = $2 where entry_id = any($1::bigint[]) and settled_at is null`,
    [entryIds, now],
  );
}

/**
 * Adds to a statement that opens cases (row `ord` of `cases` for entryIds[ord]) the settling of
 * each deadline with its case and the entry's link to the case (so the case's investigators read it).
 */
export function settleEscalatedIn(
  statement: OneStatement,
  cases: Relation<'ord' | 'id'>,
  entryIds: string[],
  now: Date,
): void {
  const entries = statement.with<'ord' | 'entry_id'>(
    'escalated_entries',
    `select (ord - 1)::int as ord, entry_id from unnest(${statement.param(entryIds)}::bigint[]) with ordinality as x(entry_id, ord)`,
  );
  statement.with(
    'escalated_deadlines',
    `update ob_custody_deadlines d set settled_at = ${statement.param(now)}::timestamptz, case_id = ${cases.col('id')}
     from ${entries} join ${cases} on ${cases.col('ord')} = ${entries.col('ord')}
     where d.entry_id = ${entries.col('entry_id')} and d.settled_at is null`,
  );
  linkEntriesIn(statement, cases, entries);
}

/** Links entries to cases (row `ord` of each relation together), in the statement that opens the cases. */
export function linkEntriesIn(
  statement: OneStatement,
  cases: Relation<'ord' | 'id'>,
  entries: Relation<'ord' | 'entry_id'>,
): void {
  statement.with(
    'entry_case_links',
    `insert into ob_entry_cases (entry_id, case_id)
     select ${entries.col('entry_id')}, ${cases.col('id')} from ${entries} join ${cases} on ${cases.col('ord')} = ${entries.col('ord')}`,
  );
}

export interface CustodyRow {
  entry_id: string;
  day: LocalDate;
  number: number;
  arrested_at: Date;
  due_at: Date;
  names: string[];
  released: { day: LocalDate; number: number; recorded_at: Date } | null;
  /** The case opened when the deadline passed with nobody released. */
  case_id: string | null;
  escalated_at: Date | null;
}

/**
 * A station's custody clock: every arrest still held, and every arrest escalated in the last
 * `recentDays` (released since or not), oldest deadline first.
 */
export async function stationCustody(
  db: Queryable,
  stationId: string,
  now: Date,
  recentDays: number,
): Promise<CustodyRow[]> {
  const { rows } = await db.query<CustodyRow>(
    `select d.entry_id, to_char(e.day, 'YYYY-MM-DD') as day, e.number,
       (e.details->>'arrestedAt')::timestamptz as arrested_at, d.due_at,
       coalesce((select array_agg(p.name order by p.ord) from ob_entry_persons p
         where p.entry_id = e.id and p.role = 'arrested' and p.name is not null), '{}') as names,
       (select jsonb_build_object('day', to_char(r.day, 'YYYY-MM-DD'), 'number', r.number, 'recorded_at', r.recorded_at)
         from ob_entries r where r.kind = 'release' and r.amends is null and r.details->>'releaseOf' = e.id::text) as released,
       d.case_id, case when d.case_id is null then null else d.settled_at end as escalated_at
     from ob_custody_deadlines d
     join ob_entries e on e.id = d.entry_id
     where d.station_id = $1
       and (not exists (select 1 from ob_entries r where r.kind = 'release' and r.amends is null and r.details->>'releaseOf' = e.id::text)
         or (d.case_id is not null and d.settled_at >= $2::timestamptz - $3 * interval '1 day'))
     order by d.due_at, d.entry_id`,
    [stationId, now, recentDays],
  );
  return rows.map((r) => ({
    ...r,
    released: r.released && { ...r.released, recorded_at: new Date(r.released.recorded_at as unknown as string) },
  }));
}

export interface LinkedEntry {
  id: string;
  station_id: string;
  station_name: string;
  day: LocalDate;
  number: number;
  kind: EntryKind;
  occurred_at: Date;
  recorded_at: Date;
  place: string;
  narrative: string;
  persons: Array<{ role: string; name: string | null }>;
}

/** The entries linked to a case, in the order of the book. */
export async function entriesOfCase(db: Queryable, caseId: string): Promise<LinkedEntry[]> {
  const { rows } = await db.query<LinkedEntry>(
    `select e.id, e.station_id, s.name as station_name, to_char(e.day, 'YYYY-MM-DD') as day, e.number, e.kind,
       e.occurred_at, e.recorded_at, e.place, e.narrative,
       coalesce((select jsonb_agg(jsonb_build_object('role', p.role, 'name', p.name) order by p.ord)
         from ob_entry_persons p where p.entry_id = e.id), '[]') as persons
     from ob_entry_cases l join ob_entries e on e.id = l.entry_id join stations s on s.id = e.station_id
     where l.case_id = $1
     order by e.day, e.number`,
    [caseId],
  );
  return rows;
}

export async function stationOf(
  db: Queryable,
  stationId: string,
): Promise<{ id: string; name: string; county_code: string } | undefined> {
  const { rows } = await db.query<{ id: string; name: string; county_code: string }>(
    'select id, name, county_code from stations where id = $1',
    [stationId],
  );
  return rows[0];
}
