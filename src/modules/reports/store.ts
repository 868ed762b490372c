import type { Queryable } from '../../platform/db/database.ts';
import type { OneStatement, Relation } from '../../platform/db/statement.ts';

export interface NewReport {
  receiptHmac: string;
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
  channel: string;
  language: string;
  aboutDocument: string | null;
}

export interface NewReportWithEvidence extends NewReport {
  evidence: NewEvidence[];
  /** When it was received (the platform clock's moment): the report's and its evidence's time, which Open311's date window compares. */
  receivedAt: Date;
}

/**
 * Adds to the statement the reports and their evidence, each report written with the case opened
 * for it in the same statement (cases' openCasesIn): report i belongs to the case in row `ord` = i
 * of `cases`. A station that is not in the report's county is refused by the database
 * (reports_station_in_county), and with it the whole statement, cases included.
 */
/** A file's row as the statement's JSON carries it. */
const evidenceColumns = (e: NewEvidence) => ({
  sha256: e.sha256,
  size_bytes: e.sizeBytes,
  media_type: e.mediaType,
  kind: e.kind,
  received_via: e.receivedVia,
  received_by: e.receivedBy,
  shown_sha256: e.shownSha256 ?? null,
});

export function insertReportsIn(
  statement: OneStatement,
  cases: Relation<'ord' | 'id'>,
  reports: NewReportWithEvidence[],
): void {
  const input = reports.map((r, ord) => ({
    ord,
    receipt_hmac: r.receiptHmac,
    category: r.category,
    description: r.description,
    occurred_at: r.occurredAt,
    county_code: r.countyCode,
    station_id: r.stationId,
    place: r.place,
    latitude: r.latitude,
    longitude: r.longitude,
    officers: r.officers,
    anonymous: r.anonymous,
    contact_name: r.contactName,
    contact_phone: r.contactPhone,
    contact_email: r.contactEmail,
    channel: r.channel,
    language: r.language,
    about_document: r.aboutDocument,
    created_at: r.receivedAt,
    evidence: r.evidence.map(evidenceColumns),
  }));
  const reportInput = statement.with(
    'report_input',
    `select ${cases.col('id')} as case_id, r.* from jsonb_to_recordset(${statement.param(JSON.stringify(input))}::jsonb) as r(
       ord int, receipt_hmac text, category text, description text, occurred_at timestamptz, county_code text,
       station_id text, place text, latitude double precision, longitude double precision, officers jsonb, anonymous boolean,
       contact_name text, contact_phone text, contact_email text, channel text, language text, about_document text,
       created_at timestamptz, evidence jsonb)
     join ${cases.name} on ${cases.col('ord')} = r.ord`,
  );
  const insertedReport = statement.with(
    'inserted_report',
    `insert into reports (case_id, receipt_hmac, category, description, occurred_at, county_code, station_id, place, latitude, longitude,
       officers, anonymous, contact_name, contact_phone, contact_email, channel, language, about_document, created_at)
     select case_id, receipt_hmac, category, description, occurred_at, county_code, station_id, place, latitude, longitude,
       officers, anonymous, contact_name, contact_phone, contact_email, channel, language, about_document, created_at
     from ${reportInput}
     returning id, case_id`,
  );
  statement.with(
    'report_evidence',
    `insert into evidence (report_id, sha256, size_bytes, media_type, kind, received_via, received_by, received_at, shown_sha256)
     select ${insertedReport}.id, e.sha256, e.size_bytes, e.media_type, e.kind, e.received_via, e.received_by, ${reportInput}.created_at,
            e.shown_sha256
     from ${reportInput} join ${insertedReport} using (case_id),
          jsonb_to_recordset(${reportInput}.evidence) as e(sha256 text, size_bytes bigint, media_type text, kind text, received_via text,
            received_by text, shown_sha256 text)`,
  );
}

export interface NewEvidence {
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  kind: string;
  receivedVia: string;
  receivedBy: string;
  /** An anonymous report's photo without its metadata: the copy investigators see. */
  shownSha256?: string | undefined;
}

