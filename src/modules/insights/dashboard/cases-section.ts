import type { Translate } from '../../../platform/i18n/index.ts';
import { percentileOf, bucketOf, histogramLength } from '../durations.ts';
import type { DashboardFilter } from './filters.ts';
import {
  briberyByStation,
  casesBy,
  durationsBy,
  repeatVehicles,
  stationDurations,
  stationNames,
  type CaseCounts,
} from './store.ts';
import { count, hours, ratio, share, text, type Cell, type DataTable } from './table.ts';
import type { SectionContext } from './section.ts';

/** The category whose reports are demands for money. */
export const BRIBERY = 'bribery_extortion';

const caseColumns = [
  count('cases', 'insights.col.cases'),
  count('closed', 'insights.col.closed'),
  share('responded_in_time', 'insights.col.respondedInTime'),
  share('resolved_in_time', 'insights.col.resolvedInTime'),
  count('overdue_now', 'insights.col.overdueNow'),
];

const caseCells = (r: CaseCounts): Cell[] => [
  r.cases,
  r.resolved,
  ratio(r.responded_in_time, r.responded),
  ratio(r.resolved_in_time, r.resolved),
  r.overdue_now,
];

/** The name a row's code stands for: a county, a station, a unit, a category or an outcome. */
export function placeName(ctx: SectionContext, key: string | null): string {
  if (key === null) return ctx.t('insights.none');
  return ctx.countyNames.get(key) ?? ctx.stationNames.get(key) ?? key;
}

async function byPlace(ctx: SectionContext, f: DashboardFilter): Promise<DataTable> {
  const byStation = f.county !== undefined;
  const rows = await casesBy(ctx.db, f, byStation ? 'station_id' : 'county_code');
  if (byStation)
    for (const [id, name] of await stationNames(
      ctx.db,
      rows.map((r) => r.key ?? ''),
    ))
      ctx.stationNames.set(id, name);
  return {
    id: byStation ? 'cases-by-station' : 'cases-by-county',
    title: byStation ? 'insights.cases.byStation' : 'insights.cases.byCounty',
    columns: [
      text('code', 'insights.col.code'),
      text('name', byStation ? 'insights.col.station' : 'insights.col.county'),
      ...caseColumns,
    ],
    rows: rows.map((r) => [r.key, placeName(ctx, r.key), ...caseCells(r)]),
    links: rows.map((r) => (r.key ? ctx.link(byStation ? { station: r.key } : { county: r.key }) : undefined)),
    chart: 'cases',
  };
}

function clockTable(
  t: Translate,
  rows: Array<{ key: string; response: number[]; resolution: number[] }>,
  counts: CaseCounts[],
) {
  const times = new Map(rows.map((r) => [r.key, r]));
  const q = (h: number[] | undefined, p: number) => (h ? percentileOf(h, p) : null);
  return {
    id: 'clocks-by-unit',
    title: 'insights.cases.clocks',
    note: 'insights.cases.clocksNote',
    columns: [
      text('code', 'insights.col.code'),
      text('name', 'insights.col.unit'),
      count('cases', 'insights.col.cases'),
      share('responded_in_time', 'insights.col.respondedInTime'),
      hours('response_median', 'insights.col.responseMedian'),
      hours('response_p90', 'insights.col.responseP90'),
      share('resolved_in_time', 'insights.col.resolvedInTime'),
      hours('resolution_median', 'insights.col.resolutionMedian'),
      hours('resolution_p90', 'insights.col.resolutionP90'),
      count('overdue_now', 'insights.col.overdueNow'),
    ],
    rows: counts.map((c) => {
      const r = times.get(c.key ?? '');
      return [
        c.key,
        t(`unit.${c.key}`),
        c.cases,
        ratio(c.responded_in_time, c.responded),
        q(r?.response, 0.5),
        q(r?.response, 0.9),
        ratio(c.resolved_in_time, c.resolved),
        q(r?.resolution, 0.5),
        q(r?.resolution, 0.9),
        c.overdue_now,
      ];
    }),
  } satisfies DataTable;
}

const histogramOf = (values: readonly number[]) => {
  const h = new Array<number>(histogramLength).fill(0);
  for (const v of values) h[bucketOf(v)]!++;
  return h;
};

async function clocks(ctx: SectionContext, f: DashboardFilter): Promise<DataTable> {
  const counts = await casesBy(ctx.db, f, 'unit_code');
  const times = f.station
    ? (await stationDurations(ctx.db, f, ctx.zone)).map((r) => ({
        key: r.key,
        response: histogramOf(r.response),
        resolution: histogramOf(r.resolution),
      }))
    : (await durationsBy(ctx.db, f, 'unit_code')).map((r) => ({
        key: r.key,
        response: r.response ?? [],
        resolution: r.resolution ?? [],
      }));
  return clockTable(ctx.t, times, counts);
}

