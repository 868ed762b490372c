import { inTransaction, type Database } from './db/database.ts';
import { upsertStation } from './db/reference-store.ts';
import type { Jurisdiction } from './jurisdiction.ts';

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ImportResult {
  imported: number;
  problems: ImportProblem[];
}

const KINDS = new Set(['station', 'traffic_base', 'post']);

/** Splits one CSV line, honouring double-quoted fields ("Murang'a, Town" or "say ""hi"""). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

/**
 * Loads the service's list of stations from CSV with a header line `id,name,county_code[,kind]`
 * (county codes 001–047; kind station, traffic_base or post). Checks every line first and writes
 * nothing if any is wrong; existing stations with the same id are updated.
 */
export async function importStations(
  db: Database,
  csv: string,
  { counties }: Pick<Jurisdiction, 'counties'>,
): Promise<ImportResult> {
  const lines = csv.split(/\r?\n/);
  const header = csvFields(lines[0] ?? '').map((h) => h.toLowerCase());
  const problems: ImportProblem[] = [];
  const col = (name: string) => header.indexOf(name);
  if (col('id') < 0 || col('name') < 0 || col('county_code') < 0) {
    return {
      imported: 0,
      problems: [
        { line: 1, message: 'the header must name the columns id, name and county_code (and optionally kind)' },
      ],
    };
  }
  const known = new Set(counties.map((c) => c.code));
  const rows: Array<{ id: string; name: string; county: string; kind: string }> = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, index) => {
    if (!line.trim()) return;
    const f = csvFields(line);
    const row = {
      id: f[col('id')] ?? '',
      name: f[col('name')] ?? '',
      county: (f[col('county_code')] ?? '').padStart(3, '0'),
      kind: (col('kind') >= 0 ? f[col('kind')] : '') || 'station',
    };
    const n = index + 2;
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(row.id))
      problems.push({ line: n, message: `id "${row.id}" must be lower-case letters, digits and dashes` });
    else if (seen.has(row.id)) problems.push({ line: n, message: `id "${row.id}" appears twice` });
    if (!row.name || row.name.length > 200) problems.push({ line: n, message: 'name must be 1 to 200 characters' });
    if (!known.has(row.county))
      problems.push({ line: n, message: `county_code "${row.county}" is not one of the 47 counties` });
    if (!KINDS.has(row.kind))
      problems.push({ line: n, message: `kind "${row.kind}" must be station, traffic_base or post` });
    seen.add(row.id);
    rows.push(row);
  });
  if (problems.length > 0) return { imported: 0, problems };
  await inTransaction(db.pool, async (client) => {
    for (const r of rows) await upsertStation(client, r.id, r.name, r.county, r.kind);
  });
  return { imported: rows.length, problems: [] };
}
