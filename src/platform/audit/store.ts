import type { Queryable } from '../db/database.ts';

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
    [entry.actorId, entry.actorLabel, entry.action, entry.subjectType, entry.subjectId, JSON.stringify(entry.detail ?? {})],
  );
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
