import type { Queryable } from './database.ts';

export async function upsertFacility(
  db: Queryable,
  id: string,
  name: string,
  countyCode: string,
  kind: string,
): Promise<void> {
  await db.query(
    `insert into facilities (id, name, county_code, kind) values ($1, $2, $3, $4)
     on conflict (id) do update set name = excluded.name, county_code = excluded.county_code, kind = excluded.kind`,
    [id, name, countyCode, kind],
  );
}

export interface FacilityRow {
  id: string;
  name: string;
  county_code: string;
  kind: 'hospital' | 'health_centre' | 'dispensary';
}

/** Every facility, by county then name. */
export async function listFacilities(db: Queryable): Promise<FacilityRow[]> {
  return (await db.query<FacilityRow>('select id, name, county_code, kind from facilities order by county_code, name'))
    .rows;
}

export async function facilityById(db: Queryable, id: string): Promise<FacilityRow | undefined> {
  const { rows } = await db.query<FacilityRow>('select id, name, county_code, kind from facilities where id = $1', [
    id,
  ]);
  return rows[0];
}
