import type { Queryable } from '../../platform/db/database.ts';
import { OneStatement, type Relation } from '../../platform/db/statement.ts';
import type { Platform } from '../../platform/module.ts';
import { Draws, runGenerated } from '../../platform/scale/draw-store.ts';
import { inBatches, keyed, scaleDays, target, type ScalePlan } from '../../platform/scale/plan.ts';
import { scaleStaff, stationsIn, type ScaleStation } from '../../platform/scale/staff-store.ts';
import { addDays } from '../../platform/time/index.ts';
import { workingDays } from './scale-clocks-store.ts';
import { scaleCasesIn, type CaseScale, type ScaleCaseInputColumn } from './scale-course-store.ts';
import { scaleDirectives } from './scale-directives-store.ts';
import { bribeAmounts, complaintPlaces, complaintTexts, salamaTexts } from './scale-texts.ts';

/** Of the history's cases, the public's reports; custody alarms, withheld documents and urgent questions open the rest. */
const REPORT_SHARE = 0.97;
const BATCH = 50_000;

/** The station the demo's story is about: bribery for free documents at its desk. */
export const STORY_STATION = 'salama';
/** How much busier than an average station its desk is, and how much of what it hears is bribery. */
const STORY_WEIGHT = 3;

const categories = Object.keys(complaintTexts);
const GENERAL_MIX = [24, 14, 3, 13, 7, 8, 20, 11];
const STORY_MIX = [76, 4, 1, 5, 2, 3, 8, 1];

/** Everything a generated case's course needs, once per hook. */
export async function caseScale(platform: Platform, plan: ScalePlan): Promise<CaseScale> {
  const zone = platform.config.jurisdiction.timeZone;
  const days = scaleDays(plan, zone);
  const staff = await scaleStaff(platform.db.pool);
  // resolutions run past the end; a stuck case up to about two working years
  const working = workingDays(addDays(days.first, -7), addDays(days.last, 1200));
  return { plan, days, working, investigators: staff.investigators, zone };
}

/** How busy each station's desk is with complaints: posts less, traffic bases on the road, Salama most. */
export function complaintWeights(plan: ScalePlan, stations: readonly ScaleStation[]): number[] {
  return stations.map((s) => {
    const kind = s.kind === 'post' ? 0.5 : s.kind === 'traffic_base' ? 0.8 : 1;
    return s.id === STORY_STATION ? STORY_WEIGHT : kind * (0.55 + 0.9 * keyed(plan.seed, s.id));
  });
}

/**
 * Vehicles named in bribery complaints: two in five are one of the two plates a station's complaints keep naming
 * (insights' repeat vehicles); the rest are each named about once.
 */
function plateSql(d: Draws, n: string, si: string): string {
  const i = `(case when ${d.chance(n, 21, 0.4)} then ${si} * 2 + floor(2 * power(${d.u(n, 20)}, 2))::int
    else 100000 + ${n} end)::int`;
  return `'KC' || chr(65 + (${i}) % 26) || ' ' || lpad(((${i}) / 26 % 1000)::text, 3, '0') || chr(65 + (${i}) / 26000 % 26)`;
}

function complaintText(d: Draws, n: string, storyIndex: number): string {
  const arms = categories.map((c) => `when '${c}' then ${d.anyOf(complaintTexts[c]!, n, 14)}`);
  const template = `case when si = ${storyIndex} and category = 'bribery_extortion' then ${d.anyOf(salamaTexts, n, 15)}
    else case category ${arms.join(' ')} end end`;
  return `replace(replace(replace(${template}, '{place}', ${d.anyOf(complaintPlaces, n, 16)}),
    '{amount}', ${d.anyOf(bribeAmounts, n, 17)}), '{station}', station_name)`;
}

