import type { Database } from './db/database.ts';
import { upsertFacility } from './db/facilities-store.ts';
import type { Jurisdiction } from './jurisdiction.ts';
import { importPlaces, type ImportResult } from './places-import.ts';

/**
 * Loads the list of health facilities from CSV with a header line `id,name,county_code[,kind]`
 * (kind hospital, health_centre or dispensary; hospital when left out). Any wrong line imports nothing.
 */
export function importFacilities(
  db: Database,
  csv: string,
  jurisdiction: Pick<Jurisdiction, 'counties'>,
): Promise<ImportResult> {
  return importPlaces(db, csv, jurisdiction, {
    kinds: ['hospital', 'health_centre', 'dispensary'],
    upsert: (client, f) => upsertFacility(client, f.id, f.name, f.county, f.kind),
  });
}
