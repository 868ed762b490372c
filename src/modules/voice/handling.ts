import { actorLabel, type Actor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { openCase, roundTheClock } from '../cases/index.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { badField, Conflict, Forbidden, NotFound } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { assignableKinds, assignableUnits, clean, MAX_REVEAL_REASON } from './letter.ts';
import { mayAcknowledge, mayAcknowledgeAny, isRegistry } from './permissions.ts';
import * as handlingStore from './handling-store.ts';
import * as store from './store.ts';
import { viewSubmission } from './view.ts';

const ASSIGNED_FIRST_RESPONSE_DAYS = 7;
/**
 * The registry assigns a letter to a unit: the letter becomes a case in the hub (so directives,
 * deadlines and the unit's queue work as for any case) and the unit may read it; the writer sees
 * to which unit it went. The case carries the named officers and the writer's station, so the hub's
 * walls keep them, and everyone posted at that station, out too.
 */
export async function assignToUnit(
  platform: Platform,
  actor: Actor,
  registryNumber: string,
  input: { unit?: string | undefined },
  now = platform.clock.now(),
): Promise<{ caseReference: string }> {
  const view = await viewSubmission(platform, actor, registryNumber, now);
  const who = requireStaff(actor);
  if (view.mine || !isRegistry(who) || !assignableKinds.includes(view.submission.kind)) throw new NotFound();
  const unit = input.unit ?? '';
  if (!(assignableUnits as readonly string[]).includes(unit)) badField('unit', 'voice.error.unit');
  if (view.submission.assigned_unit) throw new Conflict('the letter is already assigned');
  const s = view.submission;
  return inTransaction(platform.db.pool, async (client) => {
    const opened = await openCase(client, {
      source: 'voice',
      category: `officer_${s.kind}`,
      unitCode: unit,
      title: s.subject,
      // the case points to the letter; what the officer wrote stays behind the letter's own walls
      summary: `Officer's letter ${s.registry_number}`,
      clocks: { firstResponse: roundTheClock(ASSIGNED_FIRST_RESPONSE_DAYS * 24) },
      openedAt: now,
      subjects: view.named.map((n) => ({ serviceNumber: n.service_number, name: n.name, vehiclePlate: null })),
      // the letter's wall on the writer's station goes with it: nobody posted there sees the case
      walledStationId: s.author_station_id,
      openedBy: who,
    });
    const assigned = await handlingStore.insertAssignment(client, {
      submissionId: s.id,
      unitCode: unit,
      caseReference: opened.reference,
      actorId: who.id,
      actorLabel: actorLabel(who),
      at: now,
    });
    if (!assigned) throw new Conflict('the letter is already assigned');
    await audit(client, who, 'voice.assign', 'voice_submission', registryNumber, { unit, case: opened.reference });
    return { caseReference: opened.reference };
  });
}

/** The identity custodian tells the assigned unit who wrote a protected letter, for a reason that is kept and audited. */
export async function revealIdentity(
  platform: Platform,
  actor: Actor,
  registryNumber: string,
  input: { reason?: string | undefined },
  now = platform.clock.now(),
): Promise<void> {
  const view = await viewSubmission(platform, actor, registryNumber, now);
  const who = requireStaff(actor);
  if (!view.custodian) throw view.mine || !view.submission.identity_protected ? new NotFound() : new Forbidden();
  if (!view.canReveal)
    badField('reason', view.submission.assigned_unit ? 'voice.error.alreadyRevealed' : 'voice.error.notAssigned');
  const reason = clean(input.reason);
  if (!reason) badField('reason', 'voice.error.revealReason');
  if (reason.length > MAX_REVEAL_REASON) badField('reason', 'error.tooLong', { max: MAX_REVEAL_REASON });
  await inTransaction(platform.db.pool, async (client) => {
    await handlingStore.insertIdentityReveal(client, {
      submissionId: view.submission.id,
      unitCode: view.submission.assigned_unit!,
      reason,
      actorId: who.id,
      actorLabel: actorLabel(who),
      at: now,
    });
    await audit(client, who, 'voice.identity.reveal', 'voice_submission', registryNumber, {
      unit: view.submission.assigned_unit,
      reason,
    });
  });
}

/**
 * The registry (or the counselling unit, for its requests) says it has the letter; once. Nobody
 * else may stop the clock on the registry's behalf: other roles are refused before anything is
 * looked up, a letter the person cannot see is not found, and one they may read but not
 * acknowledge (a unit it was assigned to) is refused.
 */
export async function acknowledge(
  platform: Platform,
  actor: Actor,
  registryNumber: string,
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor, mayAcknowledgeAny);
  if (!/^IGR-\d{4}-\d{6,}$/.test(registryNumber)) throw new NotFound();
  const submission = await store.findVisible(platform.db.pool, who, registryNumber, now);
  if (!submission) throw new NotFound();
  if (!mayAcknowledge(who, submission)) throw new Forbidden();
  await inTransaction(platform.db.pool, async (client) => {
    if (await handlingStore.markAcknowledged(client, submission.id, who.id, actorLabel(who), now)) {
      await audit(client, who, 'voice.acknowledge', 'voice_submission', registryNumber);
    }
  });
}
