import { audit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { Forbidden, NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { caseStatusById } from '../../cases/index.ts';
import { formatObNumber } from '../ob-number.ts';
import { keepsBookOf, readsABook, readsEveryBook } from '../permissions.ts';
import { stationCustody, stationOf } from './store.ts';

/** Escalated arrests stay on the station's custody list this long after their case opened, released or not. */
const RECENT_ESCALATION_DAYS = 7;

export interface CustodyClockRow {
  entryId: string;
  /** `12/30/11/2026` */
  obNumber: string;
  arrestedAt: Date;
  /** 24 hours after the arrest: by then the person is released or brought before a court (Art. 49). */
  dueAt: Date;
  names: string[];
  /** How long the person has been held (to now, or to their release). */
  heldMs: number;
  /** Still held past the deadline. */
  overdue: boolean;
  released: { obNumber: string; recordedAt: Date } | null;
  /** The case opened in the hub when the deadline passed with nobody released. */
  escalation: { reference: string; at: Date } | null;
}

export interface CustodyClock {
  station: { id: string; name: string };
  now: Date;
  rows: CustodyClockRow[];
}

/**
 * A station's custody clock: who is held and for how long, who is past 24 hours, and the case each
 * escalation opened. For the station's officers and commander; the IG's office, IAU and IPOA read
 * any station's (audited), as they read its book.
 */
export async function custodyOf(platform: Platform, actor: Actor, stationId: string): Promise<CustodyClock> {
  const who = requireStaff(actor, readsABook);
  if (!keepsBookOf(who, stationId)) {
    if (!readsEveryBook(who)) throw new Forbidden();
    await audit(platform.db.pool, who, 'ob.custody.read', 'ob_station', stationId);
  }
  const db = platform.db.pool;
  const station = await stationOf(db, stationId);
  if (!station) throw new NotFound();
  const now = platform.clock.now();
  const stored = await stationCustody(db, stationId, now, RECENT_ESCALATION_DAYS);
  const rows: CustodyClockRow[] = [];
  for (const r of stored) {
    const escalated = r.case_id && r.escalated_at ? await caseStatusById(db, r.case_id, now) : undefined;
    const until = r.released?.recorded_at ?? now;
    rows.push({
      entryId: r.entry_id,
      obNumber: formatObNumber(r),
      arrestedAt: r.arrested_at,
      dueAt: r.due_at,
      names: r.names,
      heldMs: Math.max(0, until.getTime() - r.arrested_at.getTime()),
      overdue: !r.released && now.getTime() >= r.due_at.getTime(),
      released: r.released && { obNumber: formatObNumber(r.released), recordedAt: r.released.recorded_at },
      escalation: escalated && r.escalated_at ? { reference: escalated.reference, at: r.escalated_at } : null,
    });
  }
  return { station: { id: station.id, name: station.name }, now, rows };
}
