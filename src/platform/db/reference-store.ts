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

export async function upsertStation(
  db: Queryable,
  id: string,
  name: string,
  countyCode: string,
  kind: string,
): Promise<void> {
  await db.query(
    `insert into stations (id, name, county_code, kind) values ($1, $2, $3, $4)
     on conflict (id) do update set name = excluded.name, county_code = excluded.county_code, kind = excluded.kind`,
    [id, name, countyCode, kind],
  );
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

export async function listStations(db: Queryable): Promise<StationRow[]> {
  return (await db.query<StationRow>('select * from stations order by name')).rows;
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
