import type { Queryable } from '../../../platform/db/database.ts';
import type { Translate } from '../../../platform/i18n/index.ts';
import type { DashboardScope } from '../permissions.ts';
import type { DashboardFilter } from './filters.ts';
import type { DataTable } from './table.ts';

/** What a section's tables are built with. */
export interface SectionContext {
  db: Queryable;
  t: Translate;
  zone: string;
  now: Date;
  scope: DashboardScope;
  countyNames: Map<string, string>;
  /** Filled as sections learn the names of the stations they list. */
  stationNames: Map<string, string>;
  /** The dashboard's own address with the filter changed (e.g. to one county). */
  link(change: Partial<Pick<DashboardFilter, 'county' | 'station'>>): string;
  formatDate(at: Date): string;
  /** "November 2026" for '2026-11'. */
  formatMonth(month: string): string;
}

export const sectionNames = ['cases', 'bribery', 'engage', 'ob', 'fines'] as const;
export type SectionName = (typeof sectionNames)[number];

export const isSection = (name: string): name is SectionName => (sectionNames as readonly string[]).includes(name);

/** Sections whose figures are about cases only, all a unit head may see. */
export const unitSections: readonly SectionName[] = ['cases', 'bribery', 'engage'];

export interface SectionResult {
  tables: DataTable[];
  /** The county map: a table's id and the column it colours counties by (only tables by county). */
  map?: { table: string; column: string } | undefined;
}

export type SectionBuilder = (ctx: SectionContext, filter: DashboardFilter) => Promise<DataTable[]>;
