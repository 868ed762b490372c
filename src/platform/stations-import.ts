import { createHash } from 'node:crypto';
import { audit } from './audit/index.ts';
import type { Actor } from './auth/actor.ts';
import { inTransaction, type Database, type Queryable } from './db/database.ts';
import { listStationRecords, writeStation, type StationRecord } from './db/reference-store.ts';
import type { Jurisdiction } from './jurisdiction.ts';
import { placeProblem, readPlaces, type ImportProblem, type ImportResult, type ReadPlace } from './places-import.ts';

export type { ImportProblem, ImportResult } from './places-import.ts';

/** The kinds a station may be; a line naming none is a station. */
export const stationKinds = ['station', 'traffic_base', 'post'] as const;

export interface StationChange extends ReadPlace {
  /** The station as it is now (a changed one). */
  before?: StationRecord;
}

/** What a file would do: stations to add, stations to change, how many it leaves as they are. */
export interface StationsPlan {
  added: StationChange[];
  changed: StationChange[];
  unchanged: number;
  /** Identifies this plan against the stations as they were: a confirmation names it to apply exactly this. */
  digest: string;
}

export interface StationsImport extends ImportResult {
  /** The plan, when every line is right. */
  plan?: StationsPlan;
  /** Whether the stations were changed (not on a preview, a wrong line, or a stale plan). */
  applied: boolean;
  /** The stations changed since the plan `expect` named: nothing was written. */
  stale?: boolean;
}

export interface StationsImportOptions {
  /** Who imports, for the audit trail (the `sauti` command when not given). */
  by?: Actor;
  /** Check everything, the writing included, then undo it. */
  preview?: boolean;
  /** The digest of the plan that was previewed: a different plan writes nothing. */
  expect?: string;
  /** The caller's own work, in the import's transaction, after the stations are written. */
  alsoIn?(client: Queryable, plan: StationsPlan): Promise<void>;
}

const commandActor: Actor = { kind: 'system', label: 'sauti stations import' };

function planOf(places: ReadPlace[], existing: StationRecord[]): StationsPlan {
  const now = new Map(existing.map((s) => [s.id, s]));
  const added: StationChange[] = [];
  const changed: StationChange[] = [];
  for (const place of places) {
    const before = now.get(place.id);
    if (!before) added.push(place);
    else if (before.name !== place.name || before.county_code !== place.county || before.kind !== place.kind)
      changed.push({ ...place, before });
  }
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        added.map((p) => [p.id, p.name, p.county, p.kind]),
        changed.map((p) => [p.id, p.name, p.county, p.kind, p.before?.name, p.before?.county_code, p.before?.kind]),
      ]),
    )
    .digest('hex');
  return { added, changed, unchanged: places.length - added.length - changed.length, digest };
}

/** Writes the plan's stations; a station whose county cannot change (records name it there) is a problem of its line. */
async function writePlan(client: Queryable, plan: StationsPlan): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  for (const s of [...plan.added, ...plan.changed]) {
    const station = { id: s.id, name: s.name, countyCode: s.county, kind: s.kind };
    const moves = s.before !== undefined && s.before.county_code !== s.county;
    if (!moves) {
      await writeStation(client, station);
      continue;
    }
    await client.query('savepoint station_move');
    try {
      await writeStation(client, station);
      await client.query('release savepoint station_move');
    } catch (error) {
      if ((error as { code?: string }).code !== '23503') throw error;
      await client.query('rollback to savepoint station_move');
      problems.push(placeProblem(s.line, 'moved', { id: s.id, county: s.county }));
    }
  }
  return problems;
}

async function auditImport(client: Queryable, by: Actor, plan: StationsPlan, csv: string): Promise<void> {
  const file = createHash('sha256').update(csv).digest('hex');
  const counts = { added: plan.added.length, changed: plan.changed.length, unchanged: plan.unchanged };
  await audit(client, by, 'station.import', 'station_import', file, counts);
  for (const s of plan.added)
    await audit(client, by, 'station.create', 'station', s.id, { import: file, line: s.line, ...fieldsOf(s) });
  for (const s of plan.changed) {
    const before = s.before!;
    const was = { name: before.name, county: before.county_code, kind: before.kind };
    await audit(client, by, 'station.update', 'station', s.id, { import: file, line: s.line, ...fieldsOf(s), was });
  }
}

const fieldsOf = (s: StationChange) => ({ name: s.name, county: s.county, kind: s.kind });

/** Carries a result out of a transaction that is to be undone. */
class Undone extends Error {
  constructor(readonly result: StationsImport) {
    super('undone');
  }
}

/**
 * Loads the service's list of stations from CSV with a header line `id,name,county_code[,kind]`
 * (kind station, traffic_base or post; station when left out): new stations are added, those whose name, county
 * or kind differ are changed, each change audited. Any wrong line imports nothing. The `sauti stations import`
 * command and the administrator's screen both come here; the screen previews first (`preview`), then confirms
 * the plan it showed (`expect`).
 */
export async function importStations(
  db: Database,
  csv: string,
  jurisdiction: Pick<Jurisdiction, 'counties'>,
  options: StationsImportOptions = {},
): Promise<StationsImport> {
  const { places, problems } = readPlaces(csv, jurisdiction, stationKinds);
  if (problems.length > 0) return { imported: 0, problems, applied: false };
  try {
    return await inTransaction(db.pool, async (client) => {
      const plan = planOf(places, await listStationRecords(client));
      if (options.expect !== undefined && options.expect !== plan.digest)
        throw new Undone({ imported: 0, problems: [], plan, applied: false, stale: true });
      const moved = await writePlan(client, plan);
      const imported = plan.added.length + plan.changed.length;
      if (moved.length > 0 || options.preview)
        throw new Undone({ imported: moved.length > 0 ? 0 : imported, problems: moved, plan, applied: false });
      await auditImport(client, options.by ?? commandActor, plan, csv);
      await options.alsoIn?.(client, plan);
      return { imported, problems: [], plan, applied: true };
    });
  } catch (error) {
    if (error instanceof Undone) return error.result;
    throw error;
  }
}
