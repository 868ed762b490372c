import type { Queryable } from '../../../platform/db/database.ts';
import type { EntryKind } from '../../ob/index.ts';
import type { DocumentKind } from '../kinds.ts';

/** What an issued document prints: its own row, and of its entry only the number, kind and times. */
export interface PrintedRow {
  id: string;
  entry_id: string;
  number: string;
  kind: DocumentKind;
  language: 'en' | 'sw';
  holder_name: string;
  issued_at: Date;
  seal: string;
  station_id: string;
  station_name: string;
  ob_day: string;
  ob_number: number;
  entry_kind: EntryKind;
  occurred_at: Date;
  recorded_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export async function printedDocument(db: Queryable, id: string): Promise<PrintedRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const { rows } = await db.query<PrintedRow>(
    `select d.id, d.entry_id, d.number, d.kind, d.language, d.holder_name, d.issued_at, d.seal, d.station_id,
       s.name as station_name, to_char(e.day, 'YYYY-MM-DD') as ob_day, e.number as ob_number, e.kind as entry_kind,
       e.occurred_at, e.recorded_at, d.revoked_at, d.revoked_reason
     from documents d join ob_entries e on e.id = d.entry_id join stations s on s.id = d.station_id
     where d.id = $1`,
    [id],
  );
  return rows[0];
}

export interface IssuedRef {
  id: string;
  number: string;
  station_id: string;
}

export async function documentByNumber(db: Queryable, number: string): Promise<IssuedRef | undefined> {
  const { rows } = await db.query<IssuedRef>('select id, number, station_id from documents where number = $1', [
    number,
  ]);
  return rows[0];
}

/** The document issued in answer to the request with this code (by its hash); none while it waits or if refused. */
export async function documentByRequestCode(db: Queryable, codeHash: string): Promise<IssuedRef | undefined> {
  const { rows } = await db.query<IssuedRef>(
    `select d.id, d.number, d.station_id from document_requests r join documents d on d.request_id = r.id
     where r.code_hash = $1`,
    [codeHash],
  );
  return rows[0];
}

/** How a document prints: before its entry is in a checkpoint, with the log's proof of it, or revoked. */
export type PrintState = 'pending' | 'logged' | 'revoked';

/** The file of the PDF kept for a document in a state, if it was drawn. */
export async function keptPdf(db: Queryable, documentId: string, state: PrintState): Promise<string | undefined> {
  const { rows } = await db.query<{ sha256: string }>(
    'select sha256 from document_pdfs where document_id = $1 and state = $2',
    [documentId, state],
  );
  return rows[0]?.sha256;
}

export async function keepPdfRow(
  db: Queryable,
  kept: { documentId: string; state: PrintState; sha256: string; size: number; drawnAt: Date },
): Promise<void> {
  await db.query(
    `insert into document_pdfs (document_id, state, sha256, size, drawn_at) values ($1, $2, $3, $4, $5)
     on conflict (document_id, state) do nothing`,
    [kept.documentId, kept.state, kept.sha256, kept.size, kept.drawnAt],
  );
}

/**
 * Documents issued or revoked since `since` with no PDF kept for how they now print (a revoked one with
 * none stamped revoked), oldest first.
 */
export async function documentsWithoutPdf(db: Queryable, since: Date, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select d.id from documents d
     where (d.issued_at >= $2 or d.revoked_at >= $2) and not exists (select 1 from document_pdfs p where p.document_id = d.id
                        and (p.state = 'revoked') = (d.revoked_at is not null))
     order by d.id limit $1`,
    [limit, since],
  );
  return rows.map((r) => r.id);
}
