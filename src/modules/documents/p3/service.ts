import type { Actor, StaffActor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { audit } from '../../../platform/audit/index.ts';
import { inTransaction, type Queryable } from '../../../platform/db/database.ts';
import { facilityById, listFacilities, type FacilityRow } from '../../../platform/db/facilities-store.ts';
import { listStations } from '../../../platform/db/reference-store.ts';
import { Conflict, Forbidden, NotFound, badField } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { assertCaseVisible } from '../../cases/index.ts';
import { formatObNumber } from '../../ob/index.ts';
import { readFindings, type FindingsInput } from './findings.ts';
import { deskOf, examinesAt, examinesAtAFacility } from './permissions.ts';
import * as store from './store.ts';

/** Part I's facts and the form's way: where it was sent and whether Part II is written (never what it says). */
export interface P3View {
  id: string;
  number: string;
  obNumber: string;
  station: { id: string; name: string };
  /** the person examined, as the entry names them */
  examinedPerson: string;
  issuedAt: Date;
  revoked: boolean;
  facility: { id: string; name: string } | null;
  sentAt: Date | null;
  completedAt: Date | null;
}

export type Findings = store.FindingsRow;

/** A P3 form as someone on its path reads it: Part II once it is written. */
export interface P3Form extends P3View {
  findings: Findings | null;
  /** what the reader may do with it now */
  may: { send: boolean; complete: boolean };
}

function viewOf(row: store.P3Row): P3View {
  return {
    id: row.id,
    number: row.number,
    obNumber: formatObNumber({ day: row.ob_day, number: row.ob_number }),
    station: { id: row.station_id, name: row.station_name },
    examinedPerson: row.holder_name,
    issuedAt: row.issued_at,
    revoked: row.revoked_at !== null,
    facility: row.facility_id ? { id: row.facility_id, name: row.facility_name! } : null,
    sentAt: row.sent_at,
    completedAt: row.completed_at,
  };
}

/** A station's P3 forms for its desk: not yet sent, then waiting at a facility, then completed. */
export async function stationP3Forms(platform: Platform, actor: Actor, stationId: string): Promise<P3View[]> {
  const who = requireStaff(actor);
  if (!deskOf(who, stationId)) throw new Forbidden();
  return (await store.stationP3s(platform.db.pool, stationId)).map(viewOf);
}

/** The P3 forms sent to the medical officer's facility: waiting for Part II (oldest first), then completed. */
export async function facilityQueue(
  platform: Platform,
  actor: Actor,
): Promise<{ facility: FacilityRow; forms: P3View[] }> {
  const who = requireStaff(actor, examinesAtAFacility);
  const facility = (await facilityById(platform.db.pool, who.facilityId!)) ?? notFound();
  return { facility, forms: (await store.facilityP3s(platform.db.pool, facility.id)).map(viewOf) };
}

/** The facilities a station may send a form to: those of its county first, then the rest by county. */
export async function facilitiesFor(platform: Platform, stationId: string): Promise<FacilityRow[]> {
  const [all, stations] = await Promise.all([listFacilities(platform.db.pool), listStations(platform.db.pool)]);
  const county = stations.find((s) => s.id === stationId)?.county_code;
  return [...all.filter((f) => f.county_code === county), ...all.filter((f) => f.county_code !== county)];
}

function notFound(): never {
  throw new NotFound();
}

/** How the reader comes to the form; undefined when they may not read it. */
async function readerOf(platform: Platform, who: StaffActor, row: store.P3Row): Promise<string | undefined> {
  if (deskOf(who, row.station_id)) return 'desk';
  if (examinesAt(who, row.facility_id)) return 'examiner';
  if (who.role !== 'investigator') return undefined;
  for (const caseId of await store.casesOfEntry(platform.db.pool, row.entry_id)) {
    try {
      const found = await assertCaseVisible(platform, who, caseId, 'documents.p3.read', { document: row.number });
      return `investigator on ${found.reference}`;
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
  }
  return undefined;
}

/**
 * A P3 form for someone on its path: the issuing station's desk and commander, the medical officers of
 * the facility it was sent to, investigators on a case linked to its entry. Everyone else is refused
 * (403). Each read that shows Part II is in the audit trail before it is shown.
 */
export async function readP3(platform: Platform, actor: Actor, documentId: string): Promise<P3Form> {
  const who = requireStaff(actor);
  const row = (await store.p3ById(platform.db.pool, documentId)) ?? notFound();
  const reader = await readerOf(platform, who, row);
  if (!reader) throw new Forbidden();
  const findings = row.completed_at ? ((await store.findingsOf(platform.db.pool, row.id)) ?? null) : null;
  if (findings)
    await audit(platform.db.pool, who, 'documents.p3.part2.read', 'document', row.id, {
      number: row.number,
      as: reader,
    });
  const open = !row.revoked_at;
  return {
    ...viewOf(row),
    findings,
    may: {
      send: open && !row.facility_id && deskOf(who, row.station_id),
      complete: open && !row.completed_at && examinesAt(who, row.facility_id),
    },
  };
}

/** The desk sends its station's P3 form to the facility where the person is examined, once. */
export async function sendP3(platform: Platform, actor: Actor, documentId: string, facility: unknown): Promise<P3View> {
  const who = requireStaff(actor);
  const row = (await store.p3ById(platform.db.pool, documentId)) ?? notFound();
  if (!deskOf(who, row.station_id)) throw new Forbidden();
  if (row.revoked_at) throw new Conflict('the P3 form was revoked');
  if (row.facility_id) throw new Conflict(`the P3 form was already sent to ${row.facility_name}`);
  const id = cleanText(typeof facility === 'string' ? facility : '');
  const chosen =
    (id && (await facilityById(platform.db.pool, id))) || badField('facility', 'documents.p3.error.facility');
  const now = platform.clock.now();
  await inTransaction(platform.db.pool, async (client) => {
    if (!(await store.insertSent(client, row.id, chosen.id, who.id, now)))
      throw new Conflict('the P3 form was already sent');
    await audit(client, who, 'documents.p3.sent', 'document', row.id, { number: row.number, facility: chosen.id });
  });
  return { ...viewOf(row), facility: { id: chosen.id, name: chosen.name }, sentAt: now };
}

/**
 * A medical officer of the facility the form was sent to completes Part II, once (409 after). Every
 * field is checked first (a 400 naming each); nothing is written unless all are right.
 */
export async function completeP3(
  platform: Platform,
  actor: Actor,
  documentId: string,
  input: FindingsInput,
): Promise<void> {
  const who = requireStaff(actor, examinesAtAFacility);
  const row = (await store.p3ById(platform.db.pool, documentId)) ?? notFound();
  if (!examinesAt(who, row.facility_id)) throw new Forbidden();
  if (row.completed_at) throw new Conflict('Part II of this P3 form was already completed');
  if (row.revoked_at) throw new Conflict('the P3 form was revoked');
  const now = platform.clock.now();
  const findings = readFindings(input, now, platform.config.jurisdiction.timeZone);
  await inTransaction(platform.db.pool, async (client) => {
    if (!(await store.insertFindings(client, row.id, findings, who.id, now)))
      throw new Conflict('Part II of this P3 form was already completed');
    await audit(client, who, 'documents.p3.completed', 'document', row.id, { number: row.number });
  });
}

/** Where a P3 form stands, for the person who asked for it (their request's code): never its findings. */
export interface P3Progress {
  facility: string | null;
  sentAt: Date | null;
  completedAt: Date | null;
}

/** The progress of the P3 form numbered `documentNumber` (e.g. P3/SALAMA/2026/1); undefined for another document. */
export async function p3Progress(db: Queryable, documentNumber: string): Promise<P3Progress | undefined> {
  const row = await store.p3ByNumber(db, documentNumber);
  return row && { facility: row.facility_name, sentAt: row.sent_at, completedAt: row.completed_at };
}