/** Reports and cases: by category, place, month and outcome; each unit against its clocks. */
export async function casesSection(ctx: SectionContext, f: DashboardFilter): Promise<DataTable[]> {
  const [categories, place, months, outcomes, clockRows] = await Promise.all([
    casesBy(ctx.db, f, 'category'),
    byPlace(ctx, f),
    casesBy(ctx.db, f, 'month'),
    casesBy(ctx.db, f, 'outcome'),
    clocks(ctx, f),
  ]);
  const total = outcomes.reduce((s, r) => s + r.cases, 0);
  return [
    {
      id: 'cases-by-category',
      title: 'insights.cases.byCategory',
      columns: [text('code', 'insights.col.code'), text('name', 'insights.col.category'), ...caseColumns],
      rows: categories.map((r) => [r.key, ctx.t(`category.${r.key}`), ...caseCells(r)]),
      chart: 'cases',
    },
    place,
    {
      id: 'cases-by-month',
      title: 'insights.cases.byMonth',
      columns: [text('code', 'insights.col.code'), text('month', 'insights.col.month'), ...caseColumns],
      rows: months
        .sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''))
        .map((r) => [r.key, r.key ? ctx.formatMonth(r.key) : '', ...caseCells(r)]),
      chart: 'cases',
    },
    clockRows,
    {
      id: 'outcomes',
      title: 'insights.cases.outcomes',
      columns: [
        text('code', 'insights.col.code'),
        text('name', 'insights.col.outcome'),
        count('cases', 'insights.col.cases'),
        share('share', 'insights.col.share'),
      ],
      rows: outcomes.map((r) => [
        r.key,
        r.key === 'open' ? ctx.t('insights.open') : ctx.t(`cases.outcome.${r.key}`),
        r.cases,
        ratio(r.cases, total),
      ]),
      chart: 'cases',
    },
  ];
}

/** Demands for money by station and document, by county, and vehicles named again and again. */
export async function briberySection(ctx: SectionContext, f: DashboardFilter): Promise<DataTable[]> {
  const [stations, counties, vehicles] = await Promise.all([
    briberyByStation(ctx.db, f, BRIBERY, f.county ? 500 : 25),
    casesBy(ctx.db, { ...f, station: undefined }, 'county_code', BRIBERY),
    repeatVehicles(ctx.db, f),
  ]);
  for (const s of stations) ctx.stationNames.set(s.station_id, s.name);
  return [
    {
      id: 'bribery-by-station',
      title: f.county ? 'insights.bribery.byStation' : 'insights.bribery.topStations',
      columns: [
        text('code', 'insights.col.code'),
        text('name', 'insights.col.station'),
        text('county', 'insights.col.county'),
        count('reports', 'insights.col.reports'),
        count('about_abstract', 'insights.col.aboutAbstract'),
        count('about_p3', 'insights.col.aboutP3'),
      ],
      rows: stations.map((s) => [
        s.station_id,
        s.name,
        placeName(ctx, s.county_code),
        s.cases,
        s.abstract ?? 0,
        s.p3 ?? 0,
      ]),
      links: stations.map((s) => ctx.link({ county: s.county_code, station: s.station_id })),
      chart: 'reports',
    },
    {
      id: 'bribery-by-county',
      title: 'insights.bribery.byCounty',
      columns: [
        text('code', 'insights.col.code'),
        text('name', 'insights.col.county'),
        count('reports', 'insights.col.reports'),
      ],
      rows: counties.map((r) => [r.key, placeName(ctx, r.key), r.cases]),
      links: counties.map((r) => (r.key ? ctx.link({ county: r.key }) : undefined)),
    },
    vehiclesTable(vehicles),
  ];
}

/** Plates named in more than one case; a plate named across many stations lists the first few. */
function vehiclesTable(vehicles: Awaited<ReturnType<typeof repeatVehicles>>): DataTable {
  return {
    id: 'repeat-vehicles',
    title: 'insights.bribery.vehicles',
    note: 'insights.bribery.vehiclesNote',
    columns: [
      text('plate', 'insights.col.plate'),
      count('cases', 'insights.col.cases'),
      count('stations', 'insights.col.stations'),
      text('first_stations', 'insights.col.firstStations'),
    ],
    rows: vehicles.map((v) => [
      v.plate,
      v.cases,
      v.stations.length,
      v.stations.slice(0, 3).join(' ') + (v.stations.length > 3 ? ' …' : ''),
    ]),
  };
}
