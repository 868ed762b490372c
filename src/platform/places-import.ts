import { inTransaction, type Database, type Queryable } from './db/database.ts';
import type { Jurisdiction } from './jurisdiction.ts';
import { csvFields } from './text/csv.ts';

// Reference lists of places in a county (police stations, health facilities), loaded from CSV.

/** What is wrong with a line (`moved`: a station whose county cannot change, found only when it is written). */
export type PlaceProblem = 'header' | 'id' | 'duplicate' | 'name' | 'county' | 'kind' | 'moved';

export interface ImportProblem {
  line: number;
  /** In English, for the command line. */
  message: string;
  /** What is wrong and its values, for a message in the reader's language. */
  reason: PlaceProblem;
  params: Record<string, string>;
}

export interface ImportResult {
  imported: number;
  problems: ImportProblem[];
}

export interface PlaceLine {
  id: string;
  name: string;
  county: string;
  kind: string;
}

/** A line of the file that passed every check, with its line number. */
export interface ReadPlace extends PlaceLine {
  line: number;
}

export interface PlaceList {
  /** the kinds a line may name; the first is taken when it names none */
  kinds: readonly string[];
  upsert(client: Queryable, place: PlaceLine): Promise<void>;
}

const MESSAGES: Record<PlaceProblem, (p: Record<string, string>) => string> = {
  header: () => 'the header must name the columns id, name and county_code (and optionally kind)',
  id: (p) => `id "${p.id}" must be lower-case letters, digits and dashes`,
  duplicate: (p) => `id "${p.id}" appears twice`,
  name: () => 'name must be 1 to 200 characters',
  county: (p) => `county_code "${p.county}" is not one of the 47 counties`,
  kind: (p) => `kind "${p.kind}" must be ${p.kinds}`,
  moved: (p) => `"${p.id}" cannot move to county ${p.county}: records filed at it name its county`,
};

/** A problem of `reason` on `line`, with its English message. */
export function placeProblem(line: number, reason: PlaceProblem, params: Record<string, string> = {}): ImportProblem {
  return { line, message: MESSAGES[reason](params), reason, params };
}

export const PLACE_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const PLACE_NAME_MAX = 200;

/**
 * What is wrong with one place, whether from a line of a file or a form: the id's shape (and, given `seen`, its
 * being used twice), the name's length, the county and the kind.
 */
export function checkPlace(
  place: PlaceLine,
  rules: { counties: ReadonlySet<string>; kinds: readonly string[]; seen?: ReadonlySet<string> },
): Array<{ reason: PlaceProblem; params: Record<string, string> }> {
  const found: Array<{ reason: PlaceProblem; params: Record<string, string> }> = [];
  if (!PLACE_ID.test(place.id)) found.push({ reason: 'id', params: { id: place.id } });
  else if (rules.seen?.has(place.id)) found.push({ reason: 'duplicate', params: { id: place.id } });
  if (!place.name || place.name.length > PLACE_NAME_MAX) found.push({ reason: 'name', params: {} });
  if (!rules.counties.has(place.county)) found.push({ reason: 'county', params: { county: place.county } });
  if (!rules.kinds.includes(place.kind)) {
    const kinds = `${rules.kinds.slice(0, -1).join(', ')} or ${rules.kinds.at(-1)}`;
    found.push({ reason: 'kind', params: { kind: place.kind, kinds } });
  }
  return found;
}

/**
 * Reads places from CSV with a header line `id,name,county_code[,kind]` (county codes 001–047), checking every
 * line; writes nothing. A county code may drop its leading zeros ("16" is 016); a line without a kind has the
 * list's first.
 */
export function readPlaces(
  csv: string,
  { counties }: Pick<Jurisdiction, 'counties'>,
  kinds: readonly string[],
): { places: ReadPlace[]; problems: ImportProblem[] } {
  const lines = csv.replace(/^\ufeff/, '').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '').map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col('id') < 0 || col('name') < 0 || col('county_code') < 0)
    return { places: [], problems: [placeProblem(1, 'header')] };
  const rules = { counties: new Set(counties.map((c) => c.code)), kinds, seen: new Set<string>() };
  const places: ReadPlace[] = [];
  const problems: ImportProblem[] = [];
  lines.slice(1).forEach((text, index) => {
    if (!text.trim()) return;
    const f = csvFields(text);
    const line = index + 2;
    const place = {
      line,
      id: f[col('id')] ?? '',
      name: f[col('name')] ?? '',
      county: (f[col('county_code')] ?? '').padStart(3, '0'),
      kind: (col('kind') >= 0 ? f[col('kind')] : '') || kinds[0]!,
    };
    for (const p of checkPlace(place, rules)) problems.push(placeProblem(line, p.reason, p.params));
    rules.seen.add(place.id);
    places.push(place);
  });
  return { places, problems };
}

/**
 * Loads places from CSV (see `readPlaces`). Checks every line first and writes nothing if any is wrong; places with
 * the same id are updated.
 */
export async function importPlaces(
  db: Database,
  csv: string,
  jurisdiction: Pick<Jurisdiction, 'counties'>,
  list: PlaceList,
): Promise<ImportResult> {
  const { places, problems } = readPlaces(csv, jurisdiction, list.kinds);
  if (problems.length > 0) return { imported: 0, problems };
  await inTransaction(db.pool, async (client) => {
    for (const place of places) await list.upsert(client, place);
  });
  return { imported: places.length, problems: [] };
}
