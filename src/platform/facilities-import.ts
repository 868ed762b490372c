import { inTransaction, type Database } from './db/database.ts';
import { upsertFacility } from './db/facilities-store.ts';
import type { Jurisdiction } from './jurisdiction.ts';
import type { ImportResult } from './stations-import.ts';

const KINDS = new Set(['hospital', 'health_centre', 'dispensary']);

/** One CSV line's fields; a double-quoted field may hold commas and doubled quotes ("Kenyatta ""KNH"", Nairobi"). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  const field = /\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(,|$)/y;
  let match: RegExpExecArray | null;
  while (field.lastIndex < line.length && (match = field.exec(line))) {
    fields.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]!.trim());
    if (match[3] === '') break;
    if (field.lastIndex === line.length) fields.push('');
  }
  return fields;
}

interface FacilityLine {
  id: string;
  name: string;
  county: string;
  kind: string;
}

function problemsOf(row: FacilityLine, seen: Set<string>, counties: Set<string>): string[] {
  const found: string[] = [];
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(row.id))
    found.push(`id "${row.id}" must be lower-case letters, digits and dashes`);
  else if (seen.has(row.id)) found.push(`id "${row.id}" appears twice`);
  if (!row.name || row.name.length > 200) found.push('name must be 1 to 200 characters');
  if (!counties.has(row.county)) found.push(`county_code "${row.county}" is not one of the 47 counties`);
  if (!KINDS.has(row.kind)) found.push(`kind "${row.kind}" must be hospital, health_centre or dispensary`);
  return found;
}

/**
 * Loads the list of health facilities from CSV with a header line `id,name,county_code[,kind]`
 * (county codes 001–047; kind hospital, health_centre or dispensary, hospital when left out). Checks
 * every line first and writes nothing if any is wrong; facilities with the same id are updated.
 */
export async function importFacilities(
  db: Database,
  csv: string,
  { counties }: Pick<Jurisdiction, 'counties'>,
): Promise<ImportResult> {
  const lines = csv.replace(/^\ufeff/, '').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '').map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col('id') < 0 || col('name') < 0 || col('county_code') < 0)
    return {
      imported: 0,
      problems: [
        { line: 1, message: 'the header must name the columns id, name and county_code (and optionally kind)' },
      ],
    };
  const known = new Set(counties.map((c) => c.code));
  const rows: FacilityLine[] = [];
  const problems: ImportResult['problems'] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, index) => {
    if (!line.trim()) return;
    const f = csvFields(line);
    const row = {
      id: f[col('id')] ?? '',
      name: f[col('name')] ?? '',
      county: (f[col('county_code')] ?? '').padStart(3, '0'),
      kind: (col('kind') >= 0 ? f[col('kind')] : '') || 'hospital',
    };
    for (const message of problemsOf(row, seen, known)) problems.push({ line: index + 2, message });
    seen.add(row.id);
    rows.push(row);
  });
  if (problems.length > 0) return { imported: 0, problems };
  await inTransaction(db.pool, async (client) => {
    for (const r of rows) await upsertFacility(client, r.id, r.name, r.county, r.kind);
  });
  return { imported: rows.length, problems: [] };
}