export async function insertEvidence(db: Queryable, reportId: string, e: NewEvidence): Promise<void> {
  await db.query(
    `insert into evidence (report_id, sha256, size_bytes, media_type, kind, received_via, received_by, shown_sha256)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [reportId, e.sha256, e.sizeBytes, e.mediaType, e.kind, e.receivedVia, e.receivedBy, e.shownSha256 ?? null],
  );
}

export interface ReportRow {
  id: string;
  case_id: string;
  category: string;
  description: string;
  occurred_at: Date | null;
  county_code: string;
  county_name: string;
  station_id: string | null;
  station_name: string | null;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  officers: Array<{ name?: string; serviceNumber?: string; vehiclePlate?: string }>;
  anonymous: boolean;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  channel: string;
  language: string;
  created_at: Date;
}

const reportSelect = `select r.*, co.name as county_name, st.name as station_name
  from reports r join counties co on co.code = r.county_code left join stations st on st.id = r.station_id`;

export async function findReportByReceipt(db: Queryable, receiptHmac: string): Promise<ReportRow | undefined> {
  return (await db.query<ReportRow>(`${reportSelect} where r.receipt_hmac = $1`, [receiptHmac])).rows[0];
}

export async function findReportById(db: Queryable, id: string): Promise<ReportRow | undefined> {
  return (await db.query<ReportRow>(`${reportSelect} where r.id = $1`, [id])).rows[0];
}

export async function findReportByCase(db: Queryable, caseId: string): Promise<ReportRow | undefined> {
  return (await db.query<ReportRow>(`${reportSelect} where r.case_id = $1`, [caseId])).rows[0];
}

export interface EvidenceRow {
  id: string;
  report_id: string;
  sha256: string;
  size_bytes: string;
  media_type: string;
  kind: string;
  received_at: Date;
  received_via: string;
  received_by: string;
  /** The copy without metadata investigators see (an anonymous report's photo), or null: the file as received. */
  shown_sha256: string | null;
}

export async function listEvidence(db: Queryable, reportId: string): Promise<EvidenceRow[]> {
  return (await db.query<EvidenceRow>('select * from evidence where report_id = $1 order by id', [reportId])).rows;
}

export async function findEvidence(
  db: Queryable,
  id: string,
): Promise<(EvidenceRow & { case_id: string }) | undefined> {
  const { rows } = await db.query<EvidenceRow & { case_id: string }>(
    'select e.*, r.case_id from evidence e join reports r on r.id = e.report_id where e.id = $1',
    [id],
  );
  return rows[0];
}

export interface PublicReportRow {
  id: string;
  case_id: string;
  category: string;
  county_code: string;
  county_name: string;
  station_name: string | null;
  created_at: Date;
  status: string;
  updated_at: Date;
  first_response_due_at: Date;
  unit_code: string;
}

const publicSelect = `select r.id, r.case_id, r.category, r.county_code, co.name as county_name, st.name as station_name, r.created_at,
    c.status, c.updated_at, c.first_response_due_at, c.unit_code
  from reports r join cases c on c.id = r.case_id join counties co on co.code = r.county_code left join stations st on st.id = r.station_id`;

/** Status, category, place (county, station) and dates only: what Open311 may show. */
export async function listPublicReports(
  db: Queryable,
  filter: { ids?: string[]; category?: string; from?: Date; to?: Date; open?: boolean; limit: number },
): Promise<PublicReportRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (filter.ids) where.push(`r.id = any(${p(filter.ids)}::bigint[])`);
  else {
    if (filter.category) where.push(`r.category = ${p(filter.category)}`);
    if (filter.from) where.push(`r.created_at >= ${p(filter.from)}`);
    if (filter.to) where.push(`r.created_at <= ${p(filter.to)}`);
    if (filter.open !== undefined) where.push(filter.open ? `c.status <> 'closed'` : `c.status = 'closed'`);
  }
  const sql = `${publicSelect} ${where.length ? `where ${where.join(' and ')}` : ''} order by r.created_at desc limit ${p(filter.limit)}`;
  return (await db.query<PublicReportRow>(sql, params)).rows;
}

export async function countReports(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('select count(*)::int as n from reports')).rows[0]!.n;
}

/** Reports naming a free document, by station and kind of document (PA/… numbers are abstracts, P3/… P3 forms). */
export async function documentDemandCounts(
  db: Queryable,
  category: string,
): Promise<Array<{ station_id: string; document: 'abstract' | 'p3'; reports: number }>> {
  const { rows } = await db.query<{ station_id: string; document: 'abstract' | 'p3'; reports: number }>(
    `select station_id, case when about_document in ('p3') or about_document like 'P3/%' then 'p3' else 'abstract' end as document,
       count(*)::int as reports
     from reports where about_document is not null and category = $1 and station_id is not null
     group by 1, 2 order by reports desc, station_id, document`,
    [category],
  );
  return rows;
}
