import { Problems } from '../../../platform/http/errors.ts';
import { addMonths, localMonth } from '../../../platform/time/index.ts';
import type { DashboardScope } from '../permissions.ts';

/** What the dashboard is filtered to: a period of whole months, and optionally a county, a station, a unit. */
export interface DashboardFilter {
  /** First and last month, "YYYY-MM", inclusive. */
  from: string;
  to: string;
  county?: string | undefined;
  station?: string | undefined;
  unit?: string | undefined;
}

export interface FilterQuery {
  from?: string | undefined;
  to?: string | undefined;
  county?: string | undefined;
  station?: string | undefined;
  unit?: string | undefined;
}

/** What the filters may name: the known counties, units and (from the database) stations with their county. */
export interface Places {
  counties: ReadonlySet<string>;
  units: ReadonlySet<string>;
  stationCounty(id: string): Promise<string | undefined>;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The default period: the last twelve months, this one included. */
export const DEFAULT_MONTHS = 12;
/** The longest period one view adds up (the rollups hold three years). */
export const MAX_MONTHS = 60;

const given = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

/**
 * Reads the filters (a bad one is a 400 naming its field) and narrows them to what the viewer may see: a
 * commander's county and an investigator's unit are fixed whatever the query says.
 */
export async function readFilter(
  query: FilterQuery,
  scope: DashboardScope,
  places: Places,
  now: Date,
  zone: string,
): Promise<DashboardFilter> {
  const problems = new Problems();
  const thisMonth = localMonth(now, zone);
  const to = given(query.to) ?? thisMonth;
  const from = given(query.from) ?? addMonths(to, 1 - DEFAULT_MONTHS);
  if (!MONTH.test(from)) problems.add('from', 'insights.error.month');
  if (!MONTH.test(to)) problems.add('to', 'insights.error.month');
  else if (MONTH.test(from) && from > to) problems.add('to', 'insights.error.period');
  else if (MONTH.test(from) && addMonths(from, MAX_MONTHS) <= to)
    problems.add('from', 'insights.error.tooLong', { months: MAX_MONTHS });
  let county = given(query.county);
  let station = given(query.station);
  let unit = given(query.unit);
  if (county !== undefined && !places.counties.has(county)) problems.add('county', 'insights.error.county');
  if (unit !== undefined && !places.units.has(unit)) problems.add('unit', 'insights.error.unit');
  if (station !== undefined) {
    const stationCounty = await places.stationCounty(station);
    if (!stationCounty) problems.add('station', 'insights.error.station');
    else if (county !== undefined && county !== stationCounty) problems.add('station', 'insights.error.stationCounty');
    else county = stationCounty;
  }
  problems.throwIfAny();
  if (scope.kind === 'county') {
    const own = await places.stationCounty(scope.stationId);
    if (county !== own) station = undefined;
    county = own;
  }
  if (scope.kind === 'unit') unit = scope.unitCode;
  return { from, to, county, station, unit };
}

/** The filter as a query string (for links that keep it, and the CSV links). */
export function filterQuery(filter: DashboardFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.county) params.set('county', filter.county);
  if (filter.station) params.set('station', filter.station);
  if (filter.unit) params.set('unit', filter.unit);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}
