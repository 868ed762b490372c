import type { Queryable } from '../../../platform/db/database.ts';
import type { UserRow } from '../../../platform/auth/store.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import { overdueAt } from '../store.ts';
import { visibilityCondition } from '../walls.ts';

// The SQL of who works a case within its unit (migration 008-assignee).

/**
 * The active accounts that work a unit's cases: its investigators, and for IPOA its oversight liaisons (an account
 * with no unit recorded is IPOA's). The walls around one case are checked apart.
 */
export async function listUnitPeople(db: Queryable, unitCode: string): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(
    `select * from users
     where disabled_at is null
       and ((role = 'investigator' and unit_code = $1) or (role = 'oversight_liaison' and coalesce(unit_code, 'IPOA') = $1))
     order by display_name, id`,
    [unitCode],
  );
  return rows;
}

export async function setAssignee(db: Queryable, caseId: string, assigneeId: string | null, at: Date): Promise<void> {
  await db.query('update cases set assignee_id = $2, updated_at = $3 where id = $1', [caseId, assigneeId, at]);
}

export interface LoadRow {
  /** Null for the unit's open cases nobody works yet. */
  assignee_id: string | null;
  open: number;
  overdue: number;
}

/**
 * A unit's open cases by the person working them (null: nobody yet), with how many are late at `now`; only the cases
 * the viewer may see are counted (a case walled off from them is not even a number to them).
 */
export async function unitLoad(db: Queryable, viewer: StaffActor, unitCode: string, now: Date): Promise<LoadRow[]> {
  const visible = visibilityCondition(viewer, 3);
  const { rows } = await db.query<LoadRow>(
    `select c.assignee_id, count(*)::int as open, (count(*) filter (where ${overdueAt('$2')}))::int as overdue
     from cases c where c.unit_code = $1 and c.status <> 'closed' and ${visible.sql} group by c.assignee_id`,
    [unitCode, now, ...visible.params],
  );
  return rows;
}
