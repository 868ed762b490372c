import type { Queryable } from '../../platform/db/database.ts';
import { OneStatement, type Relation } from '../../platform/db/statement.ts';
import { auditIn } from '../../platform/audit/index.ts';
import type { LocalDate } from '../../platform/time/index.ts';
import type { EntryKind, PersonInput, PropertyItem } from './entry-input.ts';
import { custodyDeadlinesIn } from './custody/store.ts';
import { footageRowsIn } from './footage/store.ts';

export interface NewPerson extends PersonInput {
  salt: Buffer;
}

/** An entry ready to be numbered and stored: everything but its number and leaf. */
export interface NewEntry {
  stationId: string;
  day: LocalDate;
  kind: EntryKind;
  occurredAt: Date;
  recordedAt: Date;
  recordedBy: string;
  recordedByLabel: string;
  recordedByServiceNumber: string | null;
  place: string;
  narrative: string;
  details: Record<string, unknown>;
  property: PropertyItem[];
  links: string[];
  amends: { id: string; obNumber: string; reason: string } | null;
  salt: Buffer;
  persons: NewPerson[];
}

export interface StoredEntry {
  id: string;
  stationId: string;
  day: LocalDate;
  number: number;
  recordedAt: Date;
}

/** The counters taken for the entries, and each entry's number: the counter's last before this statement plus its place. */
function numberedIn(statement: OneStatement, rows: Relation<'ord'>): Relation<'ord'> {
  const counts = statement.with<'n'>(
    'entry_counts',
    `select station_id, day, count(*)::int as n from ${rows} group by station_id, day`,
  );
  const taken = statement.with(
    'taken_numbers',
    `insert into ob_day_counters (station_id, day, last_number)
     select station_id, day, n from ${counts} order by station_id, day
     on conflict (station_id, day) do update set last_number = ob_day_counters.last_number + excluded.last_number
     returning station_id, day, last_number`,
  );
  return statement.with<'ord'>(
    'numbered',
    `select r.*, (t.last_number - c.n + row_number() over (partition by r.station_id, r.day order by r.ord))::int as number
     from ${rows} r join ${taken} t on t.station_id = r.station_id and t.day = r.day
     join ${counts} c on c.station_id = r.station_id and c.day = r.day`,
  );
}

/** The entries as the statement reads them (one JSON parameter). */
function entryInput(entries: readonly NewEntry[], leaves: ReadonlyArray<LeafTemplate>) {
  return entries.map((e, ord) => ({
    ord,
    station_id: e.stationId,
    day: e.day,
    kind: e.kind,
    occurred_at: e.occurredAt.toISOString(),
    recorded_at: e.recordedAt.toISOString(),
    recorded_by: e.recordedBy,
    recorded_by_service_number: e.recordedByServiceNumber,
    place: e.place,
    narrative: e.narrative,
    details: e.details,
    property: e.property,
    links: e.links,
    amends: e.amends?.id ?? null,
    amend_reason: e.amends?.reason ?? null,
    salt: e.salt.toString('hex'),
    leaf_head: leaves[ord]!.head,
    leaf_tail: leaves[ord]!.tail,
    actor_label: e.recordedByLabel,
    persons: e.persons.map((p, i) => ({
      ord: i,
      role: p.role,
      name: p.name,
      id_number: p.idNumber,
      phone: p.phone,
      age: p.age,
      sex: p.sex,
      salt: p.salt.toString('hex'),
    })),
  }));
}

/** An entry's leaf but for its number, which the statement that takes the number writes between the two. */
export interface LeafTemplate {
  head: string;
  tail: string;
}

