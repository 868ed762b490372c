import type { Queryable } from '../../../platform/db/database.ts';
import type { DashboardFilter } from './filters.ts';

// The dashboard's reads: rollups (insights_*) first; a published read model only where a rollup is too coarse
// (one station's response times, its officers' fines) and an index keeps it small.

/** A WHERE clause for the filter over a table's columns (those it lacks are not filtered). */
function where(
  f: DashboardFilter,
  columns: { month?: string; county?: string; station?: string; unit?: string },
  params: unknown[],
): string {
  const parts: string[] = [];
  const add = (sql: (n: number) => string, value: unknown) => parts.push(sql(params.push(value)));
  if (columns.month) {
    add((n) => `${columns.month} >= $${n}::date`, `${f.from}-01`);
    add((n) => `${columns.month} <= $${n}::date`, `${f.to}-01`);
  }
  if (columns.county && f.county) add((n) => `${columns.county} = $${n}`, f.county);
  if (columns.station && f.station) add((n) => `${columns.station} = $${n}`, f.station);
  if (columns.unit && f.unit) add((n) => `${columns.unit} = $${n}`, f.unit);
  return parts.length ? `where ${parts.join(' and ')}` : '';
}

export interface CaseCounts {
  key: string | null;
  cases: number;
  responded: number;
  responded_in_time: number;
  resolved: number;
  resolved_in_time: number;
  overdue_now: number;
}

const caseSums = `sum(cases)::int as cases, sum(responded)::int as responded,
  sum(responded_in_time)::int as responded_in_time, sum(resolved)::int as resolved,
  sum(resolved_in_time)::int as resolved_in_time, sum(overdue_now)::int as overdue_now`;

export type CaseDimension = 'category' | 'county_code' | 'station_id' | 'unit_code' | 'outcome' | 'month';

/**
 * In the slices, a dimension the rows are counted by is any value but '*' ("all"), a filtered one is its value,
 * and the rest are '*'.
 */
function sliceWhere(
  f: DashboardFilter,
  by: CaseDimension,
  params: unknown[],
  split: { category?: string | undefined } | 'unsplit',
): string {
  const parts = [`month >= $${params.push(`${f.from}-01`)}::date`, `month <= $${params.push(`${f.to}-01`)}::date`];
  const slice = (column: string, counted: boolean, value: string | undefined) =>
    parts.push(
      value !== undefined
        ? `${column} = $${params.push(value)}`
        : counted
          ? `${column} is distinct from '*'`
          : `${column} = '*'`,
    );
  slice('county_code', by === 'county_code', f.county);
  slice('unit_code', by === 'unit_code', f.unit);
  if (split !== 'unsplit') {
    slice('category', by === 'category', split.category);
    slice('outcome', by === 'outcome', undefined);
  }
  return `where ${parts.join(' and ')}`;
}

/** Cases counted by one dimension (the slices unless a station is chosen or stations are counted). */
export async function casesBy(
  db: Queryable,
  f: DashboardFilter,
  by: CaseDimension,
  category?: string,
): Promise<CaseCounts[]> {
  const params: unknown[] = [];
  const key = by === 'month' ? `to_char(month, 'YYYY-MM')` : by;
  if (by !== 'station_id' && f.station === undefined) {
    const { rows } = await db.query<CaseCounts>(
      `select ${key} as key, ${caseSums} from insights_case_slices ${sliceWhere(f, by, params, { category })}
       group by 1 order by 2 desc, 1`,
      params,
    );
    return rows;
  }
  let clause = where(f, { month: 'month', county: 'county_code', station: 'station_id', unit: 'unit_code' }, params);
  if (category) clause += `${clause ? ' and' : 'where'} category = $${params.push(category)}`;
  const { rows } = await db.query<CaseCounts>(
    `select ${key} as key, ${caseSums} from insights_cases ${clause} group by 1 order by 2 desc, 1`,
    params,
  );
  return rows;
}

/** Demands for money per station and the free document they were about (the bribery and extortion category). */
export async function briberyByStation(
  db: Queryable,
  f: DashboardFilter,
  category: string,
  limit: number,
): Promise<
  Array<{ station_id: string; name: string; county_code: string; cases: number; abstract: number; p3: number }>
