import type { Queryable } from '../../../platform/db/database.ts';
import type { OneStatement, Relation } from '../../../platform/db/statement.ts';
import type { LocalDate } from '../../../platform/time/index.ts';

// Body-camera footage: the row linking a stored file to the OB entry that lodged it.

export interface FootageRow {
  id: string;
  entry_id: string;
  station_id: string;
  station_name: string;
  sha256: string;
  size_bytes: number;
  media_type: string;
  camera_id: string;
  recorded_from: Date;
  recorded_to: Date;
  lodged_by: string;
  /** As the audit trail names staff: `Name (username)`. */
  lodged_by_name: string;
  lodged_at: Date;
  day: LocalDate;
  number: number;
  narrative: string;
  place: string;
}

const COLUMNS = `f.id, f.entry_id, f.station_id, s.name as station_name, f.sha256, f.size_bytes::float8 as size_bytes,
  f.media_type, f.camera_id, f.recorded_from, f.recorded_to, f.lodged_by, u.display_name || ' (' || u.username || ')' as lodged_by_name, f.lodged_at,
  to_char(e.day, 'YYYY-MM-DD') as day, e.number, e.narrative, e.place`;
const FROM = `from ob_footage f join ob_entries e on e.id = f.entry_id join stations s on s.id = f.station_id
  join users u on u.id = f.lodged_by`;

/**
 * Adds to the statement storing entries the footage row of each entry of kind 'footage', from the
 * details its leaf commits to: the entry and the row that keeps its file commit together, so no
 * footage entry is ever without its row (nor its file without a row naming it).
 */
export function footageRowsIn(
  statement: OneStatement,
  stored: Relation<'ord' | 'id' | 'station_id' | 'recorded_at'>,
  input: Relation<'ord' | 'kind' | 'details' | 'recorded_by'>,
): void {
  const detail = (key: string) => `${input.col('details')}->>'${key}'`;
  statement.with(
    'footage_rows',
    `insert into ob_footage (entry_id, station_id, sha256, size_bytes, media_type, camera_id, recorded_from, recorded_to,
       lodged_by, lodged_at)
     select ${stored.col('id')}, ${stored.col('station_id')}, ${detail('sha256')}, (${detail('sizeBytes')})::bigint,
       ${detail('mediaType')}, ${detail('cameraId')}, (${detail('from')})::timestamptz, (${detail('to')})::timestamptz,
       ${input.col('recorded_by')}, ${stored.col('recorded_at')}
     from ${stored} join ${input} on ${input.col('ord')} = ${stored.col('ord')}
     where ${input.col('kind')} = 'footage'`,
  );
}

/** The footage row of a footage entry. */
export async function footageIdOfEntry(db: Queryable, entryId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>('select id from ob_footage where entry_id = $1', [entryId]);
  return rows[0]?.id;
}

export async function footageById(db: Queryable, id: string): Promise<FootageRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const { rows } = await db.query<FootageRow>(`select ${COLUMNS} ${FROM} where f.id = $1`, [id]);
  return rows[0];
}

/** A station's footage, newest first. */
export async function footageOfStation(db: Queryable, stationId: string, limit: number): Promise<FootageRow[]> {
  const { rows } = await db.query<FootageRow>(
    `select ${COLUMNS} ${FROM} where f.station_id = $1 order by f.id desc limit $2`,
    [stationId, limit],
  );
  return rows;
}

/** Footage with these bytes already lodged at the station, if any. */
export async function lodgedWithHash(
  db: Queryable,
  stationId: string,
  sha256: string,
): Promise<FootageRow | undefined> {
  const { rows } = await db.query<FootageRow>(
    `select ${COLUMNS} ${FROM} where f.station_id = $1 and f.sha256 = $2 order by f.id limit 1`,
    [stationId, sha256],
  );
  return rows[0];
}

/** The id of the case with this reference (whether the person may see it is the case hub's to say). */
export async function caseIdByReference(db: Queryable, reference: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>('select id from cases where reference = $1', [reference]);
  return rows[0]?.id;
}

/** Links the footage's entry to a case; false when it already was. */
export async function linkEntryToCase(db: Queryable, entryId: string, caseId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'insert into ob_entry_cases (entry_id, case_id) values ($1, $2) on conflict do nothing',
    [entryId, caseId],
  );
  return rowCount === 1;
}
