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

export interface AuditFilter {
  /** Part of the actor's label (their name and role as recorded). */
  actor?: string | undefined;
  /** The action or its beginning (`case.` for every case action). */
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
}

/** The trail, newest first, as the filter narrows it, in a window; with how many rows match in all. */
export async function searchAudit(
  db: Queryable,
  filter: AuditFilter,
  window: { limit: number; offset: number },
): Promise<{ rows: AuditRow[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = ['true'];
  const p = (value: unknown) => `$${params.push(value)}`;
  const escaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
  if (filter.actor) where.push(`actor_label ilike ${p(`%${escaped(filter.actor)}%`)}`);
  if (filter.action) where.push(`action like ${p(`${escaped(filter.action)}%`)}`);
  if (filter.subjectType) where.push(`subject_type = ${p(filter.subjectType)}`);
  if (filter.subjectId) where.push(`subject_id = ${p(filter.subjectId)}`);
  if (filter.from) where.push(`at >= ${p(filter.from)}`);
  if (filter.to) where.push(`at < ${p(filter.to)}`);
  const whereSql = where.join(' and ');
  const total = (await db.query<{ n: number }>(`select count(*)::int as n from audit_log where ${whereSql}`, params))
    .rows[0]!.n;
  const { rows } = await db.query<AuditRow>(
    `select * from audit_log where ${whereSql} order by id desc limit ${p(window.limit)} offset ${p(window.offset)}`,
    params,
  );
  return { rows, total };
}