/** The public's complaints n in [from, to): where, when, about what, in the reporter's words. */
function reportCaseInput(
  statement: OneStatement,
  plan: ScalePlan,
  scale: CaseScale,
  stations: readonly ScaleStation[],
  range: [number, number],
): Relation<ScaleCaseInputColumn> {
  const d = new Draws(plan, scale.days, (v) => statement.param(v));
  const storyIndex = stations.findIndex((s) => s.id === STORY_STATION) + 1;
  const p = (v: unknown) => statement.param(v);
  const drawn = statement.with(
    'report_case_drawn',
    `select y.*, case when si = ${storyIndex} then ${d.pick(categories, STORY_MIX, 'y.n', 12)}
                      else ${d.pick(categories, GENERAL_MIX, 'y.n', 13)} end as category
     from (select g as n, ${d.pickIndex(complaintWeights(plan, stations), 'g', 11)} as si,
             ${d.moment('g', 30, { weekday: [0.8, 1.25, 1.1, 1.05, 1, 1, 0.8] })} as opened_at
           from generate_series(${p(range[0])}::bigint, ${p(range[1] - 1)}::bigint) g offset 0) y offset 0`,
  );
  const named = statement.with(
    'report_case_named',
    `select x.*, st.id as the_station, st.county_code, st.name as station_name
     from ${drawn} x join ${stationsIn(statement, stations)} st on st.si = x.si offset 0`,
  );
  return statement.with<ScaleCaseInputColumn>(
    'report_case_input',
    `select x.n as key, 'report'::text as source, x.category, x.county_code,
       case when ${d.chance('x.n', 18, 0.12)} and x.the_station <> '${STORY_STATION}' then null else x.the_station end as station_id,
       null::text as walled_station_id, x.opened_at, left(x.said, 120) as title, x.said as summary,
       replace(x.category, '_', ' ') || coalesce(' ' || x.plate, '') as search_terms, x.plate as vehicle_plate,
       null::int as urgent_hours, 'Sauti intake'::text as actor_label
     from (select z.*, ${complaintText(d, 'z.n', storyIndex)} as said,
             case when z.category = 'bribery_extortion' and si <> ${storyIndex} and ${d.chance('z.n', 19, 0.12)}
                  then ${plateSql(d, 'z.n', 'z.si')} end as plate
           from ${named} z offset 0) x offset 0`,
  );
}

/** The statement opening the public's complaints n in [from, to). */
export function reportCases(
  plan: ScalePlan,
  scale: CaseScale,
  stations: readonly ScaleStation[],
  range: [number, number],
): { statement: OneStatement; done: Relation<'n'> } {
  const statement = new OneStatement();
  const input = reportCaseInput(statement, plan, scale, stations, range);
  const opened = scaleCasesIn(statement, scale, input);
  return { statement, done: statement.with<'n'>('report_cases_done', `select count(*)::int as n from ${opened}`) };
}

/**
 * The cases hook: the public's complaints over the history (most of the target; the modules after it open the
 * rest from their own records), each with its course, then the IG's directives on some of them.
 */
export async function scaleCases(platform: Platform, plan: ScalePlan): Promise<void> {
  const scale = await caseScale(platform, plan);
  const { stations } = await scaleStaff(platform.db.pool);
  const count = Math.round(target(plan, 'cases') * REPORT_SHARE);
  await inBatches(count, BATCH, async (from, to) => {
    const { statement, done } = reportCases(plan, scale, stations, [from, to]);
    await runGenerated(platform.db.pool, statement, done);
    platform.log.info({ cases: to, of: count }, 'scale: cases');
  });
  await scaleDirectives(platform, plan, scale);
}

/** The generated cases of a source, by id: what their source module writes its own rows for. */
export type SourceCaseColumn = 'id' | 'category' | 'county_code' | 'station_id' | 'opened_at' | 'summary';

export function casesOfSourceIn(
  statement: OneStatement,
  source: string,
  ids: [string, string],
): Relation<SourceCaseColumn> {
  return statement.with<SourceCaseColumn>(
    'source_cases',
    `select id, category, county_code, station_id, opened_at, summary from cases
     where source = ${statement.param(source)} and id >= ${statement.param(ids[0])}::bigint and id < ${statement.param(ids[1])}::bigint`,
  );
}

/** The span of ids the source's cases take (end exclusive), or undefined when it has none. */
export async function caseIdSpan(db: Queryable, source: string): Promise<[string, string] | undefined> {
  const { rows } = await db.query<{ first: string | null; last: string | null }>(
    'select min(id)::text as first, (max(id) + 1)::text as last from cases where source = $1',
    [source],
  );
  const r = rows[0];
  return r?.first && r.last ? [r.first, r.last] : undefined;
}
