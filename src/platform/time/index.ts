/**
 * Zone arithmetic, in one place: the local date and time of an instant, the instant of a local
 * date and time, the start of a local day, and dates and times written for people. Times are kept
 * in UTC; every function here takes the zone it works in (the jurisdiction's, e.g.
 * `jurisdiction.timeZone`), so nothing here knows which country it serves. Pure functions.
 */

/** "YYYY-MM-DD", a calendar date with no zone. */
export type LocalDate = string;

export const DAY_MS = 24 * 3600_000;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

type Parts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/**
 * The minutes each zone was asked about lately (formatToParts is slow): requests of one minute share the
 * current one, and the few other instants they work out (a typed time, the start of a day) recur too.
 */
const recentMinutes = new Map<string, Map<number, Parts>>();
const MINUTES_KEPT = 256;

function parts(instant: Date, zone: string): Parts {
  const ms = instant.getTime();
  const minute = Math.floor(ms / 60_000);
  let minutes = recentMinutes.get(zone);
  if (!minutes) recentMinutes.set(zone, (minutes = new Map()));
  const known = minutes.get(minute);
  if (known) return { ...known, second: Math.floor((ms - minute * 60_000) / 1000) };
  const p = formatParts(instant, zone);
  // zones move their clocks on whole minutes; an offset with seconds (old local mean times) is not shared
  if (p.second === Math.floor((ms - minute * 60_000) / 1000)) {
    if (minutes.size >= MINUTES_KEPT) minutes.delete(minutes.keys().next().value!);
    minutes.set(minute, p);
  }
  return p;
}

function formatParts(instant: Date, zone: string): Parts {
  let format = partsFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(zone, format);
  }
  const p = Object.fromEntries(
    format
      .formatToParts(instant)
      .filter((x) => x.type !== 'literal')
      .map((x) => [x.type, Number(x.value)]),
  );
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Minutes the zone is ahead of UTC at that instant (Nairobi: 180 all year). */
export function zoneOffsetMinutes(instant: Date, zone: string): number {
  const p = parts(instant, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The local calendar date of an instant in the zone, "YYYY-MM-DD". */
export function localDate(instant: Date, zone: string): LocalDate {
  const p = parts(instant, zone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The local time of an instant in the zone, "HH:MM". */
export function localTime(instant: Date, zone: string): string {
  const p = parts(instant, zone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** The local calendar month of an instant in the zone, "YYYY-MM". */
export function localMonth(instant: Date, zone: string): string {
  return localDate(instant, zone).slice(0, 7);
}

/** The local year of an instant in the zone, "YYYY" (reference numbers: CASE-2026-…). */
export function localYear(instant: Date, zone: string): string {
  return localDate(instant, zone).slice(0, 4);
}

/** The instant of a local date ("2026-06-22") and time ("11:00", or "11:00:30") in the zone. */
export function instantAt(date: LocalDate, time: string, zone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss = 0] = time.split(':').map(Number) as [number, number, number?];
  const guess = Date.UTC(y, m - 1, d, hh, mm, ss);
  let instant = guess - zoneOffsetMinutes(new Date(guess), zone) * 60_000;
  // a zone that changes its offset near the guess: settle on the offset at the answer
  instant = guess - zoneOffsetMinutes(new Date(instant), zone) * 60_000;
  return new Date(instant);
}

/** The instant a local day begins in the zone (its midnight). */
export function startOfLocalDay(date: LocalDate, zone: string): Date {
  return instantAt(date, '00:00', zone);
}

/** A calendar month ("2026-06") moved by whole months. */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}`;
}

/**
 * The `count` calendar months in the zone ending with the month of `instant`, oldest first, each
 * with the instant it begins (midnight on the 1st, local time).
 */
export function localMonthsEnding(instant: Date, count: number, zone: string): Array<{ month: string; starts: Date }> {
  const last = localMonth(instant, zone);
  return Array.from({ length: count }, (_, i) => {
    const month = addMonths(last, i - count + 1);
    return { month, starts: startOfLocalDay(`${month}-01`, zone) };
  });
}

/** A calendar date moved by whole days (no zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Is this a real calendar date written "YYYY-MM-DD"? */
export function isLocalDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** "+03:00": the zone's offset from UTC at that instant, as ISO 8601 writes it. */
export function offsetText(instant: Date, zone: string): string {
  const minutes = zoneOffsetMinutes(instant, zone);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant written in the zone's local time with its offset, to the second: "2026-06-22T14:30:00+03:00". */
export function isoInZone(instant: Date, zone: string): string {
  const p = parts(instant, zone);
  return `${localDate(instant, zone)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${offsetText(instant, zone)}`;
}

/** The language tag dates and numbers are written in for a Sauti locale ("en" → "en-KE"). */
export function intlLocale(locale: string): string {
  return locale === 'sw' ? 'sw-KE' : 'en-KE';
}

type When = Date | string | null | undefined;

function toDate(value: When): Date | undefined {
  if (!value) return undefined;
  return typeof value === 'string' ? new Date(value) : value;
}

const displayFormats = new Map<string, Intl.DateTimeFormat>();

function display(locale: string, zone: string, style: 'dateTime' | 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${style}`;
  let format = displayFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'dateTime'
        ? { dateStyle: 'medium', timeStyle: 'short' }
        : style === 'date'
          ? { dateStyle: 'medium' }
          : { timeStyle: 'short' };
    format = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: zone, ...options });
    displayFormats.set(key, format);
  }
  return format;
}

/** A date and time for people, in the zone and the locale ("22 Jun 2026, 14:30"); empty for none. */
export function formatDateTime(locale: string, value: When, zone: string): string {
  const date = toDate(value);
  return date ? display(locale, zone, 'dateTime').format(date) : '';
}

/** A date for people, in the zone and the locale ("22 Jun 2026"); empty for none. */
export function formatDate(locale: string, value: When, zone: string): string {
  const date = toDate(value);
  return date ? display(locale, zone, 'date').format(date) : '';
}

/** A time of day for people, in the zone and the locale ("14:30"); empty for none. */
export function formatTime(locale: string, value: When, zone: string): string {
  const date = toDate(value);
  return date ? display(locale, zone, 'time').format(date) : '';
}

/** A calendar date ("2026-06-22", no zone) for people, in the locale ("22 Jun 2026"). */
export function formatLocalDate(locale: string, date: LocalDate): string {
  return date ? display(locale, 'UTC', 'date').format(new Date(`${date}T00:00:00Z`)) : '';
}

/** A calendar month ("2026-06", no zone) for people, in the locale ("June 2026"). */
export function formatMonth(locale: string, month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    new Date(Date.UTC(year, m - 1, 1)),
  );
}

/** An instant typed as a form's local `YYYY-MM-DDTHH:MM` (in `zone`) or as ISO 8601 with an offset; undefined if neither. */
export function readTypedInstant(typed: string, zone: string): Date | undefined {
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(typed);
  if (local) return isLocalDate(local[1]!) ? instantAt(local[1]!, local[2]!, zone) : undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(typed)) return undefined;
  const date = new Date(typed);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
