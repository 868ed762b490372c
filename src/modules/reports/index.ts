/** The reports module's public face: other modules submit and list reports only through these. */
import type { Platform } from '../../platform/module.ts';
import { reportForReceipt } from './service.ts';
import * as store from './store.ts';

export {
  submitReport,
  reportCategories,
  formatReceipt,
  MAX_DESCRIPTION,
  MAX_PLACE,
  MAX_OFFICERS,
  type ReportInput,
  type SubmittedReport,
  type Channel,
} from './service.ts';
export type { PublicReportRow } from './store.ts';
/** The platform's resumable (tus) uploads, and the class other modules mount their own endpoint with. */
export { uploadsOf, UPLOADS_PATH, ResumableUploads, type UploadEndpoint } from './uploads.ts';

export interface PublicReportFilter {
  /** Report ids; when given, every other filter is ignored. */
  ids?: string[];
  category?: string;
  from?: Date;
  to?: Date;
  /** true: not closed; false: closed; absent: both. */
  open?: boolean;
  limit: number;
}

/**
 * Reports as the public may see them: category, county and station, case status, unit and
 * dates only. Never the description, place, coordinates, people, contact details or evidence.
 */
export async function listPublicReports(
  platform: Platform,
  filter: PublicReportFilter,
): Promise<store.PublicReportRow[]> {
  return store.listPublicReports(platform.db.pool, filter);
}

/** The id of the report a receipt code belongs to (NotFound for any wrong code). */
export async function reportIdForReceipt(platform: Platform, receipt: string): Promise<string> {
  return (await reportForReceipt(platform, receipt)).id;
}

/**
 * Demands for money reported from a free document's link, by station and kind of document (abstract or
 * P3 form), most first: for insights. Counts only, never what the reports say.
 */
export async function documentDemands(
  platform: Platform,
): Promise<Array<{ stationId: string; document: 'abstract' | 'p3'; reports: number }>> {
  const rows = await store.documentDemandCounts(platform.db.pool, 'bribery_extortion');
  return rows.map((r) => ({ stationId: r.station_id, document: r.document, reports: r.reports }));
}
