import { DAY_MS, instantAt, localDate, type LocalDate } from './index.ts';

/**
 * When a service works: opening hours per weekday in its zone, and the days it does not (public
 * holidays). Clocks kept on it (a case's response times) count only working time.
 */
export interface BusinessCalendar {
  zone: string;
  /** Opening hours by weekday, Sunday first ("08:00"–"17:00"); null for a day without any. */
  week: ReadonlyArray<{ opens: string; closes: string } | null>;
  isHoliday(date: LocalDate): boolean;
}

// a calendar with no working day at all would never reach a due time: give up after ten years of days
const MAX_DAYS = 3660;

/** Days since 1970-01-01 of a local date: the walks below step through days as numbers. */
const dayNumber = (date: LocalDate) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dayOf = (instant: Date, zone: string) => dayNumber(localDate(instant, zone));

type Window = { opens: number; closes: number } | null;

// each day's window, worked out once: a resolution clock walks some ninety days, at every case opened
const windows = new WeakMap<BusinessCalendar, Map<number, Window>>();
const MAX_CACHED_DAYS = 20_000;

/** The working window of a local day (epoch milliseconds), or null on a day off. */
function windowOf(calendar: BusinessCalendar, n: number): Window {
  let days = windows.get(calendar);
  if (!days) windows.set(calendar, (days = new Map()));
  let day = days.get(n);
  if (day !== undefined) return day;
  const date = new Date(n * DAY_MS).toISOString().slice(0, 10);
  // 1970-01-01 was a Thursday
  const hours = calendar.week[(((n + 4) % 7) + 7) % 7];
  day =
    !hours || calendar.isHoliday(date)
      ? null
      : {
          opens: instantAt(date, hours.opens, calendar.zone).getTime(),
          closes: instantAt(date, hours.closes, calendar.zone).getTime(),
        };
  if (days.size >= MAX_CACHED_DAYS) days.clear();
  days.set(n, day);
  return day;
}

function noWorkingDays(): never {
  throw new Error('the business calendar has no working time in ten years');
}

/** The instant `ms` of working time after `from` (a moment outside working hours starts at the next opening). */
export function addWorkingTime(calendar: BusinessCalendar, from: Date, ms: number): Date {
  let left = Math.max(0, ms);
  let date = dayOf(from, calendar.zone);
  for (let i = 0; i < MAX_DAYS; i++, date++) {
    const day = windowOf(calendar, date);
    if (!day) continue;
    const start = Math.max(day.opens, from.getTime());
    if (start >= day.closes) continue;
    const available = day.closes - start;
    // a clock that runs out exactly at closing is due then, not at the next opening
    if (left <= available) return new Date(start + left);
    left -= available;
  }
  return noWorkingDays();
}

/** The instant `ms` of working time before `to`. */
export function subtractWorkingTime(calendar: BusinessCalendar, to: Date, ms: number): Date {
  let left = Math.max(0, ms);
  let date = dayOf(to, calendar.zone);
  for (let i = 0; i < MAX_DAYS; i++, date--) {
    const day = windowOf(calendar, date);
    if (!day) continue;
    const end = Math.min(day.closes, to.getTime());
    if (end <= day.opens) continue;
    const available = end - day.opens;
    if (left <= available) return new Date(end - left);
    left -= available;
  }
  return noWorkingDays();
}

/** Working time from `from` to `to`, in milliseconds (0 when `to` is not later). */
export function workingTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  let total = 0;
  const last = dayOf(to, calendar.zone);
  for (let date = dayOf(from, calendar.zone); date <= last; date++) {
    const day = windowOf(calendar, date);
    if (!day) continue;
    const start = Math.max(day.opens, from.getTime());
    const end = Math.min(day.closes, to.getTime());
    if (end > start) total += end - start;
  }
  return total;
}
