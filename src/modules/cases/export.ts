import type { Actor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { audit } from '../../platform/audit/index.ts';
import type { Translate } from '../../platform/i18n/index.ts';
import type { Platform } from '../../platform/module.ts';
import { csvFile } from '../../platform/text/csv.ts';
import { isoInZone } from '../../platform/time/index.ts';
import { queueAddress, queueRows, type QueueQuery } from './queue.ts';

/** The most rows one file holds; a bigger view is narrowed with its filters first. */
export const EXPORT_LIMIT = 10_000;

/**
 * Any view of the queue as a CSV file, in the person's language, every case they may see in it (up to
 * EXPORT_LIMIT): audited with the view's address and how many cases left in the file.
 */
export async function exportQueue(
  platform: Platform,
  actor: Actor,
  query: QueueQuery,
  t: Translate,
): Promise<{ csv: string; rows: number; total: number }> {
  const who = requireStaff(actor);
  const now = platform.clock.now();
  const zone = platform.config.jurisdiction.timeZone;
  const { rows, total } = await queueRows(platform, who, query, { limit: EXPORT_LIMIT, offset: 0 }, now);
  const header = [
    'reference',
    'category',
    'status',
    'outcome',
    'assignee',
    'unit',
    'station',
    'county',
    'opened',
    'due',
    'nextClock',
    'nextDue',
    'evidence',
  ]
    .map((field) => t(`cases.field.${field}`))
    .concat(t('cases.overdue'));
  const csv = csvFile(
    header,
    rows.map((c) => [
      c.reference,
      t(`category.${c.category}`),
      t(`cases.status.${c.status}`),
      c.outcome ? t(`cases.outcome.${c.outcome}`) : '',
      c.assignee_name ?? '',
      t(`unit.${c.unit_code}`),
      c.station_name ?? '',
      c.county_name ?? '',
      isoInZone(c.opened_at, zone),
      isoInZone(c.first_response_due_at, zone),
      c.next_clock ? t(`cases.clock.${c.next_clock}`) : '',
      c.next_due_at ? isoInZone(c.next_due_at, zone) : '',
      String(c.evidence_count),
      c.overdue ? t('cases.export.yes') : t('cases.export.no'),
    ]),
  );
  await audit(platform.db.pool, who, 'case.export', 'case', '*', {
    view: queueAddress(query, 1),
    rows: rows.length,
    total,
  });
  return { csv, rows: rows.length, total };
}
