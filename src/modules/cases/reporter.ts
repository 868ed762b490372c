import { actorLabel, isStaff, type Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { badField, NotFound } from '../../platform/http/errors.ts';
import { clocksOnReporterMessage } from './clocks/service.ts';
import { addEvidenceCount } from './clocks/store.ts';
import { checkMessage } from './service.ts';
import * as store from './store.ts';
import { REPLY_AFTER_CLOSE_DAYS, replyAllowedUntil, reporterTimeline } from './timeline.ts';

// The reporter's side of a case: their replies, what they add, and what they may know of it.

/**
 * The reporter's reply, after the caller has proven they hold the receipt. A reply to a closed case within
 * REPLY_AFTER_CLOSE_DAYS opens it again, for its unit to assess; after that it is refused. A case waiting for
 * the reporter goes back to where it stood. Either way its clocks resume and the unit owes an answer.
 */
export async function addReporterMessage(client: Queryable, caseId: string, body: string, now: Date): Promise<void> {
  const text = checkMessage(body);
  const c = await store.findCaseById(client, caseId, now);
  if (!c) throw new NotFound();
  let status = c.status;
  if (c.status === 'closed') {
    const until = replyAllowedUntil(c.closed_at)!;
    if (until.getTime() < now.getTime())
      badField('message', 'cases.error.replyWindowClosed', { days: REPLY_AFTER_CLOSE_DAYS });
    status = 'under_assessment';
  } else if (c.status === 'waiting_for_reporter') {
    status = c.resume_status ?? 'under_investigation';
  }
  if (status !== c.status) {
    await store.updateStatus(client, caseId, status, null, now);
    await store.insertHistory(client, {
      caseId,
      actorId: null,
      actorLabel: 'reporter',
      action: c.status === 'closed' ? 'reopened' : 'resumed',
      fromStatus: c.status,
      toStatus: status,
      at: now,
    });
  }
  await clocksOnReporterMessage(client, c, status, now);
  await store.insertMessage(client, caseId, 'from_reporter', null, text);
  await store.insertHistory(client, { caseId, actorId: null, actorLabel: 'reporter', action: 'message_from_reporter' });
}

/** Records something added to a case by its source module (e.g. more evidence from the reporter). */
export async function recordCaseEvent(
  client: Queryable,
  caseId: string,
  actor: Actor,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await store.insertHistory(client, {
    caseId,
    actorId: isStaff(actor) ? actor.id : null,
    actorLabel: actor.kind === 'public' ? 'reporter' : actorLabel(actor),
    action,
    detail,
  });
}

/** Files its source module added to a case after it opened (the queue counts a case's evidence). */
export async function countEvidence(client: Queryable, caseId: string, files: number): Promise<void> {
  await addEvidenceCount(client, caseId, files);
}

/** What the reporter may know: status, outcome, dates and the messages (never staff names). */
export async function reporterView(db: Queryable, caseId: string, now: Date) {
  const c = await store.findCaseById(db, caseId, now);
  if (!c) throw new NotFound();
  const messages = (await store.listMessages(db, caseId)).map((m) => ({
    id: m.id,
    at: m.at,
    direction: m.direction,
    body: m.body,
  }));
  return {
    reference: c.reference,
    status: c.status,
    outcome: c.outcome,
    unitCode: c.unit_code,
    openedAt: c.opened_at,
    firstResponseDueAt: c.first_response_due_at,
    firstRespondedAt: c.first_responded_at,
    updatedAt: c.updated_at,
    /** Until when a reply opens the closed case again (undefined while it is open). */
    replyUntil: replyAllowedUntil(c.closed_at),
    timeline: reporterTimeline(c, await store.listHistory(db, caseId)),
    messages,
  };
}
