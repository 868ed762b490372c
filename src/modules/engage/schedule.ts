/**
 * The calendar of #EngageTheIG: series of sessions recurring every N weeks at a local time,
 * turned into UTC instants, and each session's state at a given moment. Pure functions.
 */

import { DAY_MS, addDays, instantAt, isLocalDate, localDate } from '../../platform/time/index.ts';

// zone arithmetic is the platform's (platform/time); these names stay for the calendar's callers
export {
  DAY_MS,
  addDays,
  localDate,
  localTime,
  zoneOffsetMinutes,
  instantAt as zonedToUtc,
} from '../../platform/time/index.ts';

export const isDate = isLocalDate;
export const isTime = (value: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(value);

/** ISO weekday of a date: 1 Monday ... 7 Sunday. */
export function weekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The first date on or after `from` falling on the ISO weekday. */
export function nextWeekday(from: string, isoWeekday: number): string {
  return addDays(from, (isoWeekday - weekday(from) + 7) % 7);
}

/**
 * The local date of the next session on the ISO weekday at the local start time that has not
 * started at `now`: today while today's start is still ahead, else the weekday after.
 */
export function nextStartDate(now: Date, isoWeekday: number, startTime: string, timeZone: string): string {
  let date = nextWeekday(localDate(now, timeZone), isoWeekday);
  while (instantAt(date, startTime, timeZone).getTime() <= now.getTime())
    date = nextWeekday(addDays(date, 1), isoWeekday);
  return date;
}

export interface SeriesRule {
  /** Local date of the first session. */
  firstDate: string;
  intervalWeeks: number;
  /** Local start time, "HH:MM". */
  startTime: string;
  durationMinutes: number;
  timeZone: string;
}

export interface Occurrence {
  /** 0 for the first session of the series. */
  index: number;
  startsAt: Date;
  endsAt: Date;
}

export function occurrence(rule: SeriesRule, index: number): Occurrence {
  const startsAt = instantAt(addDays(rule.firstDate, index * rule.intervalWeeks * 7), rule.startTime, rule.timeZone);
  return { index, startsAt, endsAt: new Date(startsAt.getTime() + rule.durationMinutes * 60_000) };
}

/**
 * The occurrences that should exist as session rows at `now`: the current or next one and the
 * following ones up to `ahead` in all, plus those that ended within `archiveDays` (so a series
 * whose first date is a few weeks back shows its recent sessions in the archive, without
 * back-filling years). Generating them is idempotent: each is keyed by its index.
 */
export function occurrencesDue(rule: SeriesRule, now: Date, ahead: number, archiveDays = 28): Occurrence[] {
  const period = rule.intervalWeeks * 7 * DAY_MS;
  const firstOf = (after: number): number => {
    // the smallest index whose session ends after `after`
    let k = Math.max(0, Math.floor((after - occurrence(rule, 0).endsAt.getTime()) / period));
    while (k > 0 && occurrence(rule, k - 1).endsAt.getTime() > after) k -= 1;
    while (occurrence(rule, k).endsAt.getTime() <= after) k += 1;
    return k;
  };
  const next = firstOf(now.getTime());
  const first = firstOf(now.getTime() - archiveDays * DAY_MS);
  const out: Occurrence[] = [];
  for (let k = first; k < next + ahead; k += 1) out.push(occurrence(rule, k));
  return out;
}

export type SessionState = 'upcoming' | 'live' | 'ended' | 'cancelled';

export interface SessionTimes {
  status: 'scheduled' | 'cancelled';
  starts_at: Date;
  ends_at: Date;
  went_live_at: Date | null;
  ended_at: Date | null;
}

/**
 * Upcoming before the start, live until the end, ended after; the IG's office may open it early
 * ("go live") or close it ("end now"); a cancelled session is only ever cancelled.
 */
export function sessionState(s: SessionTimes, now: Date): SessionState {
  if (s.status === 'cancelled') return 'cancelled';
  const t = now.getTime();
  const end = s.ended_at ? Math.min(s.ended_at.getTime(), s.ends_at.getTime()) : s.ends_at.getTime();
  if (t >= end) return 'ended';
  const start = s.went_live_at ? Math.min(s.went_live_at.getTime(), s.starts_at.getTime()) : s.starts_at.getTime();
  return t >= start ? 'live' : 'upcoming';
}

/** Whole days, hours and minutes until a moment (for "starts in 3 days 4 hours"). */
export function timeUntil(from: Date, to: Date): { days: number; hours: number; minutes: number } {
  const ms = Math.max(0, to.getTime() - from.getTime());
  const totalMinutes = Math.ceil(ms / 60_000);
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  };
}
