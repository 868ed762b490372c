import { actorLabel, type Actor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { Conflict, NotFound, Problems } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { localDate } from '../../platform/time/index.ts';
import { clean, MAX_REASONS, resignationOutcomes } from './letter.ts';
import { insertResignationOutcome } from './handling-store.ts';
import { viewSubmission } from './view.ts';

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
    const recorded = await insertResignationOutcome(
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
    const recorded = await insertResignationOutcome(
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
