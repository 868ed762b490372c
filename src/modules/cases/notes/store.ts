import type { Queryable } from '../../../platform/db/database.ts';

// The SQL of internal notes (migration 007-notes).

export interface NoteRow {
  id: string;
  at: Date;
  body: string;
  author_label: string;
}

export async function insertNote(db: Queryable, caseId: string, authorId: string, body: string, at: Date) {
  await db.query('insert into case_notes (case_id, author_id, body, at) values ($1, $2, $3, $4)', [
    caseId,
    authorId,
    body,
    at,
  ]);
}

export async function listNotes(db: Queryable, caseId: string): Promise<NoteRow[]> {
  const { rows } = await db.query<NoteRow>(
    `select n.id, n.at, n.body, u.display_name as author_label
     from case_notes n join users u on u.id = n.author_id where n.case_id = $1 order by n.id`,
    [caseId],
  );
  return rows;
}
