import type { Queryable } from '../db/database.ts';
import { actorLabel, type Actor } from '../auth/actor.ts';
import { insertAudit, listAudit, type AuditRow } from './store.ts';

export type { AuditRow };

/** Records that an actor read or changed something. Call it inside the command's transaction. */
export function audit(db: Queryable, actor: Actor, action: string, subjectType: string, subjectId: string, detail?: Record<string, unknown>): Promise<void> {
  return insertAudit(db, {
    actorId: actor.kind === 'staff' ? actor.id : null,
    actorLabel: actorLabel(actor),
    action,
    subjectType,
    subjectId,
    ...(detail ? { detail } : {}),
  });
}

export { listAudit };
