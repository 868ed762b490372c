import { misconductCategories } from '../../jurisdiction/kenya/index.ts';
import { workingCalendar } from '../../jurisdiction/kenya/calendar.ts';
import type { Draws, Param } from '../../platform/scale/draw-store.ts';
import { addDays, instantAt, type LocalDate } from '../../platform/time/index.ts';
import { caseOutcomes } from './service.ts';

/*
 * The case clocks of a generated history, in SQL: working time counted on the public service's calendar
 * (jurisdiction/kenya/calendar.ts) through the working days' opening times and running totals, so that a
 * million cases get their due times in a few index-free binary searches each (width_bucket), the same instants
 * addWorkingTime gives.
 */

const HOUR_MS = 3_600_000;

/** Every working day from `from` to `to`: when it opens (epoch ms), how long it is, and the working time up to its close. */
export interface WorkingDays {
  opens: number[];
  lengths: number[];
  ends: number[];
}

export function workingDays(from: LocalDate, to: LocalDate): WorkingDays {
  const days: WorkingDays = { opens: [], lengths: [], ends: [] };
  let total = 0;
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const hours = workingCalendar.week[new Date(`${date}T00:00:00Z`).getUTCDay()];
    if (!hours || workingCalendar.isHoliday(date)) continue;
    const opens = instantAt(date, hours.opens, workingCalendar.zone).getTime();
    const length = instantAt(date, hours.closes, workingCalendar.zone).getTime() - opens;
    total += length;
    days.opens.push(opens);
    days.lengths.push(length);
    days.ends.push(total);
  }
  return days;
}

/** Working time as SQL: a moment's position on the working clock (ms), and the moment at a position. */
export class WorkingTime {
  private readonly opens: string;
  private readonly lengths: string;
  private readonly ends: string;

  constructor(param: Param, days: WorkingDays) {
    this.opens = `(${param(days.opens)}::bigint[])`;
    this.lengths = `(${param(days.lengths)}::bigint[])`;
    this.ends = `(${param(days.ends)}::bigint[])`;
  }

  /** Working milliseconds from the first day's opening to `t` (a time outside working hours stands at the last close). */
  position(t: string): string {
    const ms = `(extract(epoch from ${t}) * 1000)::bigint`;
    const i = `greatest(1, width_bucket(${ms}, ${this.opens}))`;
    return `(${this.ends}[${i}] - ${this.lengths}[${i}] + least(greatest(${ms} - ${this.opens}[${i}], 0), ${this.lengths}[${i}]))`;
  }

  /** The moment the working clock reads `w` (a clock that runs out exactly at a closing is due then). */
  instant(w: string): string {
    const j = `(width_bucket((${w})::bigint - 1, ${this.ends}) + 1)`;
    return `(timestamptz 'epoch' + (${this.opens}[${j}] + (${w})::bigint - (${this.ends}[${j}] - ${this.lengths}[${j}])) * interval '1 millisecond')`;
  }

  /** `hours` after `t`, whose position is `w`: on this clock when `working`, else round the clock. */
  after(t: string, w: string, hours: string, working: string): string {
    return `(case when ${working} then ${this.instant(`${w} + round((${hours}) * ${HOUR_MS})`)} else date_trunc('milliseconds', ${t} + (${hours}) * interval '1 hour') end)`;
  }
}

/** A category's column, as a CASE over the categories (the jurisdiction's routing and clocks). */
export function byCategory(column: string, value: (c: (typeof misconductCategories)[number]) => string): string {
  return `(case ${column} ${misconductCategories.map((c) => `when '${c.code}' then ${value(c)}`).join(' ')} end)`;
}

const sqlTextArray = (values: readonly string[]) =>
  values.length ? `array[${values.map((v) => `'${v}'`).join(', ')}]::text[]` : `'{}'::text[]`;

/** The routing and first-response clock a category gives a case (an urgent question's own clock instead). */
export function routingColumns(category: string, urgentHours: string): string {
  return [
    `${byCategory(category, (c) => `'${c.unit}'`)} as unit_code`,
    `${byCategory(category, (c) => sqlTextArray(c.informed))} as informed_units`,
    `${byCategory(category, (c) => String(c.oversight))} as oversight`,
    `coalesce(${urgentHours}, ${byCategory(category, (c) => String(c.clocks.firstResponse.hours))}) as fr_hours`,
    `(${urgentHours} is null and ${byCategory(category, (c) => String(c.clocks.firstResponse.calendar === 'working'))}) as fr_working`,
    `${urgentHours} is null as public_clocks`,
  ].join(',\n       ');
}

/** The case's `clocks` column as the cases module writes it. */
export const clocksJson = `jsonb_build_object('firstResponse', jsonb_build_object('hours', fr_hours,
    'calendar', case when fr_working then 'working' else 'continuous' end))
  || case when public_clocks then jsonb_build_object('update', jsonb_build_object('hours', 45, 'calendar', 'working'),
    'resolution', jsonb_build_object('hours', 540, 'calendar', 'working')) else '{}'::jsonb end`;

/** Outcomes of closed cases: harm to a person is more often substantiated or referred than a complaint about money. */
const outcomes = caseOutcomes;
const OUTCOMES_GENERAL = [20, 5, 42, 13, 13, 7];
const OUTCOMES_GRAVE = [22, 18, 26, 22, 8, 4];

/** Draws of each case's course: how late its first response and resolution were, where an open case stands. */
export function courseDraws(d: Draws, key: string): string {
  return [
    `case when ${d.u(key, 100)} < 0.8 then 0.05 + 0.95 * ${d.u(key, 101)} else 1 + 2.5 * ${d.u(key, 101)} end as fr_share`,
    `case when ${d.u(key, 102)} < 0.68 then 0.12 + 0.88 * ${d.u(key, 103)}
          when ${d.u(key, 102)} < 0.97 then 1 + 1.3 * ${d.u(key, 103)} else 2.3 + 7 * ${d.u(key, 103)} end as res_share`,
    `${d.u(key, 104)} as u_status`,
    `${d.u(key, 105)} as u_update`,
    `${d.u(key, 106)} as u_assignee`,
    `${d.pick(outcomes, OUTCOMES_GENERAL, key, 107)} as outcome_general`,
    `${d.pick(outcomes, OUTCOMES_GRAVE, key, 108)} as outcome_grave`,
  ].join(',\n       ');
}

export const GRAVE_CATEGORIES = ['death_serious_injury', 'brutality', 'sexual_harassment_gbv'];

/** The update and resolution clocks, in working hours: every category has the same (misconduct.ts). */
export const UPDATE_HOURS = misconductCategories[0]!.clocks.update.hours;
export const RESOLUTION_HOURS = misconductCategories[0]!.clocks.resolution.hours;
/** The queue warns when a fifth of a clock is left (clocks.ts). */
export const WARN_SHARE = 0.2;
export { HOUR_MS };
