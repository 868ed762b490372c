import { createHash } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import { canonicalServiceNumber, jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { Problems } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { signReceipt, type SignedReceipt } from '../registry/index.ts';
import { localYear } from '../../platform/time/index.ts';
import { clockMoments, setClock } from './escalation.ts';
import {
  clean,
  MAX_ATTACHMENTS,
  MAX_BODY,
  MAX_NAMED,
  MAX_SUBJECT,
  grievanceTopics,
  officer,
  protectableKinds,
  voiceKinds,
} from './letter.ts';
import * as store from './store.ts';
import { voiceSettings } from './settings.ts';

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
  const clocks = platform.config.settings.of(voiceSettings);
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
