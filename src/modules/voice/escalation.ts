import type { SystemActor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction, type Queryable } from '../../platform/db/database.ts';
import type { AnyJobDefinition } from '../../platform/jobs/index.ts';
import type { Platform } from '../../platform/module.ts';
import { recordDueEscalations } from './escalation-store.ts';
import type { EscalationStep, VoiceKind } from './store.ts';
import { voiceSettings } from './settings.ts';

/** Timers set when a letter arrives: one per moment a step may fall due. */
export const VOICE_CLOCK_QUEUE = 'voice.clock';
/** Every few minutes, every letter: catches anything a timer missed (a changed clock, a lost job). */
export const VOICE_SWEEP_QUEUE = 'voice.clock-sweep';

const clock: SystemActor = { kind: 'system', label: "Sauti (the registry's clock)" };

/** Who each step goes to (i18n keys "voice.escalatedTo.<step>"). */
export const escalationSteps: EscalationStep[] = ['registry_head', 'npsc', 'decision_overdue'];

/**
 * Records the escalations due at `now`, for one letter or for all, each with an event the writer
 * sees and an audit row. A step is recorded once whoever runs this and however often.
 */
export async function escalateDue(
  platform: Platform,
  now = platform.clock.now(),
  submissionId?: string,
): Promise<Array<{ submission_id: string; step: EscalationStep }>> {
  return inTransaction(platform.db.pool, async (client) => {
    const recorded = await recordDueEscalations(
      client,
      now,
      platform.config.settings.of(voiceSettings).resignationDecisionDays,
      submissionId,
    );
    for (const r of recorded)
      await audit(client, clock, 'voice.escalate', 'voice_submission', r.submission_id, { step: r.step });
    return recorded;
  });
}

/** When each step of a new letter may fall due: the acknowledgement clock, once more, and (resignations) the decision. */
export function clockMoments(
  receivedAt: Date,
  acknowledgeDueAt: Date,
  kind: VoiceKind,
  resignationDecisionDays: number,
): Date[] {
  const period = acknowledgeDueAt.getTime() - receivedAt.getTime();
  const moments = [acknowledgeDueAt, new Date(acknowledgeDueAt.getTime() + period)];
  if (kind === 'resignation') moments.push(new Date(receivedAt.getTime() + resignationDecisionDays * 24 * 3600_000));
  return moments;
}

/** Sets the letter's timers inside the transaction that stores it: no letter without its clock. */
export async function setClock(
  platform: Platform,
  client: Queryable,
  submissionId: string,
  moments: Date[],
): Promise<void> {
  for (const at of moments)
    await platform.jobs.sendIn(client, VOICE_CLOCK_QUEUE, { submissionId, at: at.toISOString() }, at);
}

export function voiceJobs(platform: Platform): AnyJobDefinition[] {
  return [
    {
      queue: VOICE_CLOCK_QUEUE,
      // the job starts no earlier than its moment by the database's clock; the platform's clock may lag by a few ms (or stand set by a test)
      run: async (data: { submissionId: string; at: string }) => {
        await escalateDue(
          platform,
          new Date(Math.max(platform.clock.now().getTime(), Date.parse(data.at))),
          data.submissionId,
        );
      },
    },
    { queue: VOICE_SWEEP_QUEUE, every: '*/5 * * * *', run: async () => void (await escalateDue(platform)) },
  ];
}
