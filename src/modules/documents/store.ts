import type { Queryable } from '../../platform/db/database.ts';
import type { DocumentKind } from './kinds.ts';

export interface NewRequest {
  codeHash: string;
  kind: DocumentKind;
  entryId: string;
  stationId: string;
  language: 'en' | 'sw';
  requestedAt: Date;
  dueAt: Date;
  escalateAt: Date;
  /** the requester's number, sealed, for the SMS when the request is settled */
  phoneSealed: Buffer | null;
}

/** Stores a request; undefined when one of that kind already waits for the entry. */
export async function insertRequest(db: Queryable, r: NewRequest): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `insert into document_requests (code_hash, kind, entry_id, station_id, language, requested_at, due_at, escalate_at,
       phone_sealed)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (entry_id, kind) where status = 'waiting' do nothing returning id`,
    [r.codeHash, r.kind, r.entryId, r.stationId, r.language, r.requestedAt, r.dueAt, r.escalateAt, r.phoneSealed],
  );
  return rows[0]?.id;
}

export interface RequestRow {
  id: string;
  kind: DocumentKind;
  entry_id: string;
  station_id: string;
  station_name: string;
  ob_day: string;
  ob_number: number;
  language: 'en' | 'sw';
  requested_at: Date;
  due_at: Date;
  escalate_at: Date;
  status: 'waiting' | 'issued' | 'refused';
  settled_at: Date | null;
  refused_reason: string | null;
  case_reference: string | null;
  document_number: string | null;
  seal: string | null;
}

const REQUEST = `select r.id, r.kind, r.entry_id, r.station_id, s.name as station_name,
    to_char(e.day, 'YYYY-MM-DD') as ob_day, e.number as ob_number, r.language, r.requested_at, r.due_at,
    r.escalate_at, r.status, r.settled_at, r.refused_reason, c.reference as case_reference, d.number as document_number,
    d.seal
  from document_requests r
  join ob_entries e on e.id = r.entry_id
  join stations s on s.id = r.station_id
  left join cases c on c.id = r.case_id
  left join documents d on d.request_id = r.id`;

export async function requestByCodeHash(db: Queryable, codeHash: string): Promise<RequestRow | undefined> {
  const { rows } = await db.query<RequestRow>(`${REQUEST} where r.code_hash = $1`, [codeHash]);
  return rows[0];
}

export async function requestById(db: Queryable, id: string): Promise<RequestRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const { rows } = await db.query<RequestRow>(`${REQUEST} where r.id = $1`, [id]);
  return rows[0];
}

/** A station's requests still waiting, the oldest due first, and those settled in the last week. */
export async function stationRequests(db: Queryable, stationId: string, since: Date): Promise<RequestRow[]> {
  const { rows } = await db.query<RequestRow>(
    `${REQUEST} where r.station_id = $1 and (r.status = 'waiting' or r.settled_at >= $2)
     order by r.status <> 'waiting', r.due_at limit 500`,
    [stationId, since],
  );
  return rows;
}

