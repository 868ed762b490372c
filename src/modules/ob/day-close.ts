import type { Actor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { badField, Forbidden } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { isLocalDate } from '../../platform/time/index.ts';
import { today } from './book.ts';
import { formatObNumber } from './ob-number.ts';
import { commands, commandsAStation } from './permissions.ts';
import * as reads from './read-store.ts';
import { newEntry, storeEntry, type RecordedEntry } from './service.ts';

/**
 * The commander closes a day that has ended: the count of its entries and its first and last
 * numbers become an entry of today's book, and so a leaf of the log. A day whose numbers do not
 * run from 1 without a gap (an entry missing, whatever removed it) cannot be closed.
 */
export async function closeDay(
  platform: Platform,
  actor: Actor,
  stationId: string,
  day: string,
): Promise<RecordedEntry> {
  const who = requireStaff(actor, commandsAStation);
  if (!commands(who, stationId)) throw new Forbidden();
  if (!isLocalDate(day)) badField('day', 'ob.error.day');
  if (day >= today(platform)) badField('day', 'ob.error.dayNotOver');
  const numbers = await reads.dayNumbers(platform.db.pool, stationId, day);
  if (numbers.closedBy) badField('day', 'ob.error.dayClosed', { ob: formatObNumber(numbers.closedBy) });
  const last = numbers.counted ?? 0;
  if (numbers.count !== last || (numbers.last ?? 0) !== last || (last > 0 && numbers.first !== 1))
    badField('day', 'ob.error.dayHasGap', { count: numbers.count, last });
  const first = last > 0 ? formatObNumber({ day, number: 1 }) : null;
  const lastOb = last > 0 ? formatObNumber({ day, number: last }) : null;
  const narrative =
    last > 0 ? `Day ${day} closed: ${last} entries, OB ${first} to OB ${lastOb}.` : `Day ${day} closed: no entries.`;
  return storeEntry(
    platform,
    newEntry(platform, who, stationId, {
      kind: 'day_close',
      occurredAt: platform.clock.now(),
      place: '',
      narrative,
      details: { day, count: numbers.count, first, last: lastOb },
      property: [],
      links: [],
      amends: null,
      persons: [],
    }),
  );
}
