/** The reports module's public face: other modules submit and list reports only through these. */
import { inTransaction, type Queryable } from '../../platform/db/database.ts';
import { BadInput } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { addReporterMessage, caseIdOf } from '../cases/index.ts';
import { followReport, ReceiptHolder, replyToInvestigator, reportForReceipt } from './service.ts';
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

/** What a receipt's holder sees of their report on a small screen: the case's status and the latest message to them. */
export interface ReportAtAGlance {
  reference: string;
  status: string;
  /** The latest message from the investigator, if any. */
  latest: { body: string; at: Date } | undefined;
}

/** The report a receipt code belongs to, at a glance (NotFound for any wrong code). */
export async function reportAtAGlance(platform: Platform, receipt: string): Promise<ReportAtAGlance> {
  const { holder } = await ReceiptHolder.byReceipt(platform, receipt);
  const { status } = await followReport(platform, holder);
  const latest = [...status.messages].reverse().find((m) => m.direction !== 'from_reporter');
  return { reference: status.reference, status: status.status, latest: latest && { body: latest.body, at: latest.at } };
}

/** The receipt's holder replies to the investigator (NotFound for any wrong code). */
export async function replyByReceipt(platform: Platform, receipt: string, message: string): Promise<void> {
  const { holder } = await ReceiptHolder.byReceipt(platform, receipt);
  await replyToInvestigator(platform, holder, message);
}

export type PhoneReply = 'kept' | 'unknown' | 'repeated';

/**
 * A reporter's reply by SMS to their case, by the reference the case's SMS carried, taken only from the number
 * they gave for contact (any other number, or no such case, is 'unknown' alike). `within` runs first in the same
 * transaction (the channel's acknowledgement, keyed by the incoming message): when it says the message was seen
 * before, nothing is added ('repeated').
 */
export async function replyFromPhone(
  platform: Platform,
  reply: { reference: string; phone: string; body: string },
  within: (client: Queryable) => Promise<boolean>,
): Promise<PhoneReply> {
  return inTransaction(platform.db.pool, async (client) => {
    const caseId = await caseIdOf(client, reply.reference);
    const report = caseId ? await store.findReportByCase(client, caseId) : undefined;
    if (!caseId || !report?.contact_phone || report.contact_phone !== reply.phone) return 'unknown';
    if (!(await within(client))) return 'repeated';
    try {
      await addReporterMessage(client, caseId, reply.body, platform.clock.now());
    } catch (error) {
      // a reply too long after the case closed: answered like a message to no case (the help text)
      if (error instanceof BadInput) return 'unknown';
      throw error;
    }
    return 'kept';
  });
}

/** The language a case's reporter chose, for what is sent to them ('en' when not known). */
export async function reporterLanguage(platform: Platform, reference: string): Promise<'en' | 'sw'> {
  const caseId = await caseIdOf(platform.db.pool, reference);
  const report = caseId ? await store.findReportByCase(platform.db.pool, caseId) : undefined;
  return report?.language === 'sw' ? 'sw' : 'en';
}
