import { misconductCategories, misconductCategory } from '../../jurisdiction/kenya/index.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { randomDigits } from '../../platform/crypto/index.ts';
import { inTransaction, type Queryable } from '../../platform/db/database.ts';
import { GroupCommit } from '../../platform/db/group-commit.ts';
import { OneStatement } from '../../platform/db/statement.ts';
import { badField, NotFound } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import {
  addReporterMessage,
  assertCaseVisible,
  openCasesIn,
  recordCaseEvent,
  countEvidence,
  dueAfter,
  reporterView,
  type OpenedCaseColumn,
} from '../cases/index.ts';
import type { AcceptedEvidence } from '../../platform/blobs/evidence.ts';
import { storeWithoutMetadata } from '../../platform/blobs/metadata.ts';
import { cleanText } from '../../platform/text/index.ts';
import { queueSmsIn, wakeSmsDispatch, type SmsToSend } from '../../platform/sms/index.ts';
import { checkReport, type CheckedReport, type ReportInput } from './check.ts';
import { ReceiptHolder, receiptHmac, reportForReceipt } from './receipt-holder.ts';
import { requireEvidenceReader } from './permissions.ts';
import * as store from './store.ts';

export const RECEIPT_DIGITS = 16;

export const reportCategories = misconductCategories.map((c) => c.code);
export const channels = ['web', 'api', 'open311', 'sms', 'ussd'] as const;
export type Channel = (typeof channels)[number];

export {
  checkReport,
  normalisePhone,
  MAX_DESCRIPTION,
  MAX_PLACE,
  MAX_OFFICERS,
  type ReportInput,
  type CheckedReport,
} from './check.ts';

export { receiptHmac, reportForReceipt, ReceiptHolder };

export function formatReceipt(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export interface SubmittedReport {
  /** The 16-digit receipt code: shown once, never stored. */
  receipt: string;
  caseReference: string;
  firstResponseDueAt: Date;
  evidenceCount: number;
}

const intake = { kind: 'system', label: 'Sauti intake' } as const satisfies Actor;

interface Intake {
  report: CheckedReport;
  receipt: string;
  channel: Channel;
  evidence: ShownEvidence[];
  /** When it was received: the platform clock's moment (its case opens then). */
  at: Date;
  /** Whether the receipt code also goes by SMS to the contact number. */
  smsReceipt: boolean;
}

/** A file as received, and (an anonymous report's photo) the copy without its metadata that investigators see. */
type ShownEvidence = AcceptedEvidence & { shownSha256?: string | undefined };

/**
 * For a reporter who stays anonymous, each photo's metadata (where it was taken, the phone, the time) is removed from
 * the copy investigators see; the file as received stays stored, its SHA-256 the record of what arrived.
 */
async function shownCopies(platform: Platform, anonymous: boolean, evidence: AcceptedEvidence[]) {
  if (!anonymous) return evidence;
  return Promise.all(
    evidence.map(async (e): Promise<ShownEvidence> => ({
      ...e,
      shownSha256: await storeWithoutMetadata(platform.blobs, e),
    })),
  );
}

/** The receipt by SMS to reporters who gave a number and want it, queued in the reports' own statement. */
function receiptMessages(platform: Platform, items: Intake[], hmacs: string[]): SmsToSend[] {
  return items.flatMap((item, i) => {
    const to = item.report.contactPhone;
    if (!to || !item.smsReceipt) return [];
    const language = item.report.language;
    const body = platform.i18n.translator(language)('reports.sms.receipt', { receipt: formatReceipt(item.receipt) });
    return [{ key: `reports.receipt:${hmacs[i]}`, purpose: 'reports.receipt', to, body, language }];
  });
}

/**
 * Writes a group of checked reports in one statement (atomic by itself, one round trip): their
 * cases with history and audit rows (opened by cases), then the reports and their evidence.
 */
async function writeReports(platform: Platform, client: Queryable, items: Intake[]): Promise<SubmittedReport[]> {
  const rules = items.map((item) => misconductCategory(item.report.category)!);
  const hmacs = items.map((item) => receiptHmac(platform.config.secret, item.receipt));
  const statement = new OneStatement();
  const cases = openCasesIn(
    statement,
    items.map(({ report }, i) => ({
      source: 'report',
      category: report.category,
      unitCode: rules[i]!.unit,
      informedUnits: rules[i]!.informed,
      oversight: rules[i]!.oversight,
      countyCode: report.countyCode,
      stationId: report.stationId,
      title: report.description.slice(0, 120),
      summary: [
        report.description,
        report.place,
        ...report.officers.flatMap((o) => [o.name, o.serviceNumber, o.vehiclePlate]),
      ]
        .filter(Boolean)
        .join(' '),
      clocks: rules[i]!.clocks,
      evidenceCount: items[i]!.evidence.length,
      openedAt: items[i]!.at,
      subjects: report.officers.map((o) => ({
        serviceNumber: o.serviceNumber,
        name: o.name,
        vehiclePlate: o.vehiclePlate,
      })),
      openedBy: intake,
    })),
  );
  store.insertReportsIn(
    statement,
    cases,
    items.map((item, i) => ({
      ...item.report,
      receiptHmac: hmacs[i]!,
      channel: item.channel,
      evidence: item.evidence.map((e) => ({ ...e, receivedBy: intake.label })),
      receivedAt: item.at,
    })),
  );
  const messages = receiptMessages(platform, items, hmacs);
  queueSmsIn(platform, statement, messages);
  const opened = await statement.run<{ reference: string }, OpenedCaseColumn>(client, cases, ['reference'], 'ord');
  if (messages.length) await wakeSmsDispatch(platform);
  return items.map((item, i) => ({
    receipt: item.receipt,
    caseReference: opened[i]!.reference,
    firstResponseDueAt: dueAfter(rules[i]!.clocks.firstResponse, item.at),
    evidenceCount: item.evidence.length,
  }));
}

const intakeQueues = new WeakMap<Platform, GroupCommit<Intake, SubmittedReport>>();

function intakeQueue(platform: Platform): GroupCommit<Intake, SubmittedReport> {
  let queue = intakeQueues.get(platform);
  if (!queue) {
    queue = new GroupCommit(platform.db.pool, (client, items) => writeReports(platform, client, items), {
      maxBatch: 50,
      maxConcurrent: 2,
      oneStatement: true,
    });
    intakeQueues.set(platform, queue);
  }
  return queue;
}

/**
 * Stores the report, its evidence links, its case and the audit row in one transaction, shared
 * with other reports arriving at the same moment (group commit). Evidence files are already in the
 * blob store (acceptEvidence) before this runs. The reporter is answered only after the commit.
 */
export async function submitReport(
  platform: Platform,
  input: ReportInput,
  channel: Channel,
  evidence: AcceptedEvidence[],
  options: { smsReceipt?: boolean } = {},
): Promise<SubmittedReport> {
  const report = await checkReport(platform, input);
  try {
    return await intakeQueue(platform).submit({
      report,
      receipt: randomDigits(RECEIPT_DIGITS),
      channel,
      evidence: await shownCopies(platform, report.anonymous, evidence),
      at: platform.clock.now(),
      // a number given for contact gets the receipt too, unless the reporter said no (USSD asks)
      smsReceipt: options.smsReceipt ?? true,
    });
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'reports_station_in_county')
      badField('station', 'reports.error.station');
    throw error;
  }
}