/** How many of a station's requests are waiting past their due time. */
export async function overdueCount(db: Queryable, stationId: string, now: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from document_requests where station_id = $1 and status = 'waiting' and due_at <= $2`,
    [stationId, now],
  );
  return rows[0]?.n ?? 0;
}

/** A request just settled: the requester's sealed number, now erased from the request (null if none was given). */
export interface Settled {
  phoneSealed: Buffer | null;
}

/** Settles a waiting request (erasing the requester's number); undefined when it was no longer waiting. */
async function settle(db: Queryable, id: string, set: string, params: unknown[]): Promise<Settled | undefined> {
  const { rows } = await db.query<{ phone_sealed: Buffer | null }>(
    `with was as (select id, phone_sealed from document_requests where id = $1 and status = 'waiting' for update)
     update document_requests r set ${set}, phone_sealed = null from was where r.id = was.id
     returning was.phone_sealed`,
    [id, ...params],
  );
  return rows[0] ? { phoneSealed: rows[0].phone_sealed } : undefined;
}

export const refuseRequest = (db: Queryable, id: string, by: string, reason: string, at: Date) =>
  settle(db, id, `status = 'refused', refused_reason = $3, settled_by = $2, settled_at = $4`, [by, reason, at]);

export const settleIssued = (db: Queryable, id: string, by: string, at: Date) =>
  settle(db, id, `status = 'issued', settled_by = $2, settled_at = $3`, [by, at]);

/** The next number of a station's series for the year (the counter row stays locked until commit). */
export async function nextNumber(db: Queryable, stationId: string, series: string, year: number): Promise<string> {
  const { rows } = await db.query<{ last_number: number }>(
    `insert into document_counters (station_id, kind, year, last_number) values ($1, $2, $3, 1)
     on conflict (station_id, kind, year) do update set last_number = document_counters.last_number + 1
     returning last_number`,
    [stationId, series, year],
  );
  return `${series}/${stationId.toUpperCase()}/${year}/${rows[0]!.last_number}`;
}

export interface NewDocument {
  number: string;
  kind: DocumentKind;
  entryId: string;
  stationId: string;
  requestId: string | null;
  issuedAt: Date;
  issuedBy: string;
  language: 'en' | 'sw';
  holderName: string;
  holderSalt: Buffer;
  seal: string;
  kid: string;
}

export async function insertDocument(db: Queryable, d: NewDocument): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into documents (number, kind, entry_id, station_id, request_id, issued_at, issued_by, language,
       holder_name, holder_salt, seal, kid)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
    [
      d.number,
      d.kind,
      d.entryId,
      d.stationId,
      d.requestId,
      d.issuedAt,
      d.issuedBy,
      d.language,
      d.holderName,
      d.holderSalt,
      d.seal,
      d.kid,
    ],
  );
  return rows[0]!.id;
}

/** Lists the key documents are now signed with, retiring from `at` the one before it (once, however many instances). */
export async function listKey(db: Queryable, kid: string, publicKey: Buffer, at: Date): Promise<void> {
  await db.query(
    `with retired as (
       update document_keys set valid_until = greatest($3, valid_from + interval '1 millisecond')
       where valid_until is null and kid <> $1 and not exists (select 1 from document_keys where kid = $1))
     insert into document_keys (kid, public_key, valid_from) values ($1, $2, $3) on conflict (kid) do nothing`,
    [kid, publicKey, at],
  );
}

export async function listedKeys(
  db: Queryable,
): Promise<Array<{ kid: string; public_key: Buffer; valid_from: Date; valid_until: Date | null }>> {
  const { rows } = await db.query<{ kid: string; public_key: Buffer; valid_from: Date; valid_until: Date | null }>(
    'select kid, public_key, valid_from, valid_until from document_keys order by valid_from',
  );
  return rows;
}

export interface DueRequest {
  id: string;
  kind: DocumentKind;
  station_id: string;
  station_name: string;
  county_code: string;
  ob_day: string;
  ob_number: number;
  requested_at: Date;
  due_at: Date;
}

/** Waiting requests past their second period with no case yet, locked for this run. */
export async function claimOverdue(db: Queryable, now: Date, limit: number): Promise<DueRequest[]> {
  const { rows } = await db.query<DueRequest>(
    `select r.id, r.kind, r.station_id, s.name as station_name, s.county_code, to_char(e.day, 'YYYY-MM-DD') as ob_day,
       e.number as ob_number, r.requested_at, r.due_at
     from document_requests r join stations s on s.id = r.station_id join ob_entries e on e.id = r.entry_id
     where r.status = 'waiting' and r.case_id is null and r.escalate_at <= $1
     order by r.escalate_at limit $2 for update of r skip locked`,
    [now, limit],
  );
  return rows;
}

export async function setCase(db: Queryable, requestId: string, caseId: string): Promise<void> {
  await db.query('update document_requests set case_id = $2 where id = $1 and case_id is null', [requestId, caseId]);
}

export interface DocumentRow {
  id: string;
  number: string;
  kind: DocumentKind;
  station_id: string;
  language: 'en' | 'sw';
  ob_day: string;
  ob_number: number;
  revoked_at: Date | null;
  superseded_by: string | null;
}

/** A document by its number, locked for this transaction when `lock`. */
export async function documentByNumber(db: Queryable, number: string, lock = false): Promise<DocumentRow | undefined> {
  const { rows } = await db.query<DocumentRow>(
    `select d.id, d.number, d.kind, d.station_id, d.language, to_char(e.day, 'YYYY-MM-DD') as ob_day, e.number as ob_number,
       d.revoked_at, d.superseded_by
     from documents d join ob_entries e on e.id = d.entry_id where d.number = $1${lock ? ' for update of d' : ''}`,
    [number],
  );
  return rows[0];
}

/** Ends a document's validity with a reason, pointing to the one that replaces it if any; false if it was already ended. */
export async function endDocument(
  db: Queryable,
  id: string,
  end: { by: string; reason: string; at: Date; supersededBy: string | null },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update documents set revoked_at = $3, revoked_by = $2, revoked_reason = $4, superseded_by = $5
     where id = $1 and revoked_at is null`,
    [id, end.by, end.at, end.reason, end.supersededBy],
  );
  return rowCount === 1;
}
