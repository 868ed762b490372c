import { actorLabel, type Actor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { toActor } from '../../../platform/auth/store.ts';
import { audit } from '../../../platform/audit/index.ts';
import { inTransaction, type Queryable } from '../../../platform/db/database.ts';
import { badField, Forbidden, Problems } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { units } from '../../../jurisdiction/kenya/index.ts';
import { directedUnitOf } from '../permissions.ts';
import { loadForAction, MAX_REASON_LENGTH } from '../service.ts';
import * as cases from '../store.ts';
import type { CaseRow } from '../store.ts';
import { caseWallsOut } from '../walls.ts';
import { listUnitPeople, setAssignee, unitLoad } from './store.ts';

export interface Person {
  id: string;
  name: string;
}

/** Who a case may be given to: the people of its unit whom its walls let in (never an officer it names). */
export async function assignableFor(db: Queryable, c: Pick<CaseRow, 'id' | 'unit_code'>): Promise<Person[]> {
  const people: Person[] = [];
  for (const row of await listUnitPeople(db, c.unit_code))
    if (!(await caseWallsOut(db, toActor(row), c.id))) people.push({ id: row.id, name: row.display_name });
  return people;
}

export interface Assignment {
  /** A person's account id, `me`, or `none` to leave the case to the unit. */
  assignee: string;
  /** Why: required when the case is taken from someone. */
  reason: string;
}

/**
 * Gives a case to a person of its unit (or back to the unit), by someone who may act on it. Taking it from the
 * person working it needs a reason; every change is in the case's history and the audit log.
 */
export async function assignCase(platform: Platform, actor: Actor, reference: string, input: Assignment) {
  const who = requireStaff(actor);
  const reason = input.reason.trim();
  const problems = new Problems();
  const target = input.assignee === 'me' ? who.id : input.assignee === 'none' ? null : input.assignee;
  if (target !== null && !/^\d{1,18}$/.test(target)) problems.add('assignee', 'cases.error.assignee');
  if (reason.length > MAX_REASON_LENGTH) problems.add('reason', 'error.tooLong', { max: MAX_REASON_LENGTH });
  problems.throwIfAny();
  const now = platform.clock.now();
  await inTransaction(platform.db.pool, async (client) => {
    const c = await loadForAction(client, who, reference, now);
    if (c.assignee_id === target) badField('assignee', 'cases.error.sameAssignee');
    if (c.assignee_id !== null && !reason) badField('reason', 'cases.error.reasonRequired');
    const people = await assignableFor(client, c);
    const to = target === null ? null : people.find((p) => p.id === target);
    if (to === undefined) badField('assignee', 'cases.error.assignee');
    await setAssignee(client, c.id, target, now);
    await cases.insertHistory(client, {
      caseId: c.id,
      actorId: who.id,
      actorLabel: actorLabel(who),
      action: 'assigned',
      reason: reason || null,
      detail: { from: c.assignee_name ?? null, to: to?.name ?? null },
    });
    await audit(client, who, 'case.assign', 'case', c.reference, { from: c.assignee_id, to: target });
  });
}

export interface UnitLoad {
  unitCode: string;
  people: Array<Person & { open: number; overdue: number }>;
  unassigned: { open: number; overdue: number };
}

/**
 * A unit's open cases per person (who has how many, how many late), for the people of the unit and the IG's office;
 * counted over the cases the viewer may see. 403 for anyone else.
 */
export async function loadOfUnit(platform: Platform, actor: Actor, unitCode?: string): Promise<UnitLoad> {
  const who = requireStaff(actor);
  const own = directedUnitOf(who);
  const unit = who.role === 'ig_office' ? (unitCode ?? units[0]!.code) : own;
  if (!unit || (unitCode && unitCode !== unit)) throw new Forbidden();
  const [people, load] = await Promise.all([
    listUnitPeople(platform.db.pool, unit),
    unitLoad(platform.db.pool, who, unit, platform.clock.now()),
  ]);
  const of = (id: string | null) => load.find((l) => l.assignee_id === id) ?? { open: 0, overdue: 0 };
  return {
    unitCode: unit,
    people: people.map((p) => ({ id: p.id, name: p.display_name, open: of(p.id).open, overdue: of(p.id).overdue })),
    unassigned: { open: of(null).open, overdue: of(null).overdue },
  };
}
