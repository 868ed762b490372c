import { timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/module.ts';
import type { LocalDate } from '../../platform/time/index.ts';
import type { EntryKind } from './entry-input.ts';
import { formatObNumber, type ObNumber } from './ob-number.ts';
import { slipCode } from './service.ts';

// What documents made from an entry (police abstracts, P3 forms) may know of it: its number, kind and
// times, its station, and the complainant's name as recorded. Nothing else of what it says.

export interface EntryForDocument {
  id: string;
  stationId: string;
  stationName: string;
  obNumber: string;
  kind: EntryKind;
  occurredAt: Date;
  recordedAt: Date;
  /** The first complainant's name, else the first named person's; null when nobody was named (or erased). */
  holderName: string | null;
  /** Its index in the national log, once integrated. */
  leafIndex: number | null;
}

interface Row {
  id: string;
  station_id: string;
  station_name: string;
  day: LocalDate;
  number: number;
  kind: EntryKind;
  occurred_at: Date;
  recorded_at: Date;
  holder_name: string | null;
  leaf_index: string | null;
}

async function entryRow(db: Queryable, stationId: string, ob: ObNumber): Promise<Row | undefined> {
  const { rows } = await db.query<Row>(
    `select e.id, e.station_id, s.name as station_name, to_char(e.day, 'YYYY-MM-DD') as day, e.number, e.kind,
       e.occurred_at, e.recorded_at, l.leaf_index,
       (select p.name from ob_entry_persons p where p.entry_id = e.id and p.name is not null
        order by p.role <> 'complainant', p.ord limit 1) as holder_name
     from ob_entries e join stations s on s.id = e.station_id
     left join ob_log_leaves l on l.entry_id = e.id
     where e.station_id = $1 and e.day = $2 and e.number = $3`,
    [stationId, ob.day, ob.number],
  );
  return rows[0];
}

const fromRow = (r: Row): EntryForDocument => ({
  id: r.id,
  stationId: r.station_id,
  stationName: r.station_name,
  obNumber: formatObNumber(r),
  kind: r.kind,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  holderName: r.holder_name,
  leafIndex: r.leaf_index === null ? null : Number(r.leaf_index),
});

/** The entry a desk names by its number in its own book. */
export async function entryForDocument(
  db: Queryable,
  stationId: string,
  ob: ObNumber,
): Promise<EntryForDocument | undefined> {
  const row = await entryRow(db, stationId, ob);
  return row && fromRow(row);
}

/**
 * The entry a slip names, if `code` (normalised, ABCD-EFGH) is the slip's own; undefined for a wrong code
 * and for an unknown number alike, the code compared either way.
 */
export async function entryForSlip(
  platform: Platform,
  stationId: string,
  ob: ObNumber,
  code: string,
): Promise<EntryForDocument | undefined> {
  const row = await entryRow(platform.db.pool, stationId, ob);
  const expected = Buffer.from(slipCode(platform.config.secret, row?.id ?? 'no-such-entry'));
  const given = Buffer.from(code);
  const matches = expected.length === given.length && timingSafeEqual(expected, given);
  return matches && row ? fromRow(row) : undefined;
}
