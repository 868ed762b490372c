import type { OneStatement, Relation } from '../../platform/db/statement.ts';
import type { Draws } from '../../platform/scale/draw-store.ts';
import type { ScaleDays, ScalePlan } from '../../platform/scale/plan.ts';
import type { ScaleStation } from '../../platform/scale/staff-store.ts';
import type { CaseScale } from '../cases/index.ts';
import { DESK_KIND_MIX, deskKinds } from './scale-texts.ts';

/*
 * Which entries a generated month of a station's book holds, numbered as the desk would have numbered them: the
 * desk's entries through each day, the release of each arrest (most within the 24 hours, some late, a few never
 * recorded), and the commander's close of the day before (missed now and then). A day's numbers depend on the
 * days before it (a release falls on a later day; a close counts the day it closes), so each month is planned
 * from five days before it, and only its own days are written.
 */

/** What a generated book needs: how busy each station and day is, and how many entries a station's day has. */
export interface ObScale {
  plan: ScalePlan;
  days: ScaleDays;
  zone: string;
  stations: ScaleStation[];
  /** Each station's activity (1-based, as the statement's arrays) and each day's (season, weekday, growth). */
  activity: number[];
  season: number[];
  /** The desk's entries on a station's day at activity 1. */
  perDay: number;
  cases: CaseScale;
}

/** A month of one half of the stations: its first day and the day after its last (day numbers of the history). */
export interface ObWindow {
  first: number;
  last: number;
  /** Stations 1, 3, 5 … (0) or 2, 4, 6 … (1): two halves written side by side. */
  half: 0 | 1;
}

/** A release is recorded at most this many days after its arrest's day; a close counts the day before. */
const LOOKBACK_DAYS = 5;

export type ObEventColumn = 'si' | 'd' | 'day' | 'key' | 'kind' | 't' | 'arrest_key' | 'arrested_at';

/** Station-days of the window (and the five before), with how many desk entries each has and whether its close was missed. */
function stationDays(statement: OneStatement, scale: ObScale, d: Draws, w: ObWindow) {
  const p = (v: unknown) => statement.param(v);
  return statement.with<string>(
    'ob_station_days',
    `select x.*, greatest(0, floor(${p(scale.perDay)}::float8 * (${p(scale.activity)}::float8[])[x.si]
                   * (${p(scale.season)}::float8[])[x.d + 1] + ${d.u('x.sdk', 1)}))::int as n_base,
       ${d.chance('x.sdk', 2, 0.03)} as missed
     from (select si, d, si::bigint * 10000 + d + 10 as sdk, ${p(scale.days.first)}::date + d as day,
             ${d.start()} + d * interval '1 day' as day_start
           from generate_series(${1 + w.half}, ${scale.stations.length}, 2) si,
                generate_series(${Math.max(0, w.first - LOOKBACK_DAYS)}, ${w.last - 1}) d) x offset 0`,
  );
}

/** The desk's entries: kind and time of each, spread through the day after the night's close. */
function deskSlots(statement: OneStatement, d: Draws, days: Relation<string>) {
  const end = d.end();
  return statement.with<string>(
    'ob_desk_slots',
    `select y.* from (
       select s.si, s.d, s.day, s.sdk * 100 + k as key, ${d.pick(deskKinds, DESK_KIND_MIX, 's.sdk * 100 + k', 4)} as kind,
         date_trunc('milliseconds', s.day_start + interval '30 minutes'
           + least(interval '1410 minutes', ${end} - s.day_start - interval '30 minutes')
             * ((k - 1 + ${d.u('s.sdk * 100 + k', 3)}) / s.n_base)) as t
       from ${days} s, generate_series(1, s.n_base) k offset 0) y
     where y.t < ${end}`,
  );
}

/** Each arrest's time and, when recorded, its release: most within hours, some after the 24 hours, a few never. */
function releases(statement: OneStatement, d: Draws, slots: Relation<string>) {
  return statement.with<string>(
    'ob_arrests',
    `select y.*, case when u_release < 0.95 then y.arrested_at + (2 + 21.5 * u_hours) * interval '1 hour'
                      when u_release < 0.995 then y.arrested_at + (25 + 47 * u_hours) * interval '1 hour' end as release_plan
     from (select s.si, s.d, s.key, date_trunc('milliseconds', s.t - (5 + 35 * ${d.u('s.key', 5)}) * interval '1 minute') as arrested_at,
             ${d.u('s.key', 6)} as u_release, ${d.u('s.key', 7)} as u_hours
           from ${slots} s where s.kind = 'arrest' offset 0) y`,
  );
}

