import { badField, NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { formatMonth } from '../../../platform/time/index.ts';
import { catalogue, isTableName, tableNames, type TableName } from './catalogue.ts';
import { dataPackage, type TableData } from './data.ts';
import { commitmentRows, directiveRows, liveFigures, type LiveFigures } from './live.ts';
import { isMonth, readRelease, releasedMonths, type Release, type ReleaseSummary } from './release.ts';

/** Everything a month's page shows: its release, the live commitments and directives, and the other months. */
export interface MonthView {
  release: Release;
  live: LiveFigures;
  months: ReleaseSummary[];
}

/** A month as the URL gives it: "YYYY-MM", else a 400 naming the month. */
export function checkMonth(month: string): string {
  if (!isMonth(month)) badField('month', 'transparency.error.month');
  return month;
}

async function released(platform: Platform, month: string): Promise<Release> {
  const release = await readRelease(platform, checkMonth(month));
  if (!release) throw new NotFound();
  return release;
}

export async function monthView(platform: Platform, month: string): Promise<MonthView> {
  const release = await released(platform, month);
  const [live, months] = await Promise.all([liveFigures(platform, month), releasedMonths(platform)]);
  return { release, live, months };
}

/** The latest released month's view; undefined before any month is released. */
export async function latestView(platform: Platform): Promise<MonthView | undefined> {
  const months = await releasedMonths(platform);
  const latest = months[0];
  if (!latest) return undefined;
  const [release, live] = await Promise.all([readRelease(platform, latest.month), liveFigures(platform, latest.month)]);
  return release && { release, live, months };
}

export { releasedMonths };

function liveData(name: 'commitments' | 'directives_by_unit', release: Release, live: LiveFigures): TableData {
  return {
    def: catalogue[name],
    rows: name === 'commitments' ? commitmentRows(live) : directiveRows(live),
    ks: release.k,
    provenance: { refreshedAt: live.at, snapshot: live.snapshot, checkpoint: null },
    asOf: live.at,
  };
}

/** One public table of a released month; 404 for a table that is not one. */
export async function tableData(platform: Platform, month: string, name: string): Promise<TableData> {
  if (!isTableName(name)) throw new NotFound();
  const release = await released(platform, month);
  if (name === 'commitments' || name === 'directives_by_unit')
    return liveData(name, release, await liveFigures(platform, month));
  return {
    def: catalogue[name],
    rows: release.tables[name],
    ks: release.k,
    provenance: release.provenance,
    asOf: release.releasedAt,
  };
}

/** The month's Frictionless Data Package descriptor. */
export async function monthPackage(platform: Platform, month: string): Promise<Record<string, unknown>> {
  const release = await released(platform, month);
  return dataPackage({
    t: platform.i18n.translator('en'),
    month,
    monthName: formatMonth('en', month),
    baseUrl: platform.config.publicUrl.replace(/\/$/, ''),
    releasedAt: release.releasedAt,
    ks: release.k,
    provenance: release.provenance,
    tables: tableNames as readonly TableName[],
  });
}
