import type { BusinessCalendar } from '../../platform/time/business-calendar.ts';
import { addDays, type LocalDate } from '../../platform/time/index.ts';

/**
 * The public service's working week and Kenya's public holidays, on which the case clocks count
 * working time. Official hours are 08:00–17:00, Monday to Friday. Holidays follow the Public Holidays
 * Act (Cap. 110): fixed dates, Good Friday and Easter Monday, and days the Cabinet Secretary gazettes
 * each year (Idd-ul-Fitr moves with the moon) — add those to `gazetted` as they are published. A
 * holiday that falls on a Sunday is kept on the next day that is not itself a holiday.
 */
const fixed: ReadonlyArray<{ monthDay: string; name: string }> = [
  { monthDay: '01-01', name: "New Year's Day" },
  { monthDay: '05-01', name: 'Labour Day' },
  { monthDay: '06-01', name: 'Madaraka Day' },
  { monthDay: '10-10', name: 'Mazingira Day' },
  { monthDay: '10-20', name: 'Mashujaa Day' },
  { monthDay: '12-12', name: 'Jamhuri Day' },
  { monthDay: '12-25', name: 'Christmas Day' },
  { monthDay: '12-26', name: 'Boxing Day' },
];

/** Days declared by gazette notice, by date. */
export const gazetted: ReadonlyArray<{ date: LocalDate; name: string }> = [
  { date: '2024-04-10', name: 'Idd-ul-Fitr' },
  { date: '2025-03-31', name: 'Idd-ul-Fitr' },
  { date: '2026-03-20', name: 'Idd-ul-Fitr' },
];

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The public holidays of a year, with a Sunday's holiday moved to the next free weekday. */
export function publicHolidays(year: number): Map<LocalDate, string> {
  const easter = easterSunday(year);
  const declared: Array<[LocalDate, string]> = [
    ...fixed.map((h): [LocalDate, string] => [`${year}-${h.monthDay}`, h.name]),
    [addDays(easter, -2), 'Good Friday'],
    [addDays(easter, 1), 'Easter Monday'],
    ...gazetted.filter((g) => g.date.startsWith(`${year}-`)).map((g): [LocalDate, string] => [g.date, g.name]),
  ];
  const days = new Map(declared);
  for (const [date, name] of [...declared].sort(([a], [b]) => a.localeCompare(b))) {
    if (new Date(`${date}T00:00:00Z`).getUTCDay() !== 0) continue;
    let observed = addDays(date, 1);
    while (days.has(observed)) observed = addDays(observed, 1);
    days.set(observed, `${name} (observed)`);
  }
  return days;
}

const byYear = new Map<number, Map<LocalDate, string>>();

export const workingCalendar: BusinessCalendar = {
  zone: 'Africa/Nairobi',
  week: [
    null,
    { opens: '08:00', closes: '17:00' },
    { opens: '08:00', closes: '17:00' },
    { opens: '08:00', closes: '17:00' },
    { opens: '08:00', closes: '17:00' },
    { opens: '08:00', closes: '17:00' },
    null,
  ],
  isHoliday(date: LocalDate): boolean {
    const year = Number(date.slice(0, 4));
    let days = byYear.get(year);
    if (!days) byYear.set(year, (days = publicHolidays(year)));
    return days.has(date);
  },
};
