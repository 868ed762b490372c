import type { AcceptedEvidence } from '../../../platform/blobs/evidence.ts';
import type { Actor, StaffActor } from '../../../platform/auth/actor.ts';
import { badField } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { formatObNumber } from '../ob-number.ts';
import { deskOfficer, newEntry, storeEntry } from '../service.ts';
import { checkFootage, type CheckedFootage } from './input.ts';
import * as store from './store.ts';

/** What the officer is told once footage is lodged: its record, and the OB entry that holds its hash. */
export interface LodgedFootage {
  id: string;
  entryId: string;
  obNumber: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
}

/** An officer or commander posted at the station: the only ones who lodge its footage (403 for anyone else). */
export function footageKeeper(actor: Actor, stationId: string): StaffActor {
  return deskOfficer(actor, stationId);
}

/** Checks what the officer typed before any file is read (a 400 naming the field). */
export function checkLodging(platform: Platform, body: unknown): CheckedFootage {
  return checkFootage(body, platform.clock.now(), platform.config.jurisdiction.timeZone);
}

/** The OB entry's details: what the log commits to, the file's SHA-256 first. */
export function footageDetails(file: AcceptedEvidence, checked: CheckedFootage): Record<string, unknown> {
  return {
    sha256: file.sha256,
    sizeBytes: file.sizeBytes,
    mediaType: file.mediaType,
    cameraId: checked.cameraId,
    from: checked.from.toISOString(),
    to: checked.to.toISOString(),
  };
}

/**
 * Lodges footage already in the blob store (`file`, checked by its content) at the station: an OB
 * entry of kind 'footage' whose details carry the file's SHA-256, numbered like every entry and
 * stored in one statement with the footage row that links the file to it. Only video is taken (a
 * 400 naming `field`), and the same bytes are lodged once per station (a 400 naming the entry that
 * holds them).
 */
export async function lodgeFootage(
  platform: Platform,
  actor: Actor,
  stationId: string,
  checked: CheckedFootage,
  file: AcceptedEvidence,
  field: string,
): Promise<LodgedFootage> {
  const who = footageKeeper(actor, stationId);
  if (file.kind !== 'video') badField(field, 'ob.footage.error.notVideo');
  const earlier = await store.lodgedWithHash(platform.db.pool, stationId, file.sha256);
  if (earlier) badField(field, 'ob.footage.error.alreadyLodged', { ob: formatObNumber(earlier) });
  const entry = await storeEntry(
    platform,
    newEntry(platform, who, stationId, {
      kind: 'footage',
      occurredAt: checked.from,
      place: checked.place,
      narrative: checked.narrative,
      details: footageDetails(file, checked),
      property: [],
      links: [],
      amends: null,
      persons: [],
    }),
  );
  // the footage row was written by the statement that stored the entry
  const id = (await store.footageIdOfEntry(platform.db.pool, entry.id))!;
  return {
    id,
    entryId: entry.id,
    obNumber: entry.obNumber,
    sha256: file.sha256,
    sizeBytes: file.sizeBytes,
    mediaType: file.mediaType,
  };
}
