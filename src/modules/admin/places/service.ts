import { audit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import {
  findStation,
  insertStation,
  setStationClosed,
  writeStation,
  type StationRecord,
} from '../../../platform/db/reference-store.ts';
import { BadInput, Conflict, NotFound, type FieldProblem } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { checkPlace, type PlaceLine, type PlaceProblem } from '../../../platform/places-import.ts';
import { importStations, stationKinds, type StationsImport } from '../../../platform/stations-import.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { adminRoles } from '../permissions.ts';
import * as store from './store.ts';

// What an administrator does to the stations: the same rules as `sauti stations import` (one check of a place,
// one import path), each change audited under the administrator's name in the transaction that makes it.

export const STATIONS_PAGE_SIZE = 50;

export interface StationQuery {
  q: string;
  county: string;
  state: '' | 'open' | 'closed';
  page: number;
}

export interface StationForm {
  id?: string | undefined;
  name?: string | undefined;
  county?: string | undefined;
  kind?: string | undefined;
}

const fieldOf: Record<PlaceProblem, string> = {
  header: 'file',
  id: 'id',
  duplicate: 'id',
  name: 'name',
  county: 'county',
  kind: 'kind',
  moved: 'county',
};

/** The form as a place, checked by the import's own rules; a 400 naming each wrong field. */
function checkedForm(platform: Platform, form: StationForm, id: string): PlaceLine {
  const place = {
    id,
    name: cleanText(form.name),
    county: cleanText(form.county),
    kind: cleanText(form.kind) || stationKinds[0],
  };
  const counties = new Set(platform.config.jurisdiction.counties.map((c) => c.code));
  const problems: FieldProblem[] = checkPlace(place, { counties, kinds: stationKinds }).map((p) => ({
    field: fieldOf[p.reason],
    message: `places.error.${p.reason}`,
  }));
  if (problems.length > 0) throw new BadInput(problems);
  return place;
}

const stationFields = (p: PlaceLine) => ({ id: p.id, name: p.name, countyCode: p.county, kind: p.kind });

export function stationList(platform: Platform, actor: Actor, query: StationQuery) {
  requireStaff(actor, adminRoles);
  const filter = {
    q: cleanText(query.q).slice(0, 100) || undefined,
    county: platform.config.jurisdiction.counties.some((c) => c.code === query.county) ? query.county : undefined,
    state: query.state || undefined,
  };
  const offset = (Math.max(1, query.page) - 1) * STATIONS_PAGE_SIZE;
  return store.searchStations(platform.db.pool, filter, { limit: STATIONS_PAGE_SIZE, offset });
}

export async function station(platform: Platform, actor: Actor, id: string): Promise<store.StationListRow> {
  requireStaff(actor, adminRoles);
  return (await store.stationWithStaff(platform.db.pool, id)) ?? notFound();
}

function notFound(): never {
  throw new NotFound();
}

export async function createStation(platform: Platform, actor: Actor, form: StationForm): Promise<string> {
  const who = requireStaff(actor, adminRoles);
  const place = checkedForm(platform, form, cleanText(form.id));
  await inTransaction(platform.db.pool, async (client) => {
    if (!(await insertStation(client, stationFields(place))))
      throw new BadInput([{ field: 'id', message: 'places.error.idTaken' }]);
    await audit(client, who, 'station.create', 'station', place.id, {
      name: place.name,
      county: place.county,
      kind: place.kind,
    });
  });
  return place.id;
}

const was = (s: StationRecord) => ({ name: s.name, county: s.county_code, kind: s.kind });

/** Saves a station's name, county and kind; false when nothing changed (nothing written, nothing audited). */
export async function editStation(platform: Platform, actor: Actor, id: string, form: StationForm): Promise<boolean> {
  const who = requireStaff(actor, adminRoles);
  return inTransaction(platform.db.pool, async (client) => {
    const before = (await findStation(client, id, true)) ?? notFound();
    const place = checkedForm(platform, form, id);
    if (before.name === place.name && before.county_code === place.county && before.kind === place.kind) return false;
    try {
      await writeStation(client, stationFields(place));
    } catch (error) {
      // records filed at the station name its county (a report's station must be in the report's county)
      if ((error as { code?: string }).code === '23503')
        throw new BadInput([{ field: 'county', message: 'places.error.moved' }]);
      throw error;
    }
    const detail = { name: place.name, county: place.county, kind: place.kind, was: was(before) };
    await audit(client, who, 'station.update', 'station', id, detail);
    return true;
  });
}

/** Closes a station or opens it again; false when it already was so. */
export async function setClosed(platform: Platform, actor: Actor, id: string, closed: boolean): Promise<boolean> {
  const who = requireStaff(actor, adminRoles);
  return inTransaction(platform.db.pool, async (client) => {
    const before = (await findStation(client, id, true)) ?? notFound();
    if ((before.closed_at !== null) === closed) return false;
    await setStationClosed(client, id, closed ? platform.clock.now() : null);
    await audit(client, who, closed ? 'station.close' : 'station.reopen', 'station', id, { name: before.name });
    return true;
  });
}

export function unitList(platform: Platform, actor: Actor) {
  requireStaff(actor, adminRoles);
  return store.unitsWithCounts(platform.db.pool);
}

/** Keeps an uploaded CSV file for its preview; nothing changes yet. */
export function uploadStations(platform: Platform, actor: Actor, file: { name: string; csv: string }) {
  const who = requireStaff(actor, adminRoles);
  const upload = { csv: file.csv, fileName: file.name.slice(0, 200), by: who.id, at: platform.clock.now() };
  return store.saveUpload(platform.db.pool, upload);
}

export interface UploadPreview {
  upload: store.UploadRow;
  /** What the file would do now; none once it is imported. */
  result?: StationsImport;
}

async function uploadOf(platform: Platform, actor: Actor, id: string): Promise<store.UploadRow> {
  const who = requireStaff(actor, adminRoles);
  return (await store.findUpload(platform.db.pool, id, who.id)) ?? notFound();
}

/** What an uploaded file would do, checked to the last write and undone. */
export async function previewUpload(platform: Platform, actor: Actor, id: string): Promise<UploadPreview> {
  const upload = await uploadOf(platform, actor, id);
  if (upload.applied_at) return { upload };
  const result = await importStations(platform.db, upload.csv, platform.config.jurisdiction, { preview: true });
  return { upload, result };
}

/**
 * Imports an uploaded file as its preview showed it (`digest`): when the stations have changed since, or a line
 * turns out wrong, nothing is written and the new preview is given back.
 */
export async function confirmUpload(
  platform: Platform,
  actor: Actor,
  id: string,
  digest: string,
): Promise<UploadPreview> {
  const upload = await uploadOf(platform, actor, id);
  if (upload.applied_at) throw new Conflict('this file is imported already');
  const result = await importStations(platform.db, upload.csv, platform.config.jurisdiction, {
    by: actor,
    expect: digest,
    async alsoIn(client, plan) {
      const counts = { added: plan.added.length, changed: plan.changed.length, unchanged: plan.unchanged };
      if (!(await store.markApplied(client, id, platform.clock.now(), counts)))
        throw new Conflict('this file is imported already');
    },
  });
  return { upload, result };
}