/** The desk's entries and the releases, from two days before the month (their counts make the closes). */
function events(
  statement: OneStatement,
  scale: ObScale,
  d: Draws,
  w: ObWindow,
  slots: Relation<string>,
  arrests: Relation<string>,
) {
  const rel = `date_trunc('milliseconds', a.release_plan)`;
  return statement.with<ObEventColumn>(
    'ob_events',
    `select si, d, day, key, kind, t, null::bigint as arrest_key, null::timestamptz as arrested_at
     from ${slots} where d >= ${w.first - 2}
     union all
     select r.si, r.d, ${statement.param(scale.days.first)}::date + r.d, r.key, 'release', r.t, r.arrest_key, r.arrested_at
     from (select a.si, floor(extract(epoch from ${rel} - ${d.start()}) / 86400)::int as d,
             a.key + 1000000000000000 as key, ${rel} as t, a.key as arrest_key, a.arrested_at
           from ${arrests} a where a.release_plan < ${d.end()} offset 0) r
     where r.d >= ${w.first - 2} and r.d < ${w.last}`,
  );
}

/**
 * Each station-day from two days before the month: its entries other than a close, whether the commander closed
 * the day before on it (that day had entries, the close was not missed, and it was past its time by the end),
 * and how many entries that day before had all told (what its close says).
 */
function dayCounts(
  statement: OneStatement,
  d: Draws,
  w: ObWindow,
  days: Relation<string>,
  all: Relation<ObEventColumn>,
) {
  return statement.with<string>(
    'ob_day_counts',
    `select y.*, lag(y.noncount + y.closes::int) over (partition by y.si order by y.d) as prev_count
     from (select g.si, g.d, g.sdk, g.day, g.day_start, coalesce(c.n, 0) as noncount,
             coalesce(lag(coalesce(c.n, 0)) over (partition by g.si order by g.d) > 0, false) and not g.missed
               and g.day_start + interval '30 minutes' <= ${d.end()} as closes
           from ${days} g left join (select si, d, count(*)::int as n from ${all} group by si, d) c on c.si = g.si and c.d = g.d
           where g.d >= ${w.first - 2}) y`,
  );
}

/** The commander's close of the day before, early in the night, for the month's days that have one. */
function closes(statement: OneStatement, d: Draws, w: ObWindow, counts: Relation<string>) {
  return statement.with<string>(
    'ob_closes',
    `select c.si, c.d, c.day, c.sdk * 100 as key, 'day_close'::text as kind,
       date_trunc('milliseconds', c.day_start + (5 + 20 * ${d.u('c.sdk', 8)}) * interval '1 minute') as t,
       c.prev_count, c.day - 1 as closed_day
     from ${counts} c where c.closes and c.d >= ${w.first} and c.prev_count > 0`,
  );
}

/** The month's entries in each station's book, numbered from 1 each day in the order they were recorded. */
export function numberedEvents(statement: OneStatement, scale: ObScale, d: Draws, w: ObWindow): Relation<string> {
  const days = stationDays(statement, scale, d, w);
  const slots = deskSlots(statement, d, days);
  const arrests = releases(statement, d, slots);
  const all = events(statement, scale, d, w, slots, arrests);
  const closed = closes(statement, d, w, dayCounts(statement, d, w, days, all));
  return statement.with<string>(
    'ob_numbered',
    `select x.si, x.d, x.day, x.key, x.kind, x.t, x.arrest_key, coalesce(x.arrested_at, a.arrested_at) as arrested_at,
       x.prev_count, x.closed_day, row_number() over (partition by x.si, x.d order by x.t, x.key)::int as number,
       a.release_plan as released_at_plan
     from (select si, d, day, key, kind, t, arrest_key, arrested_at, null::int as prev_count, null::date as closed_day
           from ${all} where d >= ${w.first}
           union all
           select si, d, day, key, kind, t, null, null, prev_count, closed_day from ${closed}) x
     left join ${arrests} a on a.key = x.key`,
  );
}
