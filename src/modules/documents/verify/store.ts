import type { Queryable } from '../../../platform/db/database.ts';

export interface DocumentRow {
  entry_id: string;
  number: string;
  station_name: string;
  issued_at: Date;
  holder_name: string;
  seal: string;
  revoked_at: Date | null;
  revoked_reason: string | null;
  /** the number of the document that replaced it */
  superseded_by: string | null;
}

/** A document by its number, with what a verifier is told of it. */
export async function documentByNumber(db: Queryable, number: string): Promise<DocumentRow | undefined> {
  const { rows } = await db.query<DocumentRow>(
    `select d.entry_id, d.number, s.name as station_name, d.issued_at, d.holder_name, d.seal, d.revoked_at, d.revoked_reason,
       n.number as superseded_by
     from documents d
     join stations s on s.id = d.station_id
     left join documents n on n.id = d.superseded_by
     where d.number = $1`,
    [number],
  );
  return rows[0];
}
