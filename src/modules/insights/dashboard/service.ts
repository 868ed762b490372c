import type { StaffActor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import type { Translate } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { formatDate, formatMonth } from '../../../platform/time/index.ts';
import { dashboardScopeOf, mayReadDashboard, type DashboardScope } from '../permissions.ts';
import { latestRefresh } from '../refresh/store.ts';
import type { RefreshRow } from '../refresh/store.ts';
import { BRIBERY, briberySection, casesSection } from './cases-section.ts';
import { filterQuery, readFilter, type DashboardFilter, type FilterQuery } from './filters.ts';
import { engageSection, finesSection, obSection } from './operations-section.ts';
import { finesBy, obBy } from './operations-store.ts';
import { unitSections, type SectionBuilder, type SectionContext, type SectionName } from './section.ts';
import { casesBy, stationCounty, stationsOfCounty } from './store.ts';
import type { DataTable } from './table.ts';

const builders: Record<SectionName, SectionBuilder> = {
  cases: casesSection,
  bribery: briberySection,
  engage: engageSection,
  ob: obSection,
  fines: finesSection,
};

export interface Dashboard {
  section: SectionName;
  sections: readonly SectionName[];
  scope: DashboardScope;
  filter: DashboardFilter;
  tables: DataTable[];
  /** Each county's figure for the map (null: none), and what it counts (an i18n key). */
  map?: { values: Map<string, number | null>; label: string } | undefined;
  countyNames: Map<string, string>;
  /** Stations of the chosen county, for the filter. */
  stations: Array<{ id: string; name: string }>;
  units: readonly string[];
  refresh: RefreshRow | undefined;
  /** The filter as a query string. */
  query: string;
}

/** The figure each county is coloured by, per section (engage is national: no map). */
async function mapValues(ctx: SectionContext, section: SectionName, f: DashboardFilter) {
  // a commander's or a unit's view keeps its own county and unit; the IG's office sees every county
  const all = ctx.scope.kind === 'national' ? { ...f, county: undefined, station: undefined } : f;
  const pick = async (): Promise<[Array<{ key: string | null; value: number }>, string] | undefined> => {
    if (section === 'cases')
      return [
        (await casesBy(ctx.db, all, 'county_code')).map((r) => ({ key: r.key, value: r.cases })),
        'insights.map.cases',
      ];
    if (section === 'bribery')
      return [
        (await casesBy(ctx.db, all, 'county_code', BRIBERY)).map((r) => ({ key: r.key, value: r.cases })),
        'insights.map.bribery',
      ];
    if (section === 'ob')
      return [
        (await obBy(ctx.db, all)).map((r) => ({ key: r.key, value: r.custody_breaches })),
        'insights.map.custody',
      ];
    if (section === 'fines')
      return [
        (await finesBy(ctx.db, all)).map((r) => ({ key: r.key, value: r.collected_cents / 100 })),
        'insights.map.collected',
      ];
    return undefined;
  };
  const picked = await pick();
  if (!picked) return undefined;
  const values = new Map<string, number | null>();
  for (const r of picked[0]) if (r.key) values.set(r.key, r.value);
  return { values, label: picked[1] };
}

/** One section of the dashboard, filtered and narrowed to what the viewer may see. */
export async function dashboardSection(
  platform: Platform,
  actor: StaffActor,
  section: SectionName,
  query: FilterQuery,
  t: Translate,
  locale: string,
): Promise<Dashboard> {
  requireStaff(actor, mayReadDashboard);
  const scope = dashboardScopeOf(actor)!;
  const sections = scope.kind === 'unit' ? unitSections : (Object.keys(builders) as SectionName[]);
  if (!sections.includes(section)) throw new NotFound();
  const { db, config, clock } = platform;
  const zone = config.jurisdiction.timeZone;
  const now = clock.now();
  const places = {
    counties: new Set(config.jurisdiction.counties.map((c) => c.code)),
    units: new Set(config.jurisdiction.units.map((u) => u.code)),
    stationCounty: (id: string) => stationCounty(db.pool, id),
  };
  const filter = await readFilter(query, scope, places, now, zone);
  const countyNames = new Map(config.jurisdiction.counties.map((c) => [c.code, c.name]));
  const ctx: SectionContext = {
    db: db.pool,
    t,
    zone,
    now,
    scope,
    countyNames,
    stationNames: new Map(),
    link: (change) => `/staff/insights/${section}?${filterQuery({ ...filter, ...change })}`,
    formatDate: (at) => formatDate(locale, at, zone),
    formatMonth: (month) => formatMonth(locale, month),
  };
  const [tables, map, stations, refresh] = await Promise.all([
    builders[section](ctx, filter),
    mapValues(ctx, section, filter),
    filter.county ? stationsOfCounty(db.pool, filter.county) : Promise.resolve([]),
    latestRefresh(db.pool),
  ]);
  return {
    section,
    sections,
    scope,
    filter,
    tables,
    map,
    countyNames,
    stations,
    units: config.jurisdiction.units.map((u) => u.code),
    refresh,
    query: filterQuery(filter),
  };
}
