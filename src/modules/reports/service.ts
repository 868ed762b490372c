import { counties, jurisdiction, misconductCategories, misconductCategory } from '../../jurisdiction/kenya/index.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { randomDigits } from '../../platform/crypto/index.ts';
import { inTransaction, type Queryable } from '../../platform/db/database.ts';
import { GroupCommit } from '../../platform/db/group-commit.ts';
import { OneStatement } from '../../platform/db/statement.ts';
import { stationCounty } from '../../platform/reference.ts';
import { badField, NotFound, Problems } from '../../platform/http/errors.ts';
import { isLocale, type Locale } from '../../platform/i18n/index.ts';
import type { Platform } from '../../platform/module.ts';
import { instantAt } from '../../platform/time/index.ts';
import {
  addReporterMessage,
  assertCaseVisible,
  openCasesIn,
  recordCaseEvent,
  reporterView,
  type OpenedCaseColumn,
} from '../cases/index.ts';
import type { AcceptedEvidence } from '../../platform/blobs/evidence.ts';
import { cleanText } from '../../platform/text/index.ts';
import { ReceiptHolder, receiptHmac, reportForReceipt } from './receipt-holder.ts';
import { requireEvidenceReader } from './permissions.ts';
import * as store from './store.ts';

export const MAX_DESCRIPTION = 4000;
export const MAX_PLACE = 300;
export const MAX_OFFICERS = 10;
export const RECEIPT_DIGITS = 16;

export const reportCategories = misconductCategories.map((c) => c.code);
export const channels = ['web', 'api', 'open311', 'sms', 'ussd'] as const;
export type Channel = (typeof channels)[number];

/** A report as it arrives from any channel, before checking. */
export interface ReportInput {
  category?: string | undefined;
  description?: string | undefined;
  /** ISO 8601 with zone, or a Nairobi local "YYYY-MM-DD" and optional "HH:MM". */
  occurredAt?: string | undefined;
  occurredDate?: string | undefined;
  occurredTime?: string | undefined;
  county?: string | undefined;
  station?: string | undefined;
  place?: string | undefined;
  latitude?: number | string | undefined;
  longitude?: number | string | undefined;
  officers?:
    | Array<{ name?: string | undefined; serviceNumber?: string | undefined; vehiclePlate?: string | undefined }>
    | undefined;
  anonymous?: boolean | undefined;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
  contactEmail?: string | undefined;
  language?: string | undefined;
}

export interface CheckedReport {
  category: string;
  description: string;
  occurredAt: Date | null;
  countyCode: string;
  stationId: string | null;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  officers: Array<{ name?: string; serviceNumber?: string; vehiclePlate?: string }>;
  anonymous: boolean;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  language: Locale;
}

// one-line fields; the description keeps its lines
const clean = (value: string | undefined | null): string => cleanText(value);

/** Kenyan mobile numbers: 07XX, 01XX, 2547XX, +2547XX -> +2547XXXXXXXX. */
export function normalisePhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s()-]/g, '');
  const m = /^(?:\+?254|0)([17]\d{8})$/.exec(digits);
  return m ? `+254${m[1]}` : undefined;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;

function toNumber(value: number | string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * A date and time written in Nairobi (noon when no time is given). As ISO 8601 readers do, a day
 * past the month's end rolls into the next month and 24:00 is the next midnight.
 */
function nairobiLocal(date: string, time: string | undefined): Date | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!day || Number(day[2]) < 1 || Number(day[2]) > 12 || Number(day[3]) < 1 || Number(day[3]) > 31) return undefined;
  const clock = /^(\d{2}):(\d{2})$/.exec(time || '12:00');
  if (!clock || Number(clock[1]) > 24 || Number(clock[2]) > 59 || (clock[1] === '24' && clock[2] !== '00'))
    return undefined;
  return instantAt(date, `${clock[1]}:${clock[2]}`, jurisdiction.timeZone);
}

