import { inTransaction, type Database, type Queryable } from './db/database.ts';
import type { Jurisdiction } from './jurisdiction.ts';
import { csvFields } from './text/csv.ts';

// Reference lists of places in a county (police stations, health facilities), loaded from CSV.

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ImportResult {
  imported: number;
  problems: ImportProblem[];
}

interface PlaceLine {
  id: string;
  name: string;
  county: string;
  kind: string;
}

export interface PlaceList {
  /** the kinds a line may name; the first is taken when it names none */
  kinds: readonly string[];
  upsert(client: Queryable, place: PlaceLine): Promise<void>;
}

function problemsOf(row: PlaceLine, seen: Set<string>, counties: Set<string>, kinds: readonly string[]): string[] {
  const found: string[] = [];
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(row.id))
    found.push(`id "${row.id}" must be lower-case letters, digits and dashes`);
  else if (seen.has(row.id)) found.push(`id "${row.id}" appears twice`);
  if (!row.name || row.name.length > 200) found.push('name must be 1 to 200 characters');
  if (!counties.has(row.county)) found.push(`county_code "${row.county}" is not one of the 47 counties`);
  if (!kinds.includes(row.kind))
    found.push(`kind "${row.kind}" must be ${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}`);
  return found;
}

/**
 * Loads places from CSV with a header line `id,name,county_code[,kind]` (county codes 001–047). Checks
 * every line first and writes nothing if any is wrong; places with the same id are updated.
 */
export async function importPlaces(
  db: Database,
  csv: string,
  { counties }: Pick<Jurisdiction, 'counties'>,
  list: PlaceList,
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
  const rows: PlaceLine[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, index) => {
    if (!line.trim()) return;
    const f = csvFields(line);
    const row = {
      id: f[col('id')] ?? '',
      name: f[col('name')] ?? '',
      county: (f[col('county_code')] ?? '').padStart(3, '0'),
      kind: (col('kind') >= 0 ? f[col('kind')] : '') || list.kinds[0]!,
    };
    for (const message of problemsOf(row, seen, known, list.kinds)) problems.push({ line: index + 2, message });
    seen.add(row.id);
    rows.push(row);
  });
  if (problems.length > 0) return { imported: 0, problems };
  await inTransaction(db.pool, async (client) => {
    for (const r of rows) await list.upsert(client, r);
  });
  return { imported: rows.length, problems: [] };
}
