import { isStaff, type Actor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { audit } from '../../platform/audit/index.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { assignableKinds, officer } from './letter.ts';
import { hasInbox, identityShownTo, isIdentityCustodian, isRegistry, mayAcknowledge } from './permissions.ts';
import { listIdentityReveals } from './handling-store.ts';
import * as store from './store.ts';
import { voiceSettings } from './settings.ts';

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

/** One submission, for its writer or a reader behind the wall; the same 404 for anything else. Reads by others are audited. */
export async function viewSubmission(
  platform: Platform,
  actor: Actor,
  registryNumber: string,
  now = platform.clock.now(),
): Promise<SubmissionView> {
  const who = requireStaff(actor);
  if (!/^IGR-\d{4}-\d{6,}$/.test(registryNumber)) throw new NotFound();
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
  const reveals = custodian || mine ? await listIdentityReveals(platform.db.pool, submission.id) : [];
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
        ? new Date(
            submission.received_at.getTime() +
              platform.config.settings.of(voiceSettings).resignationDecisionDays * 24 * 3600_000,
          )
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

/** For the public verification page: the stored hash of a registry number. */
export function storedHash(platform: Platform, registryNumber: string): Promise<{ sha256: string } | undefined> {
  return store.findHashByRegistryNumber(platform.db.pool, registryNumber);
}
