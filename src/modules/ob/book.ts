import { audit } from '../../platform/audit/index.ts';
import type { Actor, StaffActor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { BadInput, Forbidden, NotFound } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { isLocalDate, localDate, type LocalDate } from '../../platform/time/index.ts';
import { assertCaseVisible } from '../cases/index.ts';
import { keepsBookOf, readsABook, readsEveryBook } from './permissions.ts';
import * as reads from './read-store.ts';

// Reading a station's book: its own officers and commander; the IG's office, IAU and IPOA any
// station's (every such read audited); investigators the entries linked to their cases.

export interface StationDay {
  station: { id: string; name: string };
  day: LocalDate;
  today: LocalDate;
  entries: reads.EntryRow[];
  numbers: reads.DayNumbers;
  /** Arrests with no release yet, oldest first (the custody clock). */
  openArrests: reads.OpenArrestRow[];
}

/** May this staff member read this station's book? Outside readers' reads are audited. */
async function bookReader(
  platform: Platform,
  actor: Actor,
  stationId: string,
  what: string,
  day?: string,
): Promise<StaffActor> {
  const who = requireStaff(actor, readsABook);
  if (keepsBookOf(who, stationId)) return who;
  if (!readsEveryBook(who)) throw new Forbidden();
  await audit(platform.db.pool, who, what, 'ob_station', stationId, day ? { day } : undefined);
  return who;
}

async function station(platform: Platform, stationId: string) {
  return (
    (await reads.stationExists(platform.db.pool, stationId)) ??
    (() => {
      throw new NotFound();
    })()
  );
}

export function today(platform: Platform): LocalDate {
  return localDate(platform.clock.now(), platform.config.jurisdiction.timeZone);
}

/** The station's book for one day, like the paper page: numbers in order, amendments shown. */
export async function stationDay(
  platform: Platform,
  actor: Actor,
  stationId: string,
  day: string,
): Promise<StationDay> {
  if (!isLocalDate(day)) throw new BadInput([{ field: 'day', message: 'ob.error.day' }]);
  await bookReader(platform, actor, stationId, 'ob.book.read', day);
  const [found, entries, numbers, openArrests] = await Promise.all([
    station(platform, stationId),
    reads.entriesOfDay(platform.db.pool, stationId, day),
    reads.dayNumbers(platform.db.pool, stationId, day),
    reads.openArrests(platform.db.pool, stationId),
  ]);
  return { station: found, day, today: today(platform), entries, numbers, openArrests };
}

/** One entry by its OB number, for whoever may read the book, or an investigator whose case it is linked to. */
export async function entryOf(
  platform: Platform,
  actor: Actor,
  stationId: string,
  day: string,
  number: number,
): Promise<reads.EntryRow> {
  const who = requireStaff(actor);
  const entry = isLocalDate(day) ? await reads.entryByNumber(platform.db.pool, stationId, day, number) : undefined;
  if (readsABook(who) && (keepsBookOf(who, stationId) || readsEveryBook(who))) {
    await bookReader(platform, who, stationId, 'ob.entry.read', day);
    if (!entry) throw new NotFound();
    return entry;
  }
  if (!entry) throw new NotFound();
  for (const caseId of await reads.casesOfEntry(platform.db.pool, entry.id)) {
    try {
      await assertCaseVisible(platform, who, caseId, 'ob.entry.read', { entry: entry.id });
      return entry;
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
  }
  throw new NotFound();
}
