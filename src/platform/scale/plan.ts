import { addDays, DAY_MS, localDate, startOfLocalDay, type LocalDate } from '../time/index.ts';

/**
 * A generated history (`sauti demo --scale`): how big, how long, up to when, and the seed every
 * pseudo-random draw is made from (the same plan on an empty database gives the same rows).
 */
export interface ScalePlan {
  /** 1 is national scale; 0.01 a hundredth of it. */
  factor: number;
  /** How many years of history end at `end`. */
  years: number;
  /** The history's last moment: the platform clock's, when the generator started. */
  end: Date;
  seed: number;
}

/** What a national deployment holds after three years, the figures every count is scaled from. */
export const nationalTargets = {
  cases: 1_000_000,
  obEntries: 10_000_000,
  fines: 2_000_000,
  stations: 1_250,
} as const;

export type ScaleTarget = keyof typeof nationalTargets;

export const DEFAULT_SEED = 20_260_301;
export const DEFAULT_YEARS = 3;

/** The plan for `factor` of national scale, ending at the platform clock's moment `end`. */
export function scalePlan(factor: number, end: Date, seed = DEFAULT_SEED, years = DEFAULT_YEARS): ScalePlan {
  if (!(factor > 0 && factor <= 1)) throw new RangeError('scale: the factor is above 0 and at most 1');
  if (!Number.isInteger(seed) || seed < 0 || seed > 1_000_000_000) throw new RangeError('scale: a whole seed');
  return { factor, years, end, seed };
}

/** `national` is 1; a number above 0 and at most 1 (`0.01`) a share of it; anything else undefined. */
export function parseScale(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === 'national') return 1;
  if (!/^\d*\.?\d+(e-\d+)?$/i.test(text)) return undefined;
  const factor = Number(text);
  return factor > 0 && factor <= 1 ? factor : undefined;
}

/** A national figure scaled by the plan (at least `min`). */
export function scaled(plan: ScalePlan, national: number, min = 1): number {
  return Math.max(min, Math.round(national * plan.factor));
}

/** One of the national targets, scaled by the plan. */
export function target(plan: ScalePlan, what: ScaleTarget): number {
  return scaled(plan, nationalTargets[what]);
}

/** The history's days in the zone: the first (the same date `years` earlier) up to the end's own day. */
export interface ScaleDays {
  first: LocalDate;
  last: LocalDate;
  /** How many days, the last (partly past at `end`) included. */
  count: number;
  /** The first day's midnight in the zone: every generated moment lies from here to the end. */
  start: Date;
}

export function scaleDays(plan: ScalePlan, zone: string): ScaleDays {
  const last = localDate(plan.end, zone);
  const year = Number(last.slice(0, 4)) - plan.years;
  // 29 February has no twin in most years: the day after stands in
  const twin = `${String(year).padStart(4, '0')}${last.slice(4)}`;
  const first = localDate(new Date(`${twin}T12:00:00Z`), 'UTC') === twin ? twin : addDays(`${year}-02-28`, 1);
  const start = startOfLocalDay(first, zone);
  const count = Math.round((startOfLocalDay(last, zone).getTime() - start.getTime()) / DAY_MS) + 1;
  return { first, last, count, start };
}

/** The calendar months of the history ("YYYY-MM"), oldest first: big tables are written a month at a time. */
export function scaleMonths(days: ScaleDays): string[] {
  const months: string[] = [];
  for (let m = days.first.slice(0, 7); m <= days.last.slice(0, 7);) {
    months.push(m);
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  return months;
}

/** The day number (0 = the first day) of a local date within the history. */
export function dayIndex(days: ScaleDays, date: LocalDate): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${days.first}T00:00:00Z`)) / DAY_MS);
}

/**
 * Runs `write(from, to)` over rows 0..count-1 in batches of `size` (to exclusive), `width` batches at a time (two
 * keep both of a small server's cores busy), in order of `from` as far as the width allows.
 */
export async function inBatches(
  count: number,
  size: number,
  write: (from: number, to: number) => Promise<void>,
  width = 2,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + size);
      await write(from, next);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, width) }, worker));
}

/** Runs the tasks `width` at a time, in order as far as the width allows. */
export async function inTurn(tasks: ReadonlyArray<() => Promise<void>>, width = 2): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.max(1, width) }, worker));
}

/** A number in [0, 1) that only the seed and the key give (how busy a station is, of two alike). */
export function keyed(seed: number, key: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return ((h ^ (h >>> 15)) >>> 0) / 4294967296;
}
