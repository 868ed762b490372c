import type { Platform } from '../../../platform/module.ts';
import type { JobDefinition } from '../../../platform/jobs/index.ts';
import {
  countIn,
  latestRefresh,
  rebuildCases,
  rebuildDocuments,
  rebuildEngage,
  rebuildFines,
  rebuildOb,
  recordRefresh,
  takeSnapshot,
  type RefreshRow,
} from './store.ts';

export const REFRESH_QUEUE = 'insights.refresh';
/** How often the figures are rebuilt (a cron expression, and the same in words for the pages). */
export const REFRESH_EVERY = '*/15 * * * *';
export const REFRESH_MINUTES = 15;

/**
 * Rebuilds every rollup from one consistent snapshot of the database (a repeatable-read transaction), so that
 * all figures agree with each other and name the snapshot and the OB checkpoint they come from. Readers see
 * the previous figures until it commits.
 */
export async function refreshInsights(platform: Platform): Promise<RefreshRow> {
  const client = await platform.db.pool.connect();
  try {
    await client.query('begin isolation level repeatable read');
    const startedAt = platform.clock.now();
    countIn(platform.config.jurisdiction.timeZone);
    const snapshot = await takeSnapshot(client);
    await rebuildCases(client, startedAt);
    await rebuildOb(client, startedAt, snapshot.checkpointSize);
    await rebuildDocuments(client);
    await rebuildFines(client, startedAt);
    await rebuildEngage(client);
    const finishedAt = platform.clock.now();
    await recordRefresh(client, { startedAt, finishedAt, ...snapshot });
    await client.query('commit');
    return (await latestRefresh(platform.db.pool))!;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export { latestRefresh };

export function insightsJobs(platform: Platform): JobDefinition[] {
  return [
    {
      queue: REFRESH_QUEUE,
      every: REFRESH_EVERY,
      policy: 'stately',
      expireInSeconds: 30 * 60,
      run: async () => void (await refreshInsights(platform)),
      // a new database has no figures yet: build them now rather than at the next quarter hour
      started: async () => {
        if (!(await latestRefresh(platform.db.pool))) await platform.jobs.send(REFRESH_QUEUE, {});
      },
    },
  ];
}
