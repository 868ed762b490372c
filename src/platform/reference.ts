import { inTransaction, type Database } from './db/database.ts';
import * as reference from './db/reference-store.ts';
import { upsertFacility } from './db/facilities-store.ts';
import type { Jurisdiction } from './jurisdiction.ts';

/** Writes the jurisdiction's counties, units, stations and health facilities into the database (idempotent, at every start). */
export async function syncReferenceData(
  db: Database,
  { counties, units, stations, facilities }: Jurisdiction,
): Promise<void> {
  await inTransaction(db.pool, async (client) => {
    for (const county of counties) await reference.upsertCounty(client, county.code, county.name);
    for (const unit of units) await reference.upsertUnit(client, unit.code, unit.name);
    for (const station of stations)
      await reference.upsertStation(client, station.id, station.name, station.countyCode, station.kind ?? 'station');
    for (const facility of facilities)
      await upsertFacility(client, facility.id, facility.name, facility.countyCode, facility.kind ?? 'hospital');
  });
}

const stationCounties = new WeakMap<Database, { loadedAt: number; map: Map<string, string> }>();
const STATION_CACHE_MS = 5 * 60_000;

/**
 * The county of a station, from a per-process copy of the stations list (reloaded every few
 * minutes, and at once when a station is not in it). Lets forms name a wrong station together with
 * their other errors without a query per report; the database still enforces it.
 */
export async function stationCounty(db: Database, stationId: string): Promise<string | undefined> {
  let cached = stationCounties.get(db);
  const age = cached ? Date.now() - cached.loadedAt : Infinity;
  // a station not in the copy may have been added since: look again before saying it is unknown
  if (!cached || age > STATION_CACHE_MS || !cached.map.has(stationId)) {
    const rows = await reference.listStations(db.pool);
    cached = { loadedAt: Date.now(), map: new Map(rows.map((r) => [r.id, r.county_code])) };
    stationCounties.set(db, cached);
  }
  return cached.map.get(stationId);
}
