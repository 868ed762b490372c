import { OneStatement, type Relation } from '../../platform/db/statement.ts';
import type { Platform } from '../../platform/module.ts';
import { Draws, seasonOf, runGenerated } from '../../platform/scale/draw-store.ts';
import { dayIndex, keyed, scaleDays, scaleMonths, target, type ScalePlan } from '../../platform/scale/plan.ts';
import { scaleStaff, stationsIn } from '../../platform/scale/staff-store.ts';
import { addDays } from '../../platform/time/index.ts';
import { caseScale } from '../cases/index.ts';
import { custodyIn } from './scale-custody-store.ts';
import { entryFields, insertEntries, insertPersonsAndCounters, insertReleases } from './scale-entry-store.ts';
import { numberedEvents, type ObScale, type ObWindow } from './scale-plan-store.ts';
import { ARREST_SHARE } from './scale-texts.ts';

/*
 * The Occurrence Book of a generated history: every station's book, day after day, numbered without gaps, with
 * arrests and their releases, the custody clock and its breaches, and the commander's daily close (now and then
 * missed). Written a month at a time, two halves of the stations side by side.
 *
 * Left out: the national log's Merkle tree. Its leaves, tiles and signed checkpoints are built by the log's
 * integrator one batch at a time under one lock, each step signed; ten million leaves would take it hours, so
 * generated entries are not queued for it (`sauti ob audit` reports them as neither logged nor queued, and the
 * slip check shows no inclusion proof). Each entry's leaf bytes are there all the same. Also left out: amendments,
 * body-camera footage (no files), and an audit row per entry.
 */

/** Busier on Friday and Saturday nights, quieter on Sunday. */
const WEEKDAY = [0.92, 0.98, 0.97, 0.97, 1.0, 1.1, 1.16];
const CLOSED = 0.97;

/** How busy each station's book is: posts and traffic bases keep thinner books. */
function activityOf(plan: ScalePlan, kind: string, id: string): number {
  const base = kind === 'post' ? 0.45 : kind === 'traffic_base' ? 0.6 : 1;
  return base * (0.5 + keyed(plan.seed, `ob:${id}`));
}

/**
 * The desk's entries per station-day that make the target: the desk's own, a release for nearly every arrest, and a
 * close of each day that had entries (found by halving the interval: days with few entries are often empty).
 */
function perDay(total: number, activity: readonly number[], season: readonly number[]): number {
  const expected = (lambda: number) => {
    let sum = 0;
    for (const a of activity)
      for (const s of season) {
        const x = lambda * a * s;
        sum += x * (1 + ARREST_SHARE * 0.99) + CLOSED * Math.min(1, x);
      }
    return sum;
  };
  let lo = 0;
  let hi = 200;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (expected(mid) < total) lo = mid;
    else hi = mid;
  }
  return lo;
}

export async function obScale(platform: Platform, plan: ScalePlan): Promise<ObScale> {
  const zone = platform.config.jurisdiction.timeZone;
  const days = scaleDays(plan, zone);
  const { stations } = await scaleStaff(platform.db.pool);
  const activity = stations.map((s) => activityOf(plan, s.kind, s.id));
  const lastStart = days.start.getTime() + (days.count - 1) * 86_400_000;
  const passed = Math.min(1, Math.max(0, (plan.end.getTime() - lastStart) / 86_400_000));
  const season = seasonOf(days).map((s, i) => {
    const weekday = WEEKDAY[new Date(`${addDays(days.first, i)}T00:00:00Z`).getUTCDay()]!;
    return s * weekday * (i === days.count - 1 ? passed : 1);
  });
  return {
    plan,
    days,
    zone,
    stations,
    activity,
    season,
    perDay: perDay(target(plan, 'obEntries'), activity, season),
    cases: await caseScale(platform, plan),
  };
}

/** One month of one half of the stations' books, in one statement. */
async function writeMonth(platform: Platform, scale: ObScale, w: ObWindow): Promise<void> {
  const statement = new OneStatement();
  const d = new Draws(scale.plan, scale.days, (v) => statement.param(v));
  const numbered = numberedEvents(statement, scale, d, w);
  const fields = entryFields(statement, d, stationsIn(statement, scale.stations), numbered);
  const inserted = insertEntries(statement, fields);
  const released = insertReleases(statement, fields, inserted);
  insertPersonsAndCounters(statement, fields, inserted);
  custodyIn(statement, scale, d, fields, inserted);
  const done = statement.with<'n'>(
    'ob_month_done',
    `select (select count(*) from ${inserted})::int + (select count(*) from ${released})::int as n`,
  );
  await runGenerated(platform.db.pool, statement, done);
}

/** The OB hook: every station's book over the history, month by month. */
export async function scaleOb(platform: Platform, plan: ScalePlan): Promise<void> {
  const scale = await obScale(platform, plan);
  if (scale.stations.length === 0) return;
  const months = scaleMonths(scale.days).map((month) => ({
    month,
    first: Math.max(0, dayIndex(scale.days, `${month}-01`)),
    last: Math.min(scale.days.count, dayIndex(scale.days, addDays(`${month}-28`, 4).slice(0, 7) + '-01')),
  }));
  const half = async (h: 0 | 1) => {
    for (const m of months) {
      await writeMonth(platform, scale, { first: m.first, last: m.last, half: h });
      platform.log.info({ month: m.month, half: h }, 'scale: ob');
    }
  };
  await Promise.all([half(0), half(1)]);
}

/** Generated entries a document may be asked for: of these kinds, ids in [from, to), with the person they name. */
export type ScaleEntryColumn = 'id' | 'station_id' | 'kind' | 'recorded_at' | 'person';

export function entriesForDocumentsIn(
  statement: OneStatement,
  kinds: readonly string[],
  ids: [string, string],
): Relation<ScaleEntryColumn> {
  return statement.with<ScaleEntryColumn>(
    'ob_entries_for_documents',
    `select e.id, e.station_id, e.kind, e.recorded_at,
       (select p.name from ob_entry_persons p where p.entry_id = e.id and p.ord = 0) as person
     from ob_entries e
     where e.kind = any(${statement.param(kinds)}::text[]) and e.amends is null
       and e.id >= ${statement.param(ids[0])}::bigint and e.id < ${statement.param(ids[1])}::bigint`,
  );
}

/** The span of entry ids (end exclusive), or undefined when the book is empty. */
export async function entryIdSpan(platform: Platform): Promise<[string, string] | undefined> {
  const { rows } = await platform.db.pool.query<{ first: string | null; last: string | null }>(
    'select min(id)::text as first, (max(id) + 1)::text as last from ob_entries',
  );
  const r = rows[0];
  return r?.first && r.last ? [r.first, r.last] : undefined;
}
