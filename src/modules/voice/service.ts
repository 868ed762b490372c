import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { acceptEvidence } from '../../platform/blobs/evidence.ts';
import { cleanText } from '../../platform/text/index.ts';
import { actorLabel, isStaff, type Actor, type StaffActor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { openCase } from '../cases/index.ts';
import { canonicalServiceNumber, jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { badField, Conflict, Forbidden, NotFound, Problems } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { signReceipt, type SignedReceipt } from '../../platform/registry/index.ts';
import { localDate, localYear } from '../../platform/time/index.ts';
import { clockMoments, setClock } from './escalation.ts';
import {
  canWrite,
  hasInbox,
  identityShownTo,
  isIdentityCustodian,
  isRegistry,
  mayAcknowledge,
  mayAcknowledgeAny,
} from './permissions.ts';
import * as store from './store.ts';

export const voiceKinds: store.VoiceKind[] = [
  'grievance',
  'harassment',
  'whistleblowing',
  'resignation',
  'counselling',
];
export const grievanceTopics = ['welfare', 'pay', 'promotion', 'transfer', 'housing'] as const;
/** Kinds whose writer may keep their identity from the investigating unit. */
export const protectableKinds: store.VoiceKind[] = ['harassment', 'whistleblowing'];
export const MAX_SUBJECT = 200;
export const MAX_BODY = 8000;
export const MAX_NAMED = 10;
export const resignationOutcomes = ['accepted', 'declined', 'referred'] as const;
export const MAX_REASONS = 2000;

/** The writer of a letter: a staff member with a service number; anyone else is refused (403). */
function officer(actor: Actor): StaffActor & { serviceNumber: string } {
  return requireStaff(actor, canWrite) as StaffActor & { serviceNumber: string };
}

export interface SubmissionInput {
  kind?: string | undefined;
  topic?: string | undefined;
  subject?: string | undefined;
  body?: string | undefined;
  meeting?: string | boolean | undefined;
  protectIdentity?: string | boolean | undefined;
  named?: Array<{ serviceNumber?: string | undefined; name?: string | undefined }> | undefined;
  /** Files already checked and kept by acceptAttachment. */
  attachments?: store.NewSubmission['attachments'] | undefined;
}

export const MAX_ATTACHMENTS = 5;

/** A file sent with a letter: only an officer may send one; checked by its content like report evidence and kept before the letter points at it. */
export async function acceptAttachment(
  platform: Platform,
  actor: Actor,
  stream: Readable,
  fileName: string,
): Promise<store.NewSubmission['attachments'][number]> {
  officer(actor);
  const accepted = await acceptEvidence(
    platform.blobs,
    stream,
    platform.config.evidenceMaxBytes,
    'attachments',
    'voice',
  );
  // the name as the officer's device gave it, without any folder part or control characters
  const name =
    cleanText(fileName.split(/[\\/]/).pop(), { public: true }).replace(/"/g, '').slice(0, 200) || 'attachment';
  return { sha256: accepted.sha256, sizeBytes: accepted.sizeBytes, mediaType: accepted.mediaType, fileName: name };
}

const clean = (value: string | undefined) => cleanText(value, { multiline: true });
const checked = (value: string | boolean | undefined) =>
  value === true || value === 'yes' || value === 'on' || value === 'true';

/**
 * The bytes a receipt's hash is taken over: everything the officer sent and when it was received,
 * as canonical JSON (keys in a fixed order). Anyone holding the submission can recompute it.
 */
export function submissionDigest(
  s: { registryNumber: string; receivedAt: Date; authorServiceNumber: string } & Pick<
    store.NewSubmission,
    'kind' | 'topic' | 'subject' | 'body' | 'meetingRequested' | 'identityProtected' | 'named' | 'attachments'
  >,
): string {
  const canonical = JSON.stringify([
    s.registryNumber,
    s.receivedAt.toISOString(),
    s.authorServiceNumber,
    s.kind,
    s.topic,
    s.subject,
    s.body,
    s.meetingRequested,
    s.identityProtected,
    s.named.map((n) => [n.serviceNumber, n.name]),
    // letters without attachments hash as they always did
    ...(s.attachments.length > 0 ? [s.attachments.map((f) => [f.sha256, f.fileName])] : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function checkSubmission(input: SubmissionInput) {
  const problems = new Problems();
  const kind = input.kind as store.VoiceKind;
  if (!voiceKinds.includes(kind)) problems.add('kind', 'voice.error.kind');
  const topic = kind === 'grievance' ? clean(input.topic) : '';
  if (kind === 'grievance' && !(grievanceTopics as readonly string[]).includes(topic))
    problems.add('topic', 'voice.error.topic');
  const subject = clean(input.subject).replace(/\s+/g, ' ');
  if (!subject) problems.add('subject', 'voice.error.subjectRequired');
  else if (subject.length > MAX_SUBJECT) problems.add('subject', 'error.tooLong', { max: MAX_SUBJECT });
  const body = clean(input.body);
  if (!body) problems.add('body', 'voice.error.bodyRequired');
  else if (body.length > MAX_BODY) problems.add('body', 'error.tooLong', { max: MAX_BODY });
  const protect = checked(input.protectIdentity);
  if (protect && !protectableKinds.includes(kind)) problems.add('protectIdentity', 'voice.error.protect');
  const named: Array<{ serviceNumber: string | null; name: string | null }> = [];
  for (const [i, n] of (input.named ?? []).slice(0, MAX_NAMED).entries()) {
    const serviceNumber = clean(n.serviceNumber).replace(/\s+/g, '');
    const name = clean(n.name).replace(/\s+/g, ' ');
    if (!serviceNumber && !name) continue;
    // the number is what keeps the named officer out of the letter: one that is not a whole service
    // number would wall nobody, so it is refused (the writer can look it up, or give the name alone)
    if (serviceNumber && (serviceNumber.length > 40 || !canonicalServiceNumber(serviceNumber)))
      problems.add(`named${i}ServiceNumber`, 'voice.error.serviceNumber');
    if (name.length > 100) problems.add(`named${i}Name`, 'error.tooLong', { max: 100 });
    named.push({ serviceNumber: serviceNumber || null, name: name || null });
  }
  const attachments = input.attachments ?? [];
  if (attachments.length > MAX_ATTACHMENTS)
    problems.add('attachments', 'voice.error.tooManyAttachments', { max: MAX_ATTACHMENTS });
  problems.throwIfAny();
  return {
    kind,
    topic: topic || null,
    subject,
    body,
    meetingRequested: checked(input.meeting),
    identityProtected: protect,
    named,
    attachments,
  };
}

export interface Submitted {
  registryNumber: string;
  receipt: SignedReceipt;
}

/**
 * An officer's letter to the IG's office: stored whole with its history's first entry and an
 * audit row, hashed, and answered with a receipt signed by the registry key. It goes to the IG's
 * office registry (support requests to the counselling unit), never through the writer's station.
 */
export async function submit(
  platform: Platform,
  actor: Actor,
  input: SubmissionInput,
  now = platform.clock.now(),
): Promise<Submitted> {
  const who = officer(actor);
  const content = checkSubmission(input);
  const unitCode = content.kind === 'counselling' ? 'COUNSELLING' : 'IG_OFFICE';
  const clocks = platform.config.voice;
  const hours = content.kind === 'counselling' ? clocks.counsellingHours : clocks.acknowledgeDays * 24;
  return inTransaction(platform.db.pool, async (client) => {
    const registryNumber = await store.nextRegistryNumber(client, localYear(now, jurisdiction.timeZone));
    const receivedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const sha256 = submissionDigest({ ...content, registryNumber, receivedAt, authorServiceNumber: who.serviceNumber });
    const receipt = signReceipt(platform.registry, { registryNumber, sha256, receivedAt: receivedAt.toISOString() });
    const acknowledgeDueAt = new Date(receivedAt.getTime() + hours * 3600_000);
    const id = await store.insertSubmission(
      client,
      registryNumber,
      {
        ...content,
        authorId: who.id,
        authorServiceNumber: who.serviceNumber,
        authorStationId: who.stationId,
        unitCode,
        sha256,
        receivedAt,
        acknowledgeDueAt,
      },
      receipt,
    );
    await setClock(
      platform,
      client,
      id,
      clockMoments(receivedAt, acknowledgeDueAt, content.kind, clocks.resignationDecisionDays),
    );
    // the audit row names the registry number only: what was written stays in the submission
    await audit(client, who, 'voice.submit', 'voice_submission', registryNumber, { id, kind: content.kind });
    return { registryNumber, receipt };
  });
}

export interface SubmissionView {
  submission: store.SubmissionRow;
  events: store.EventRow[];
  named: Array<{ service_number: string | null; name: string | null }>;
  mine: boolean;
  /** False when the writer asked the investigating side not to learn who they are. */
  identityShown: boolean;
  canAcknowledge: boolean;
  /** A resignation request still open: the registry may decide it, the writer may withdraw it. */
  canDecide: boolean;
  canWithdraw: boolean;
  /** When the decision on a resignation request is due. */
  decisionDueAt: Date | null;
  /** The registry may assign it to a unit (once), which opens its case in the hub. */
  canAssign: boolean;
  /** The reader is the identity custodian of a protected letter. */
  custodian: boolean;
  /** The custodian may tell the assigned unit who wrote it (with a reason). */
  canReveal: boolean;
  reveals: Array<{ unit_code: string; reason: string; at: Date; revealed_by_name: string }>;
  attachments: store.AttachmentRow[];
}

/** Kinds the registry assigns to a unit to look into (resignations it decides itself; support requests are the counselling unit's). */
export const assignableKinds: store.VoiceKind[] = ['grievance', 'harassment', 'whistleblowing'];
export const assignableUnits = ['IAU', 'DCI', 'GENDER', 'COUNSELLING'] as const;
export const MAX_REVEAL_REASON = 2000;
const ASSIGNED_FIRST_RESPONSE_DAYS = 7;
/** One submission, for its writer or a reader behind the wall; the same 404 for anything else. Reads by others are audited. */
export async function viewSubmission(
  platform: Platform,
  actor: Actor,
  registryNumber: string,
  now = platform.clock.now(),
): Promise<SubmissionView> {
  const who = requireStaff(actor);
  if (!/^IGR-\d{4}-\d{6}$/.test(registryNumber)) throw new NotFound();
  const submission = await store.findVisible(platform.db.pool, who, registryNumber, now);
  if (!submission) throw new NotFound();
  const mine = submission.author_id === who.id;
  const [events, named, attachments] = await Promise.all([
    store.listEvents(platform.db.pool, submission.id),
    store.listNamed(platform.db.pool, submission.id),
    store.listAttachments(platform.db.pool, submission.id),
  ]);
  const identityShown = identityShownTo(who, submission, mine);
  if (!mine) await audit(platform.db.pool, who, 'voice.read', 'voice_submission', registryNumber, { identityShown });
  const openResignation = submission.kind === 'resignation' && submission.outcome === null;
  const custodian = !mine && submission.identity_protected && isIdentityCustodian(who);
  const reveals = custodian || mine ? await store.listIdentityReveals(platform.db.pool, submission.id) : [];
  return {
    submission,
    events,
    named,
    mine,
    identityShown,
    canAcknowledge: submission.acknowledged_at === null && mayAcknowledge(who, submission),
    canDecide: openResignation && !mine && isRegistry(who),
    canWithdraw: openResignation && mine,
    decisionDueAt:
      submission.kind === 'resignation'
        ? new Date(submission.received_at.getTime() + platform.config.voice.resignationDecisionDays * 24 * 3600_000)
        : null,
    canAssign:
      !mine && isRegistry(who) && assignableKinds.includes(submission.kind) && submission.assigned_unit === null,
    custodian,
    canReveal:
      custodian && submission.assigned_unit !== null && !submission.revealed_to.includes(submission.assigned_unit),
    reveals: mine ? [] : reveals,
    attachments,
  };
}

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
      firstResponseHours: ASSIGNED_FIRST_RESPONSE_DAYS * 24,
      openedAt: now,
      subjects: view.named.map((n) => ({ serviceNumber: n.service_number, name: n.name, vehiclePlate: null })),
      // the letter's wall on the writer's station goes with it: nobody posted there sees the case
      walledStationId: s.author_station_id,
      openedBy: who,
    });
    const assigned = await store.insertAssignment(client, {
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
    await store.insertIdentityReveal(client, {
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

/** For the case page: the letter a case was opened for, if the reader may see that letter. */
export async function letterOfCase(
  platform: Platform,
  actor: Actor,
  caseReference: string,
): Promise<{ registryNumber: string; kind: store.VoiceKind } | null> {
  const found = await store.findByCaseReference(platform.db.pool, caseReference);
  if (!found || !isStaff(actor)) return null;
  const visible = await store.findVisible(platform.db.pool, actor, found.registry_number, platform.clock.now());
  return visible ? { registryNumber: found.registry_number, kind: found.kind } : null;
}

export async function mySubmissions(
  platform: Platform,
  actor: Actor,
  now = platform.clock.now(),
): Promise<store.SubmissionRow[]> {
  const who = officer(actor);
  return store.listByAuthor(platform.db.pool, who.id, now);
}

/** The registry's inbox, a unit's, or the NPSC liaison's: each sees only what its wall lets through. */
export async function inbox(
  platform: Platform,
  actor: Actor,
  filter: store.InboxFilter,
  now = platform.clock.now(),
): Promise<store.SubmissionRow[]> {
  const who = requireStaff(actor, hasInbox);
  const rows = await store.listInbox(platform.db.pool, who, filter, 200, now);
  await audit(platform.db.pool, who, 'voice.inbox', 'voice_submission', '*', { count: rows.length });
  return rows;
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
  if (!/^IGR-\d{4}-\d{6}$/.test(registryNumber)) throw new NotFound();
  const submission = await store.findVisible(platform.db.pool, who, registryNumber, now);
  if (!submission) throw new NotFound();
  if (!mayAcknowledge(who, submission)) throw new Forbidden();
  await inTransaction(platform.db.pool, async (client) => {
    if (await store.markAcknowledged(client, submission.id, who.id, actorLabel(who), now)) {
      await audit(client, who, 'voice.acknowledge', 'voice_submission', registryNumber);
    }
  });
}

/** For the public verification page: the stored hash of a registry number. */
export function storedHash(platform: Platform, registryNumber: string): Promise<{ sha256: string } | undefined> {
  return store.findHashByRegistryNumber(platform.db.pool, registryNumber);
}

export interface DecisionInput {
  outcome?: string | undefined;
  effectiveDate?: string | undefined;
  reasons?: string | undefined;
  referredTo?: string | undefined;
}

/**
 * The IG's office decides a resignation request, once: accepted with an effective date (today or
 * later), declined with reasons, or referred (to whom, and why).
 */
export async function decideResignation(
  platform: Platform,
  actor: Actor,
  registryNumber: string,
  input: DecisionInput,
  now = platform.clock.now(),
): Promise<void> {
  const view = await viewSubmission(platform, actor, registryNumber, now);
  const who = requireStaff(actor);
  if (!view.canDecide)
    throw view.submission.kind === 'resignation' && view.submission.outcome
      ? new Conflict('the resignation request was already decided or withdrawn')
      : new NotFound();
  const problems = new Problems();
  const outcome = input.outcome as (typeof resignationOutcomes)[number];
  if (!resignationOutcomes.includes(outcome)) problems.add('outcome', 'voice.error.outcome');
  const reasons = clean(input.reasons);
  const referredTo = clean(input.referredTo).replace(/\s+/g, ' ');
  const effectiveDate = clean(input.effectiveDate);
  const today = localDate(now, jurisdiction.timeZone);
  if (
    outcome === 'accepted' &&
    !(/^\d{4}-\d{2}-\d{2}$/.test(effectiveDate) && !Number.isNaN(Date.parse(effectiveDate)) && effectiveDate >= today)
  )
    problems.add('effectiveDate', 'voice.error.effectiveDate');
  if ((outcome === 'declined' || outcome === 'referred') && !reasons) problems.add('reasons', 'voice.error.reasons');
  if (reasons.length > MAX_REASONS) problems.add('reasons', 'error.tooLong', { max: MAX_REASONS });
  if (outcome === 'referred' && !referredTo) problems.add('referredTo', 'voice.error.referredTo');
  if (referredTo.length > 200) problems.add('referredTo', 'error.tooLong', { max: 200 });
  problems.throwIfAny();
  await inTransaction(platform.db.pool, async (client) => {
    const recorded = await store.insertResignationOutcome(
      client,
      view.submission.id,
      {
        outcome,
        effectiveDate: outcome === 'accepted' ? effectiveDate : null,
        reasons: reasons || null,
        referredTo: outcome === 'referred' ? referredTo : null,
      },
      who.id,
      actorLabel(who),
      now,
    );
    if (!recorded) throw new Conflict('the resignation request was already decided or withdrawn');
    await audit(client, who, 'voice.resignation.decide', 'voice_submission', registryNumber, { outcome });
  });
}

/** The writer withdraws their resignation request, while it is undecided. */
export async function withdrawResignation(
  platform: Platform,
  actor: Actor,
  registryNumber: string,
  now = platform.clock.now(),
): Promise<void> {
  const view = await viewSubmission(platform, actor, registryNumber, now);
  const who = requireStaff(actor);
  if (!view.mine || view.submission.kind !== 'resignation') throw new NotFound();
  if (!view.canWithdraw) throw new Conflict('the resignation request was already decided or withdrawn');
  await inTransaction(platform.db.pool, async (client) => {
    const recorded = await store.insertResignationOutcome(
      client,
      view.submission.id,
      { outcome: 'withdrawn', effectiveDate: null, reasons: null, referredTo: null },
      who.id,
      actorLabel(who),
      now,
    );
    if (!recorded) throw new Conflict('the resignation request was already decided or withdrawn');
    await audit(client, who, 'voice.resignation.withdraw', 'voice_submission', registryNumber);
  });
}

/** One attachment of a letter, for whoever may read the letter; a reader's download is audited with the file's hash. */
export async function attachmentOf(
  platform: Platform,
  actor: Actor,
  registryNumber: string,
  index: string,
): Promise<{ sha256: string; mediaType: string; name: string }> {
  const view = await viewSubmission(platform, actor, registryNumber);
  const file = /^\d{1,2}$/.test(index) ? view.attachments[Number(index) - 1] : undefined;
  if (!file) throw new NotFound();
  if (!view.mine)
    await audit(
      platform.db.pool,
      requireStaff(actor),
      'voice.attachment.download',
      'voice_submission',
      registryNumber,
      { sha256: file.sha256 },
    );
  return {
    sha256: file.sha256,
    mediaType: file.media_type,
    name: `${registryNumber}-${index}-${file.file_name.replace(/[^\w.-]+/g, '_')}`,
  };
}