/** The report, its case's status and messages, and its evidence, for the one who holds its receipt. */
export async function followReport(platform: Platform, holder: ReceiptHolder) {
  const report = await store.findReportById(platform.db.pool, ReceiptHolder.reportIdOf(holder));
  if (!report) throw new NotFound();
  const [status, evidence] = await Promise.all([
    reporterView(platform.db.pool, report.case_id, platform.clock.now()),
    store.listEvidence(platform.db.pool, report.id),
  ]);
  return { report, status, evidence };
}

export async function replyToInvestigator(platform: Platform, holder: ReceiptHolder, body: string): Promise<void> {
  const reportId = ReceiptHolder.reportIdOf(holder);
  await inTransaction(platform.db.pool, async (client) => {
    const report = await store.findReportById(client, reportId);
    if (!report) throw new NotFound();
    await addReporterMessage(client, report.case_id, cleanText(body, { multiline: true }), platform.clock.now());
  });
}

export async function addEvidence(
  platform: Platform,
  holder: ReceiptHolder,
  evidence: AcceptedEvidence[],
): Promise<void> {
  const reportId = ReceiptHolder.reportIdOf(holder);
  if (evidence.length === 0) return;
  const found = await store.findReportById(platform.db.pool, reportId);
  if (!found) throw new NotFound();
  const shown = await shownCopies(platform, found.anonymous, evidence);
  await inTransaction(platform.db.pool, async (client) => {
    const report = await store.findReportById(client, reportId);
    if (!report) throw new NotFound();
    for (const e of shown) await store.insertEvidence(client, report.id, { ...e, receivedBy: intake.label });
    await recordCaseEvent(client, report.case_id, intake, 'evidence_added', { files: evidence.map((e) => e.sha256) });
    await countEvidence(client, report.case_id, evidence.length);
  });
}

/** The report behind a case and its evidence, for the case page (the case's own wall was checked by cases). */
export async function reportOfCase(
  platform: Platform,
  caseId: string,
): Promise<{ report: store.ReportRow; evidence: store.EvidenceRow[] } | undefined> {
  const report = await store.findReportByCase(platform.db.pool, caseId);
  return report ? { report, evidence: await store.listEvidence(platform.db.pool, report.id) } : undefined;
}

/** Staff download of one evidence file: the case wall applies, and the read is audited with the hash. */
export async function evidenceForStaff(
  platform: Platform,
  actor: Actor,
  evidenceId: string,
  use: 'download' | 'download_original' | 'view' | 'view-continued' = 'download',
): Promise<store.EvidenceRow> {
  requireEvidenceReader(actor);
  if (!/^\d{1,18}$/.test(evidenceId)) throw new NotFound();
  const evidence = await store.findEvidence(platform.db.pool, evidenceId);
  if (!evidence) throw new NotFound();
  // only photos, recordings and videos are shown in the page; a document is downloaded
  if (use.startsWith('view') && !previewableKinds.has(evidence.kind)) throw new NotFound();
  await assertCaseVisible(platform, actor, evidence.case_id, use === 'view-continued' ? null : `evidence.${use}`, {
    evidence: evidence.id,
    sha256: evidence.sha256,
  });
  return evidence;
}

/** The kinds of evidence shown in the case page (the rest only downloaded). */
export const previewableKinds: ReadonlySet<string> = new Set(['photo', 'video', 'audio']);
