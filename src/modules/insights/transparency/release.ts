import { inTransaction } from '../../../platform/db/database.ts';
import type { JobDefinition } from '../../../platform/jobs/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { addMonths, DAY_MS, localMonth, startOfLocalDay } from '../../../platform/time/index.ts';
import { complaintCategories } from './catalogue.ts';
import { transparencySettings } from './settings.ts';
import * as store from './store.ts';
import { buildReleaseTables, type ReleaseTables } from './tables.ts';

/**
 * A month's figures are released once: computed from the first refresh of the rollups that began a set
 * number of days after the month ended, protected, stored, and never changed. Figures that moved on later
 * (a case closed, a fine paid) are not published again for that month: two versions of one month's tables
 * could be set against each other to work out what either hides.
 */

/** "YYYY-MM" with a real month. */
export const isMonth = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

export interface Provenance {
  /** When the refresh the figures come from began: the database as it stood then. */
  refreshedAt: Date;
  /** PostgreSQL's snapshot of that refresh (pg_current_snapshot), naming exactly which transactions it saw. */
  snapshot: string;
  /** The OB log checkpoint OB entries were counted up to, and how many witnesses cosigned it. */
  checkpoint: { size: string; root: string; witnesses: number } | null;
}

export interface Release {
  month: string;
  releasedAt: Date;
  provenance: Provenance;
  /** The k of each rule when the month was released. */
  k: { standard: number; custody: number };
  tables: ReleaseTables;
}

export interface ReleaseSummary {
  month: string;
  releasedAt: Date;
}

const toRelease = (r: store.ReleaseRow): Release => ({
  month: r.month,
  releasedAt: r.released_at,
  provenance: {
    refreshedAt: r.refreshed_at,
    snapshot: r.snapshot,
    checkpoint:
      r.checkpoint_size && r.checkpoint_root
        ? { size: r.checkpoint_size, root: r.checkpoint_root, witnesses: r.checkpoint_witnesses ?? 0 }
        : null,
  },
  k: { standard: r.min_count, custody: r.min_custody_count },
  tables: r.tables,
});

/** The instant a month ("YYYY-MM") begins and the instant the next begins, in the jurisdiction's zone. */
export function monthSpan(month: string, zone: string): { from: Date; to: Date } {
  return { from: startOfLocalDay(`${month}-01`, zone), to: startOfLocalDay(`${addMonths(month, 1)}-01`, zone) };
}

/** The months from `first` whose release may be made from a refresh begun at `refreshedAt`. */
export function dueMonths(first: string, refreshedAt: Date, releaseDays: number, zone: string): string[] {
  const months: string[] = [];
  const now = localMonth(refreshedAt, zone);
  for (let m = first; m < now; m = addMonths(m, 1)) {
    if (monthSpan(m, zone).to.getTime() + releaseDays * DAY_MS > refreshedAt.getTime()) break;
    months.push(m);
  }
  return months;
}

export async function readRelease(platform: Platform, month: string): Promise<Release | undefined> {
  const row = await store.release(platform.db.pool, month);
  return row && toRelease(row);
}

export async function releasedMonths(platform: Platform): Promise<ReleaseSummary[]> {
  return (await store.releasedMonths(platform.db.pool)).map((r) => ({ month: r.month, releasedAt: r.released_at }));
}

/** Computes and stores one month's release from the rollups as they stand (one snapshot for every read). */
export async function releaseMonth(platform: Platform, month: string): Promise<void> {
  const { k, custodyK } = platform.config.settings.of(transparencySettings);
  const read = await inTransaction(platform.db.pool, async (client) => {
    await store.readOnlySnapshot(client);
    const refresh = await store.latestRefresh(client);
    return refresh && { refresh, facts: await store.monthFacts(client, month, complaintCategories) };
  });
  if (!read) throw new Error('the rollups have not been built yet');
  const rules = { standard: { k }, custody: { k: custodyK } };
  const tables = buildReleaseTables(read.facts, platform.config.jurisdiction.counties, rules);
  const { refresh } = read;
  await store.insertRelease(platform.db.pool, {
    month,
    released_at: platform.clock.now(),
    refreshed_at: refresh.started_at,
    snapshot: refresh.snapshot,
    checkpoint_size: refresh.checkpoint_size,
    checkpoint_root: refresh.checkpoint_root,
    checkpoint_witnesses: refresh.witnesses,
    min_count: k,
    min_custody_count: custodyK,
    tables,
  });
}

/** Releases every month that is due and not released yet, oldest first; returns those it released. */
export async function releaseDueMonths(platform: Platform): Promise<string[]> {
  const { releaseDays } = platform.config.settings.of(transparencySettings);
  const zone = platform.config.jurisdiction.timeZone;
  const refresh = await store.latestRefresh(platform.db.pool);
  const first = await store.firstMonth(platform.db.pool);
  if (!refresh || !first) return [];
  const done = new Set((await store.releasedMonths(platform.db.pool)).map((r) => r.month));
  const released: string[] = [];
  for (const month of dueMonths(first, refresh.started_at, releaseDays, zone)) {
    if (done.has(month)) continue;
    await releaseMonth(platform, month);
    released.push(month);
  }
  return released;
}

export const RELEASE_QUEUE = 'insights.transparency-release';

/** Looks for months to release a few minutes after each quarter-hour refresh of the rollups. */
export function transparencyJobs(platform: Platform): JobDefinition[] {
  return [
    {
      queue: RELEASE_QUEUE,
      every: '5,20,35,50 * * * *',
      policy: 'stately',
      expireInSeconds: 60 * 60,
      run: async () => void (await releaseDueMonths(platform)),
      started: async () => void (await platform.jobs.send(RELEASE_QUEUE, {})),
    },
  ];
}
