import { engageSchedule } from '../../../jurisdiction/kenya/index.ts';
import type { AnyJobDefinition } from '../../../platform/jobs/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { occurrencesDue } from '../schedule.ts';
import * as store from './store.ts';

/** The job that keeps every series generated six sessions ahead. */
export const SESSION_GENERATION_QUEUE = 'engage.generate-sessions';

/**
 * Generates every series' sessions due by `now` and the ones ahead of it (idempotent: each
 * occurrence is inserted once, also when two instances run it together). Returns how many were new.
 */
export async function generateSessions(platform: Platform, now = platform.clock.now()): Promise<number> {
  let added = 0;
  for (const series of await store.listSeries(platform.db.pool)) added += await generateSeries(platform, series, now);
  return added;
}

export async function generateSeries(platform: Platform, series: store.SeriesRow, now: Date): Promise<number> {
  const rule = {
    firstDate: series.first_date,
    intervalWeeks: series.interval_weeks,
    startTime: series.start_time,
    durationMinutes: series.duration_minutes,
    timeZone: series.time_zone,
  };
  return store.insertOccurrences(platform.db.pool, series, occurrencesDue(rule, now, engageSchedule.ahead));
}

/** The job that erases the askers' sealed numbers of sessions that ended by their time. */
export const FORGET_NUMBERS_QUEUE = 'engage.forget-reply-numbers';

export async function forgetEndedReplyNumbers(platform: Platform, now = platform.clock.now()): Promise<number> {
  return store.forgetReplyNumbers(platform.db.pool, now);
}

export function engageJobs(platform: Platform): AnyJobDefinition[] {
  return [
    { queue: SESSION_GENERATION_QUEUE, every: '17 * * * *', run: async () => void (await generateSessions(platform)) },
    {
      queue: FORGET_NUMBERS_QUEUE,
      every: '*/10 * * * *',
      run: async () => void (await forgetEndedReplyNumbers(platform)),
    },
  ];
}
