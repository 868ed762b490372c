import type { Queryable } from '../db/database.ts';
import type { OneStatement, Relation } from '../db/statement.ts';

export interface AuditEntry {
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
}

export async function insertAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    'insert into audit_log (actor_id, actor_label, action, subject_type, subject_id, detail) values ($1, $2, $3, $4, $5, $6)',
    [
      entry.actorId,
      entry.actorLabel,
      entry.action,
      entry.subjectType,
      entry.subjectId,
      JSON.stringify(entry.detail ?? {}),
    ],
  );
}

/** The columns a step must produce for its rows to be written to the audit trail. */
export type AuditColumn = 'actor_id' | 'actor_label' | 'action' | 'subject_type' | 'subject_id' | 'detail';

/** Adds to the statement the insert of one audit row for each row of `entries`. */
export function insertAuditIn(statement: OneStatement, entries: Relation<AuditColumn>): void {
  const columns = 'actor_id, actor_label, action, subject_type, subject_id, detail';
  statement.with('audited', `insert into audit_log (${columns}) select ${columns} from ${entries.name}`);
}

export interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  detail: Record<string, unknown>;
}

export async function listAudit(db: Queryable, subjectType: string, subjectId: string): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    'select * from audit_log where subject_type = $1 and subject_id = $2 order by id',
    [subjectType, subjectId],
  );
  return rows;
}
