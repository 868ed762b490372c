import type { Queryable } from '../../../platform/db/database.ts';

/** Part I as the form carries it, where it was sent, and whether Part II is written (not what it says). */
export interface P3Row {
  id: string;
  number: string;
  entry_id: string;
  station_id: string;
  station_name: string;
  ob_day: string;
  ob_number: number;
  holder_name: string;
  issued_at: Date;
  revoked_at: Date | null;
  facility_id: string | null;
  facility_name: string | null;
  sent_at: Date | null;
  completed_at: Date | null;
}

const P3 = `select d.id, d.number, d.entry_id, d.station_id, s.name as station_name,
    to_char(e.day, 'YYYY-MM-DD') as ob_day, e.number as ob_number, d.holder_name, d.issued_at, d.revoked_at,
    f.facility_id, fa.name as facility_name, f.sent_at, x.completed_at
  from documents d
  join stations s on s.id = d.station_id
  join ob_entries e on e.id = d.entry_id
  left join p3_forms f on f.document_id = d.id
  left join facilities fa on fa.id = f.facility_id
  left join p3_findings x on x.document_id = d.id
  where d.kind = 'p3'`;

export async function p3ById(db: Queryable, id: string): Promise<P3Row | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const { rows } = await db.query<P3Row>(`${P3} and d.id = $1`, [id]);
  return rows[0];
}

export async function p3ByNumber(db: Queryable, number: string): Promise<P3Row | undefined> {
  const { rows } = await db.query<P3Row>(`${P3} and d.number = $1`, [number]);
  return rows[0];
}

/** A station's P3 forms: those not yet completed first (unsent before sent), then the latest completed. */
export async function stationP3s(db: Queryable, stationId: string): Promise<P3Row[]> {
  const { rows } = await db.query<P3Row>(
    `${P3} and d.station_id = $1
     order by x.completed_at is not null, f.sent_at is not null, coalesce(x.completed_at, d.issued_at) desc limit 200`,
    [stationId],
  );
  return rows;
}

/** The P3 forms sent to a facility: those waiting for Part II, oldest first, then the latest completed. */
export async function facilityP3s(db: Queryable, facilityId: string): Promise<P3Row[]> {
  const { rows } = await db.query<P3Row>(
    `${P3} and f.facility_id = $1
     order by x.completed_at is not null, case when x.completed_at is null then f.sent_at end,
       x.completed_at desc limit 200`,
    [facilityId],
  );
  return rows;
}

/** Sends a P3 form to a facility; false when it had already been sent. */
export async function insertSent(
  db: Queryable,
  documentId: string,
  facilityId: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into p3_forms (document_id, facility_id, sent_at, sent_by) values ($1, $2, $3, $4)
     on conflict (document_id) do nothing`,
    [documentId, facilityId, at, by],
  );
  return rowCount === 1;
}

export interface Findings {
  examinedAt: Date;
  examinerName: string;
  examinerRegistration: string;
  injuries: string;
  weapon: string;
  injuryAge: string | null;
  degree: 'harm' | 'grievous_harm' | 'maim';
  treatment: string;
  remarks: string | null;
}

/** Writes Part II; false when it was already written. */
export async function insertFindings(
  db: Queryable,
  documentId: string,
  f: Findings,
  by: string,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into p3_findings (document_id, examined_at, examiner_name, examiner_registration, injuries, weapon,
       injury_age, degree, treatment, remarks, completed_at, completed_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict (document_id) do nothing`,
    [
      documentId,
      f.examinedAt,
      f.examinerName,
      f.examinerRegistration,
      f.injuries,
      f.weapon,
      f.injuryAge,
      f.degree,
      f.treatment,
      f.remarks,
      at,
      by,
    ],
  );
  return rowCount === 1;
}

export interface FindingsRow extends Findings {
  completedAt: Date;
  completedBy: string;
}

export async function findingsOf(db: Queryable, documentId: string): Promise<FindingsRow | undefined> {
  const { rows } = await db.query<FindingsRow>(
    `select x.examined_at as "examinedAt", x.examiner_name as "examinerName",
       x.examiner_registration as "examinerRegistration", x.injuries, x.weapon, x.injury_age as "injuryAge",
       x.degree, x.treatment, x.remarks, x.completed_at as "completedAt", u.display_name as "completedBy"
     from p3_findings x join users u on u.id = x.completed_by where x.document_id = $1`,
    [documentId],
  );
  return rows[0];
}

/** The cases an entry was linked to (opened from it, or given its footage): their investigators may read Part II. */
export async function casesOfEntry(db: Queryable, entryId: string): Promise<string[]> {
  const { rows } = await db.query<{ case_id: string }>(
    'select case_id from ob_entry_cases where entry_id = $1 order by case_id',
    [entryId],
  );
  return rows.map((r) => r.case_id);
}
