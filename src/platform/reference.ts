import { counties, stations, units } from '../jurisdiction/kenya/index.ts';
import { inTransaction, type Database } from './db/database.ts';
import * as reference from './db/reference-store.ts';

/** Writes the jurisdiction's counties, units and stations into the database (idempotent, at every start). */
export async function syncReferenceData(db: Database): Promise<void> {
  await inTransaction(db.pool, async (client) => {
    for (const county of counties) await reference.upsertCounty(client, county.code, county.name);
    for (const unit of units) await reference.upsertUnit(client, unit.code, unit.name);
    for (const station of stations) await reference.upsertStation(client, station.id, station.name, station.countyCode, station.kind ?? 'station');
  });
}