> {
  const params: unknown[] = [category];
  const clause = where(
    f,
    { month: 'i.month', county: 'i.county_code', station: 'i.station_id', unit: 'i.unit_code' },
    params,
  );
  const { rows } = await db.query(
    `select i.station_id, s.name, s.county_code, sum(i.cases)::int as cases,
       (sum(i.cases) filter (where i.about_document = 'abstract'))::int as abstract,
       (sum(i.cases) filter (where i.about_document = 'p3'))::int as p3
     from insights_station_categories i join stations s on s.id = i.station_id
     ${clause ? `${clause} and` : 'where'} i.category = $1
     group by 1, 2, 3 order by 4 desc, 2 limit ${Number(limit)}`,
    params,
  );
  return rows as Array<{
    station_id: string;
    name: string;
    county_code: string;
    cases: number;
    abstract: number;
    p3: number;
  }>;
}

export interface DurationRow {
  key: string;
  response: number[] | null;
  resolution: number[] | null;
}

/** Response and resolution histograms by unit or county (the slices have no station: see `stationDurations`). */
export async function durationsBy(
  db: Queryable,
  f: DashboardFilter,
  by: 'unit_code' | 'county_code',
): Promise<DurationRow[]> {
  const params: unknown[] = [];
  const clause = sliceWhere(f, by, params, 'unsplit');
  const { rows } = await db.query<DurationRow>(
    `select ${by} as key, insights_sum_hist(response_hours) as response, insights_sum_hist(resolution_hours) as resolution
     from insights_duration_slices ${clause} group by 1 order by 1`,
    params,
  );
  return rows;
}

/** One station's response and resolution times by unit, in hours, from the cases' read model. */
export async function stationDurations(
  db: Queryable,
  f: DashboardFilter,
  zone: string,
): Promise<Array<{ key: string; response: number[]; resolution: number[] }>> {
  const params: unknown[] = [f.station, `${f.from}-01`, `${f.to}-01`, zone];
  const unit = f.unit ? `and unit_code = $${params.push(f.unit)}` : '';
  const { rows } = await db.query<{ key: string; response: number[] | null; resolution: number[] | null }>(
    `select unit_code as key,
       array_agg(extract(epoch from first_responded_at - opened_at) / 3600) filter (where first_responded_at is not null) as response,
       array_agg(extract(epoch from closed_at - opened_at) / 3600) filter (where closed_at is not null) as resolution
     from case_facts
     where station_id = $1 and date_trunc('month', opened_at at time zone $4)::date between $2::date and $3::date ${unit}
     group by 1 order by 1`,
    params,
  );
  return rows.map((r) => ({ key: r.key, response: r.response ?? [], resolution: r.resolution ?? [] }));
}

export async function repeatVehicles(
  db: Queryable,
  f: DashboardFilter,
): Promise<Array<{ plate: string; cases: number; stations: string[]; last_at: Date }>> {
  const params: unknown[] = [];
  let clause = '';
  if (f.station) clause = `where $${params.push(f.station)} = any(stations)`;
  else if (f.county)
    clause = `where exists (select 1 from stations s where s.id = any(v.stations) and s.county_code = $${params.push(f.county)})`;
  const { rows } = await db.query(
    `select plate, cases, stations, last_at from insights_repeat_vehicles v ${clause} order by cases desc, plate limit 20`,
    params,
  );
  return rows as Array<{ plate: string; cases: number; stations: string[]; last_at: Date }>;
}

export async function stationNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string }>('select id, name from stations where id = any($1)', [
    ids,
  ]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function stationCounty(db: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await db.query<{ county_code: string }>('select county_code from stations where id = $1', [id]);
  return rows[0]?.county_code;
}

export async function stationsOfCounty(db: Queryable, county: string): Promise<Array<{ id: string; name: string }>> {
  const { rows } = await db.query<{ id: string; name: string }>(
    'select id, name from stations where county_code = $1 order by name',
    [county],
  );
  return rows;
}

export { where as filterWhere };
