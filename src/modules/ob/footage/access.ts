import { createHmac, timingSafeEqual } from 'node:crypto';
import { audit, listAudit } from '../../../platform/audit/index.ts';
import type { Actor, StaffActor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { badField, Forbidden, NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { assertCaseVisible, recordCaseEvent } from '../../cases/index.ts';
import { formatObNumber } from '../ob-number.ts';
import { keepsBookOf, readsABook, readsEveryBook } from '../permissions.ts';
import * as reads from '../read-store.ts';
import * as store from './store.ts';

// Who may see footage: the station's officers and commander; IAU, IPOA's liaison and the IG's
// office (any station's); investigators of a case it is attached to. Every view and export is
// an audit row on the footage, and those rows, with its lodging and its attachments to cases,
// are its chain of custody.

export const FOOTAGE_SUBJECT = 'ob_footage';
/** What someone does with footage: each is a step of its chain of custody ('read' is looking at its record). */
export type FootageUse = 'read' | 'view' | 'export' | 'attach';

export interface Footage {
  who: StaffActor;
  footage: store.FootageRow;
  obNumber: string;
}

const auditAction = (use: FootageUse) => `ob.footage.${use}`;

/**
 * The footage, for a staff member who may see it, with what they do recorded: every view and
 * export, and an outside reader's look at its record. Anyone else gets 404 (nothing revealed).
 */
export async function footageFor(platform: Platform, actor: Actor, id: string, use: FootageUse): Promise<Footage> {
  const who = requireStaff(actor);
  const footage = await store.footageById(platform.db.pool, id);
  if (!footage) throw new NotFound();
  const obNumber = formatObNumber(footage);
  const detail = { sha256: footage.sha256, ob: obNumber, station: footage.station_id };
  const own = keepsBookOf(who, footage.station_id);
  if (!own && !readsEveryBook(who) && !(await throughACase(platform, who, footage, use))) throw new NotFound();
  if (use === 'view' || use === 'export' || (use === 'read' && !own))
    await audit(platform.db.pool, who, auditAction(use), FOOTAGE_SUBJECT, footage.id, detail);
  return { who, footage, obNumber };
}

/** Is the footage attached to a case this investigator may see? (the case's own trail records the look) */
async function throughACase(
  platform: Platform,
  who: StaffActor,
  footage: store.FootageRow,
  use: FootageUse,
): Promise<boolean> {
  for (const caseId of await reads.casesOfEntry(platform.db.pool, footage.entry_id)) {
    try {
      await assertCaseVisible(platform, who, caseId, auditAction(use), { footage: footage.id });
      return true;
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
  }
  return false;
}

/** A station's footage, newest first, for those who read its book (an outside reader's look is audited). */
export async function stationFootage(
  platform: Platform,
  actor: Actor,
  stationId: string,
): Promise<{ station: { id: string; name: string }; rows: store.FootageRow[]; canLodge: boolean }> {
  const who = requireStaff(actor, readsABook);
  const own = keepsBookOf(who, stationId);
  if (!own && !readsEveryBook(who)) throw new Forbidden();
  const station = await reads.stationExists(platform.db.pool, stationId);
  if (!station) throw new NotFound();
  if (!own) await audit(platform.db.pool, who, 'ob.footage.list', 'ob_station', stationId);
  return { station, rows: await store.footageOfStation(platform.db.pool, stationId, 200), canLodge: own };
}

/** One step of footage's chain of custody. */
export interface CustodyStep {
  action: 'lodged' | 'viewed' | 'exported' | 'attached';
  at: Date;
  by: string;
  /** The OB entry that lodged it, or the case it was attached to. */
  ref: string | null;
}

const stepOf: Record<string, CustodyStep['action']> = {
  'ob.footage.view': 'viewed',
  'ob.footage.export': 'exported',
  'ob.footage.attach': 'attached',
};

/** Lodged by whom and when (its OB number), then each view, export and attachment to a case, in order. */
export async function custodyChain(platform: Platform, footage: store.FootageRow): Promise<CustodyStep[]> {
  const lodged: CustodyStep = {
    action: 'lodged',
    at: footage.lodged_at,
    by: footage.lodged_by_name,
    ref: `OB ${formatObNumber(footage)}`,
  };
  const later = (await listAudit(platform.db.pool, FOOTAGE_SUBJECT, footage.id)).flatMap((row): CustodyStep[] => {
    const action = stepOf[row.action];
    if (!action) return [];
    const ref = action === 'attached' && typeof row.detail.case === 'string' ? row.detail.case : null;
    return [{ action, at: row.at, by: row.actor_label, ref }];
  });
  return [lodged, ...later];
}

/**
 * Attaches footage to a case as evidence: the case's history records its SHA-256 and OB number,
 * the footage's entry is linked to the case (so its investigators may view it), and the
 * attachment is a step of the footage's chain. Whoever attaches must see both the footage and
 * the case; a case they cannot see is "no such case" (400 naming `case`).
 */
export async function attachToCase(platform: Platform, actor: Actor, id: string, reference: unknown): Promise<string> {
  const { who, footage, obNumber } = await footageFor(platform, actor, id, 'read');
  const ref = typeof reference === 'string' ? cleanText(reference).toUpperCase() : '';
  if (ref === '') badField('case', 'ob.error.required');
  if (ref.length > 64) badField('case', 'ob.footage.error.noSuchCase');
  const caseId =
    (await store.caseIdByReference(platform.db.pool, ref)) ?? badField('case', 'ob.footage.error.noSuchCase');
  try {
    await assertCaseVisible(platform, who, caseId, auditAction('attach'), { footage: footage.id });
  } catch (error) {
    if (error instanceof NotFound) badField('case', 'ob.footage.error.noSuchCase');
    throw error;
  }
  await inTransaction(platform.db.pool, async (client) => {
    if (!(await store.linkEntryToCase(client, footage.entry_id, caseId)))
      badField('case', 'ob.footage.error.alreadyAttached');
    await recordCaseEvent(client, caseId, who, 'ob_footage_attached', {
      footage: footage.id,
      sha256: footage.sha256,
      ob: obNumber,
      station: footage.station_id,
    });
    await audit(client, who, auditAction('attach'), FOOTAGE_SUBJECT, footage.id, {
      case: ref,
      sha256: footage.sha256,
      ob: obNumber,
    });
  });
  return ref;
}

/** How long a view opened on the footage's page may stream it. */
export const VIEW_GRANT_MS = 6 * 3600_000;

function grantMac(secret: string, footageId: string, actorId: string, expires: number): Buffer {
  return createHmac('sha256', secret)
    .update(`ob-footage-view\u0000${footageId}\u0000${actorId}\u0000${expires}`)
    .digest();
}

/**
 * A view's pass to stream the footage: the player's range requests carry it, so a view is
 * audited once when it is opened rather than for every range the player asks for, and nothing
 * streams without an audited view.
 */
export function viewGrant(platform: Platform, footageId: string, who: StaffActor): string {
  const expires = platform.clock.now().getTime() + VIEW_GRANT_MS;
  return `${expires}.${grantMac(platform.config.secret, footageId, who.id, expires).toString('base64url')}`;
}

export function grantAllows(
  platform: Platform,
  grant: string | undefined,
  footageId: string,
  who: StaffActor,
): boolean {
  const match = /^(\d{1,16})\.([\w-]{43})$/.exec(grant ?? '');
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires < platform.clock.now().getTime()) return false;
  const given = Buffer.from(match[2]!, 'base64url');
  const wanted = grantMac(platform.config.secret, footageId, who.id, expires);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** The footage for a player streaming a view opened (and audited) on its page: refused (403) without that view's grant. */
export async function footageToStream(
  platform: Platform,
  actor: Actor,
  id: string,
  grant: string | undefined,
): Promise<store.FootageRow> {
  const who = requireStaff(actor);
  const footage = await store.footageById(platform.db.pool, id);
  if (!footage) throw new NotFound();
  if (!grantAllows(platform, grant, footage.id, who)) throw new Forbidden();
  return footage;
}
