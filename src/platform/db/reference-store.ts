import type { Queryable } from './database.ts';

export async function upsertCounty(db: Queryable, code: string, name: string): Promise<void> {
  await db.query(
    'insert into counties (code, name) values ($1, $2) on conflict (code) do update set name = excluded.name',
    [code, name],
  );
}

export async function upsertUnit(db: Queryable, code: string, name: string): Promise<void> {
  await db.query(
    'insert into units (code, name) values ($1, $2) on conflict (code) do update set name = excluded.name',
    [code, name],
  );
}

/** A station of the jurisdiction's seed list; one an administrator or an import has changed keeps their version. */
export async function upsertStation(
  db: Queryable,
  id: string,
  name: string,
  countyCode: string,
  kind: string,
): Promise<void> {
  await db.query(
    `insert into stations (id, name, county_code, kind) values ($1, $2, $3, $4)
     on conflict (id) do update set name = excluded.name, county_code = excluded.county_code, kind = excluded.kind
     where stations.changed_at is null`,
    [id, name, countyCode, kind],
  );
}

export interface StationFields {
  id: string;
  name: string;
  countyCode: string;
  kind: string;
}

/** A station as an administrator or an import gives it: added, or its name, county and kind replaced. */
export async function writeStation(db: Queryable, s: StationFields): Promise<void> {
  await db.query(
    `insert into stations (id, name, county_code, kind, changed_at) values ($1, $2, $3, $4, now())
     on conflict (id) do update set name = excluded.name, county_code = excluded.county_code, kind = excluded.kind,
       changed_at = now()`,
    [s.id, s.name, s.countyCode, s.kind],
  );
}

/** A new station; false when the id is taken. */
export async function insertStation(db: Queryable, s: StationFields): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into stations (id, name, county_code, kind, changed_at) values ($1, $2, $3, $4, now())
     on conflict (id) do nothing`,
    [s.id, s.name, s.countyCode, s.kind],
  );
  return rowCount === 1;
}

/** Closes a station (`at`) or opens it again (null); false when there is no such station. */
export async function setStationClosed(db: Queryable, id: string, at: Date | null): Promise<boolean> {
  const { rowCount } = await db.query('update stations set closed_at = $2, changed_at = now() where id = $1', [id, at]);
  return rowCount === 1;
}

export async function upsertOfficer(
  db: Queryable,
  serviceNumber: string,
  name: string,
  rank: string,
  stationId: string | null,
): Promise<void> {
  await db.query(
    `insert into officers (service_number, name, rank, station_id) values ($1, $2, $3, $4)
     on conflict (service_number) do update set name = excluded.name, rank = excluded.rank, station_id = excluded.station_id`,
    [serviceNumber, name, rank, stationId],
  );
}

export interface StationRow {
  id: string;
  name: string;
  county_code: string;
  kind: string;
}

/** A station with when it was closed (if it is) and last changed by an administrator or an import. */
export interface StationRecord extends StationRow {
  closed_at: Date | null;
  changed_at: Date | null;
}

/** The station, locked until the transaction ends when `forUpdate`. */
export async function findStation(db: Queryable, id: string, forUpdate = false): Promise<StationRecord | undefined> {
  const { rows } = await db.query<StationRecord>(
    `select id, name, county_code, kind, closed_at, changed_at from stations where id = $1${forUpdate ? ' for update' : ''}`,
    [id],
  );
  return rows[0];
}

export async function listStationRecords(db: Queryable): Promise<StationRecord[]> {
  const { rows } = await db.query<StationRecord>(
    'select id, name, county_code, kind, closed_at, changed_at from stations order by id',
  );
  return rows;
}

export async function listStations(db: Queryable): Promise<StationRow[]> {
  return (await db.query<StationRow>('select id, name, county_code, kind from stations order by name')).rows;
}

export async function countUsers(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('select count(*)::int as n from users')).rows[0]!.n;
}

/**
 * Stations (in a county, or anywhere when `countyCode` is null) whose name has a word starting with what was typed
 * (case aside), best first: those whose name starts with it, then by name.
 */
export async function stationsByTyping(
  db: Queryable,
  countyCode: string | null,
  typed: string,
  limit = 40,
): Promise<StationRow[]> {
  const prefix = typed
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, '');
  const { rows } = await db.query<StationRow>(
    `select id, name, county_code, kind from stations
     where ($1::text is null or county_code = $1) and (lower(name) like $2 || '%' or lower(name) like '% ' || $2 || '%')
     order by lower(name) like $2 || '%' desc, name limit $3`,
    [countyCode, prefix, limit],
  );
  return rows;
}