/** What goes with each stored entry in the same statement: its persons, its place in the log's queue, its custody deadline, its footage row, its audit row. */
function entryRecordsIn(
  statement: OneStatement,
  joined: Relation<'ord' | 'id' | 'station_id' | 'day' | 'number' | 'recorded_at'>,
  rows: Relation<'ord' | 'kind' | 'details' | 'amends' | 'recorded_by'>,
): void {
  statement.with(
    'entry_persons',
    `insert into ob_entry_persons (entry_id, ord, role, name, id_number, phone, age, sex, salt)
     select e.id, p.ord, p.role, p.name, p.id_number, p.phone, p.age, p.sex, decode(p.salt, 'hex')
     from ${joined} e join ${rows} r on r.ord = e.ord,
       jsonb_to_recordset(r.persons) as p(ord smallint, role text, name text, id_number text, phone text, age smallint, sex text, salt text)`,
  );
  statement.with('queued', `insert into ob_log_queue (entry_id) select id from ${joined}`);
  custodyDeadlinesIn(statement, joined, rows);
  footageRowsIn(statement, joined, rows);
  const audited = statement.with<'actor_id' | 'actor_label' | 'action' | 'subject_type' | 'subject_id' | 'detail'>(
    'entry_audit',
    `select r.recorded_by as actor_id, r.actor_label, 'ob.entry.recorded' as action, 'ob_entry' as subject_type,
       e.id::text as subject_id, jsonb_build_object('station', e.station_id, 'number', e.number, 'day', e.day, 'kind', r.kind) as detail
     from ${joined} e join ${rows} r on r.ord = e.ord`,
  );
  auditIn(statement, audited);
}

/**
 * Numbers and stores entries in one statement: takes the next numbers of each station's day (one
 * counter row per station and day, locked in a fixed order so two groups never wait on each other in
 * a circle), writes each entry with its leaf, persons, place in the log's queue and audit row.
 * One statement is atomic: if it fails or is cut off, no number was taken and nothing was stored.
 * Answers in the entries' order.
 */
export async function insertEntries(
  client: Queryable,
  entries: readonly NewEntry[],
  leaves: ReadonlyArray<LeafTemplate>,
): Promise<StoredEntry[]> {
  const statement = new OneStatement();
  const input = entryInput(entries, leaves);
  const rows = statement.with<'ord' | 'kind' | 'details' | 'amends' | 'recorded_by'>(
    'entry_input',
    `select * from jsonb_to_recordset(${statement.param(JSON.stringify(input))}::jsonb) as r(
       ord int, station_id text, day date, kind text, occurred_at timestamptz, recorded_at timestamptz,
       recorded_by bigint, recorded_by_service_number text, place text, narrative text, details jsonb, property jsonb,
       links bigint[], amends bigint, amend_reason text, salt text, leaf_head text, leaf_tail text, actor_label text,
       persons jsonb)`,
  );
  const numbered = numberedIn(statement, rows);
  const inserted = statement.with<'id' | 'station_id' | 'day' | 'number' | 'recorded_at'>(
    'inserted_entry',
    `insert into ob_entries (station_id, day, number, kind, occurred_at, recorded_at, recorded_by,
       recorded_by_service_number, place, narrative, details, property, links, amends, amend_reason, salt, leaf)
     select station_id, day, number, kind, occurred_at, recorded_at, recorded_by, recorded_by_service_number, place,
       narrative, details, property, links, amends, amend_reason, decode(salt, 'hex'),
       convert_to(leaf_head || number::text || leaf_tail, 'UTF8')
     from ${numbered} order by ord
     returning id, station_id, to_char(day, 'YYYY-MM-DD') as day, number, recorded_at`,
  );
  const joined = statement.with<'ord' | 'id' | 'station_id' | 'day' | 'number' | 'recorded_at'>(
    'entry_ids',
    `select r.ord, i.id, i.station_id, i.day, i.number, i.recorded_at from ${inserted} i
     join ${numbered} r on r.station_id = i.station_id and r.day::text = i.day and r.number = i.number`,
  );
  entryRecordsIn(statement, joined, rows);
  type Out = { id: string; station_id: string; day: string; number: number; recorded_at: Date };
  const out = await statement.run<Out, 'ord' | 'id' | 'station_id' | 'day' | 'number' | 'recorded_at'>(
    client,
    joined,
    ['id', 'station_id', 'day', 'number', 'recorded_at'],
    'ord',
  );
  return out.map((r) => ({
    id: r.id,
    stationId: r.station_id,
    day: r.day,
    number: r.number,
    recordedAt: r.recorded_at,
  }));
}
