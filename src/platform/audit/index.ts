import type { Queryable } from '../db/database.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import type { OneStatement, Relation } from '../db/statement.ts';
import {
  insertAudit,
  insertAuditIn,
  listAudit,
  searchAudit,
  type AuditColumn,
  type AuditFilter,
  type AuditRow,
} from './store.ts';

export type { AuditColumn, AuditFilter, AuditRow };

/** Records that an actor read or changed something. Call it inside the command's transaction. */
export function audit(
  db: Queryable,
  actor: Actor,
  action: string,
  subjectType: string,
  subjectId: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  return insertAudit(db, {
    actorId: actor.kind === 'staff' ? actor.id : null,
    actorLabel: actorLabel(actor),
    action,
    subjectType,
    subjectId,
    ...(detail ? { detail } : {}),
  });
}

export { listAudit, searchAudit };

/**
 * Records, within a statement another owner composes (see OneStatement), one audit row for each
 * row of `entries`: a step producing the audit columns (actor_id bigint or null, actor_label,
 * action, subject_type, subject_id text, detail jsonb). The rows commit with the statement.
 */
export function auditIn(statement: OneStatement, entries: Relation<AuditColumn>): void {
  insertAuditIn(statement, entries);
}
