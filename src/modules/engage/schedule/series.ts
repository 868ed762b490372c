import { engageSchedule } from '../../../jurisdiction/kenya/index.ts';
import { audit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { Problems } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { canRunConsole } from '../permissions.ts';
import { isDate, isTime, nextStartDate, zonedToUtc } from '../schedule.ts';
import { checkWhole, TIME_ZONE } from '../shared.ts';
import { cleanText } from '../text.ts';
import { generateSeries } from './generation.ts';
import * as store from './store.ts';

/**
 * What the schedule form starts with: the next Monday whose 11:00 session has not started (today
 * only until 11:00 in Nairobi), 11:00, an hour, every two weeks.
 */
export function scheduleDefaults(now: Date) {
  return {
    firstDate: nextStartDate(now, engageSchedule.weekday, engageSchedule.startTime, TIME_ZONE),
    intervalWeeks: String(engageSchedule.intervalWeeks),
    startTime: engageSchedule.startTime,
    durationMinutes: String(engageSchedule.durationMinutes),
    hashtag: engageSchedule.hashtag,
    moderation: 'pre',
  };
}

export interface SeriesInput {
  firstDate?: string | undefined;
  intervalWeeks?: string | number | undefined;
  startTime?: string | undefined;
  durationMinutes?: string | number | undefined;
  hashtag?: string | undefined;
  moderation?: string | undefined;
}

function checkHashtag(problems: Problems, raw: string | undefined): string {
  const hashtag = cleanText(raw) || engageSchedule.hashtag;
  const tagged = hashtag.startsWith('#') ? hashtag : `#${hashtag}`;
  if (!/^#[A-Za-z0-9_]{1,60}$/.test(tagged)) problems.add('hashtag', 'engage.error.hashtag');
  return tagged;
}

export function checkModeration(problems: Problems, raw: string | undefined): 'pre' | 'post' {
  const mode = raw || 'pre';
  if (mode !== 'pre' && mode !== 'post') problems.add('moderation', 'engage.error.moderation');
  return mode === 'post' ? 'post' : 'pre';
}

export async function createSeries(
  platform: Platform,
  actor: Actor,
  input: SeriesInput,
  now = platform.clock.now(),
): Promise<store.SeriesRow> {
  const who = requireStaff(actor, canRunConsole);
  const problems = new Problems();
  const firstDate = cleanText(input.firstDate);
  if (!isDate(firstDate)) problems.add('firstDate', 'engage.error.date');
  const intervalWeeks = checkWhole(problems, 'intervalWeeks', input.intervalWeeks, engageSchedule.intervalWeeks, 1, 8);
  const startTime = cleanText(input.startTime) || engageSchedule.startTime;
  if (!isTime(startTime)) problems.add('startTime', 'engage.error.time');
  const durationMinutes = checkWhole(
    problems,
    'durationMinutes',
    input.durationMinutes,
    engageSchedule.durationMinutes,
    15,
    480,
  );
  const hashtag = checkHashtag(problems, input.hashtag);
  const moderation = checkModeration(problems, input.moderation);
  problems.throwIfAny();
  const series = await inTransaction(platform.db.pool, async (client) => {
    const created = await store.insertSeries(client, {
      hashtag,
      firstDate,
      intervalWeeks,
      startTime,
      durationMinutes,
      timeZone: TIME_ZONE,
      moderation,
      createdBy: who.id,
    });
    await audit(client, who, 'engage.series.create', 'engage_series', created.id, {
      firstDate,
      intervalWeeks,
      startTime,
      durationMinutes,
      hashtag,
      moderation,
    });
    return created;
  });
  await generateSeries(platform, series, now);
  return series;
}

export interface OneOffInput {
  date?: string | undefined;
  time?: string | undefined;
  durationMinutes?: string | number | undefined;
  hashtag?: string | undefined;
  moderation?: string | undefined;
}

export function checkFutureStart(
  problems: Problems,
  dateField: string,
  timeField: string,
  dateRaw: string | undefined,
  timeRaw: string | undefined,
  now: Date,
): Date | undefined {
  const date = cleanText(dateRaw);
  const time = cleanText(timeRaw);
  if (!isDate(date)) problems.add(dateField, 'engage.error.date');
  if (!isTime(time)) problems.add(timeField, 'engage.error.time');
  if (problems.has(dateField) || problems.has(timeField)) return undefined;
  const startsAt = zonedToUtc(date, time, TIME_ZONE);
  if (startsAt.getTime() <= now.getTime()) {
    problems.add(dateField, 'engage.error.past');
    return undefined;
  }
  return startsAt;
}

export async function createOneOffSession(
  platform: Platform,
  actor: Actor,
  input: OneOffInput,
  now = platform.clock.now(),
): Promise<string> {
  const who = requireStaff(actor, canRunConsole);
  const problems = new Problems();
  const startsAt = checkFutureStart(problems, 'date', 'time', input.date, input.time, now);
  const durationMinutes = checkWhole(
    problems,
    'durationMinutes',
    input.durationMinutes,
    engageSchedule.durationMinutes,
    15,
    480,
  );
  const hashtag = checkHashtag(problems, input.hashtag);
  const moderation = checkModeration(problems, input.moderation);
  problems.throwIfAny();
  return inTransaction(platform.db.pool, async (client) => {
    const id = await store.insertOneOffSession(client, {
      hashtag,
      startsAt: startsAt!,
      endsAt: new Date(startsAt!.getTime() + durationMinutes * 60_000),
      moderation,
    });
    await audit(client, who, 'engage.session.create', 'engage_session', id, {
      startsAt: startsAt!.toISOString(),
      durationMinutes,
      hashtag,
      moderation,
    });
    return id;
  });
}
