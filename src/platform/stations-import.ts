import type { Database } from './db/database.ts';
import { upsertStation } from './db/reference-store.ts';
import type { Jurisdiction } from './jurisdiction.ts';
import { importPlaces, type ImportResult } from './places-import.ts';

export type { ImportProblem, ImportResult } from './places-import.ts';

/**
 * Loads the service's list of stations from CSV with a header line `id,name,county_code[,kind]`
 * (kind station, traffic_base or post; station when left out). Any wrong line imports nothing.
 */
export function importStations(
  db: Database,
  csv: string,
  jurisdiction: Pick<Jurisdiction, 'counties'>,
): Promise<ImportResult> {
  return importPlaces(db, csv, jurisdiction, {
    kinds: ['station', 'traffic_base', 'post'],
    upsert: (client, s) => upsertStation(client, s.id, s.name, s.county, s.kind),
  });
}