export async function checkReport(platform: Platform, input: ReportInput): Promise<CheckedReport> {
  const problems = new Problems();
  const category = clean(input.category);
  if (!category) problems.add('category', 'reports.error.categoryRequired');
  else if (!misconductCategory(category)) problems.add('category', 'reports.error.category');

  const description = cleanText(input.description, { multiline: true });
  if (!description) problems.add('description', 'reports.error.descriptionRequired');
  else if (description.length > MAX_DESCRIPTION) problems.add('description', 'error.tooLong', { max: MAX_DESCRIPTION });

  let occurredAt: Date | null = null;
  const occurredText = clean(input.occurredAt);
  const occurredDate = clean(input.occurredDate);
  if (occurredText || occurredDate) {
    const parsed = occurredText
      ? new Date(occurredText)
      : nairobiLocal(occurredDate, clean(input.occurredTime) || undefined);
    if (!parsed || Number.isNaN(parsed.getTime()))
      problems.add(occurredText ? 'occurredAt' : 'occurredDate', 'reports.error.when');
    else if (parsed.getTime() > platform.clock.now().getTime() + 10 * 60_000)
      problems.add(occurredText ? 'occurredAt' : 'occurredDate', 'reports.error.future');
    else occurredAt = parsed;
  }

  const county = clean(input.county);
  if (!county) problems.add('county', 'reports.error.countyRequired');
  else if (!counties.some((c) => c.code === county)) problems.add('county', 'reports.error.county');
  const stationId = clean(input.station) || null;
  if (stationId && !problems.has('county') && (await stationCounty(platform.db, stationId)) !== county)
    problems.add('station', 'reports.error.station');

  const place = clean(input.place) || null;
  if (place && place.length > MAX_PLACE) problems.add('place', 'error.tooLong', { max: MAX_PLACE });

  const latitude = toNumber(input.latitude);
  const longitude = toNumber(input.longitude);
  if ((latitude === undefined) !== (longitude === undefined)) problems.add('latitude', 'reports.error.coordinatesPair');
  else if (latitude !== undefined && (Number.isNaN(latitude) || latitude < -90 || latitude > 90))
    problems.add('latitude', 'reports.error.latitude');
  else if (longitude !== undefined && (Number.isNaN(longitude) || longitude < -180 || longitude > 180))
    problems.add('longitude', 'reports.error.longitude');

  const officers = (input.officers ?? [])
    .map((o) => ({
      name: clean(o.name).slice(0, 200),
      serviceNumber: clean(o.serviceNumber).slice(0, 40),
      vehiclePlate: clean(o.vehiclePlate).toUpperCase().slice(0, 20),
    }))
    .filter((o) => o.name || o.serviceNumber || o.vehiclePlate)
    .map(
      (o) =>
        Object.fromEntries(Object.entries(o).filter(([, v]) => v)) as {
          name?: string;
          serviceNumber?: string;
          vehiclePlate?: string;
        },
    );
  if (officers.length > MAX_OFFICERS) problems.add('officers', 'reports.error.tooManyOfficers', { max: MAX_OFFICERS });

  // Anonymous unless the reporter asked to be contacted; an anonymous report keeps no contact detail at all.
  const anonymous = input.anonymous !== false;
  let contactName: string | null = null;
  let contactPhone: string | null = null;
  let contactEmail: string | null = null;
  if (!anonymous) {
    contactName = clean(input.contactName).slice(0, 200) || null;
    const phone = clean(input.contactPhone);
    const email = clean(input.contactEmail);
    if (phone) {
      contactPhone = normalisePhone(phone) ?? null;
      if (!contactPhone) problems.add('contactPhone', 'reports.error.phone');
    }
    if (email) {
      if (EMAIL.test(email) && email.length <= 254) contactEmail = email.toLowerCase();
      else problems.add('contactEmail', 'reports.error.email');
    }
    if (!phone && !email) problems.add('contactPhone', 'reports.error.contactRequired');
  }

  problems.throwIfAny();
  return {
    category,
    description,
    occurredAt,
    countyCode: county,
    stationId,
    place,
    latitude: latitude ?? null,
    longitude: longitude ?? null,
    officers,
    anonymous,
    contactName,
    contactPhone,
    contactEmail,
    language: isLocale(input.language) ? input.language : 'en',
  };
}

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
  evidence: AcceptedEvidence[];
  /** When it was received: the platform clock's moment (its case opens then). */
  at: Date;
}

/**
 * Writes a group of checked reports in one statement (atomic by itself, one round trip): their
 * cases with history and audit rows (opened by cases), then the reports and their evidence.
 */
async function writeReports(client: Queryable, items: Intake[], secret: string): Promise<SubmittedReport[]> {
  const rules = items.map((item) => misconductCategory(item.report.category)!);
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
      firstResponseHours: rules[i]!.firstResponseHours,
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
    items.map((item) => ({
      ...item.report,
      receiptHmac: receiptHmac(secret, item.receipt),
      channel: item.channel,
      evidence: item.evidence.map((e) => ({ ...e, receivedBy: intake.label })),
      receivedAt: item.at,
    })),
  );
  const opened = await statement.run<{ reference: string }, OpenedCaseColumn>(client, cases, ['reference'], 'ord');
  return items.map((item, i) => ({
    receipt: item.receipt,
    caseReference: opened[i]!.reference,
    firstResponseDueAt: new Date(item.at.getTime() + rules[i]!.firstResponseHours * 3600_000),
    evidenceCount: item.evidence.length,
  }));
}

const intakeQueues = new WeakMap<Platform, GroupCommit<Intake, SubmittedReport>>();

function intakeQueue(platform: Platform): GroupCommit<Intake, SubmittedReport> {
  let queue = intakeQueues.get(platform);
  if (!queue) {
    queue = new GroupCommit(platform.db.pool, (client, items) => writeReports(client, items, platform.config.secret), {
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
): Promise<SubmittedReport> {
  const report = await checkReport(platform, input);
  try {
    return await intakeQueue(platform).submit({
      report,
      receipt: randomDigits(RECEIPT_DIGITS),
      channel,
      evidence,
      at: platform.clock.now(),
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
    await addReporterMessage(client, report.case_id, cleanText(body, { multiline: true }));
  });
}

export async function addEvidence(
  platform: Platform,
  holder: ReceiptHolder,
  evidence: AcceptedEvidence[],
): Promise<void> {
  const reportId = ReceiptHolder.reportIdOf(holder);
  if (evidence.length === 0) return;
  await inTransaction(platform.db.pool, async (client) => {
    const report = await store.findReportById(client, reportId);
    if (!report) throw new NotFound();
    for (const e of evidence) await store.insertEvidence(client, report.id, { ...e, receivedBy: intake.label });
    await recordCaseEvent(client, report.case_id, intake, 'evidence_added', { files: evidence.map((e) => e.sha256) });
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
): Promise<store.EvidenceRow> {
  requireEvidenceReader(actor);
  if (!/^\d{1,18}$/.test(evidenceId)) throw new NotFound();
  const evidence = await store.findEvidence(platform.db.pool, evidenceId);
  if (!evidence) throw new NotFound();
  await assertCaseVisible(platform, actor, evidence.case_id, 'evidence.download', {
    evidence: evidence.id,
    sha256: evidence.sha256,
  });
  return evidence;
}
