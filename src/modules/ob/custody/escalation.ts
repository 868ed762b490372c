import type { SystemActor } from '../../../platform/auth/actor.ts';
import { audit } from '../../../platform/audit/index.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { OneStatement } from '../../../platform/db/statement.ts';
import type { AnyJobDefinition } from '../../../platform/jobs/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { misconductCategory } from '../../../jurisdiction/kenya/index.ts';
import { openCasesIn, type OpenCaseInput, type OpenedCaseColumn } from '../../cases/index.ts';
import { formatObNumber } from '../ob-number.ts';
import { claimDueDeadlines, settleEscalatedIn, settleReleased, type DueDeadline } from './store.ts';

/** Every minute: arrests whose 24 hours have passed with no release recorded become cases. */
export const CUSTODY_QUEUE = 'ob.custody-clock';

/** Held beyond the deadline is an unlawful detention: IAU's, within IPOA's mandate (see the categories). */
export const CUSTODY_CATEGORY = 'unlawful_arrest';

const BATCH = 200;

const custodyClock: SystemActor = { kind: 'system', label: 'Sauti (the custody clock)' };

/** The case for an arrest held past its deadline: the entry's number and times, no names (the entry holds them). */
function custodyCase(d: DueDeadline, now: Date): OpenCaseInput {
  const rule = misconductCategory(CUSTODY_CATEGORY)!;
  const ob = `OB ${formatObNumber(d)}`;
  return {
    source: 'ob',
    category: CUSTODY_CATEGORY,
    unitCode: rule.unit,
    informedUnits: rule.informed,
    oversight: rule.oversight,
    countyCode: d.county_code,
    stationId: d.station_id,
    title: `Custody beyond 24 hours: ${ob} ${d.station_name}`,
    summary:
      `Arrest entry ${ob} at ${d.station_name}: arrested at ${d.arrested_at.toISOString()}; no release or ` +
      `production in court recorded by ${d.due_at.toISOString()} (Constitution Art. 49(1)(f)).`,
    clocks: rule.clocks,
    openedAt: now,
    openedBy: custodyClock,
  };
}

/** Settles one batch of due deadlines in one transaction; answers how many it took and the cases opened. */
async function escalateBatch(
  platform: Platform,
  now: Date,
): Promise<{ taken: number; escalated: Array<{ entryId: string; reference: string }> }> {
  return inTransaction(platform.db.pool, async (client) => {
    const due = await claimDueDeadlines(client, now, BATCH);
    const held = due.filter((d) => !d.released_in_time);
    await settleReleased(
      client,
      due.filter((d) => d.released_in_time).map((d) => d.entry_id),
      now,
    );
    if (held.length === 0) return { taken: due.length, escalated: [] };
    const statement = new OneStatement();
    const cases = openCasesIn(
      statement,
      held.map((d) => custodyCase(d, now)),
    );
    settleEscalatedIn(
      statement,
      cases,
      held.map((d) => d.entry_id),
      now,
    );
    const opened = await statement.run<{ reference: string }, OpenedCaseColumn>(client, cases, ['reference'], 'ord');
    const escalated = held.map((d, i) => ({ entryId: d.entry_id, reference: opened[i]!.reference }));
    for (const [i, e] of escalated.entries())
      await audit(client, custodyClock, 'ob.custody.escalated', 'ob_entry', e.entryId, {
        station: held[i]!.station_id,
        case: e.reference,
      });
    return { taken: due.length, escalated };
  });
}

/**
 * Escalates every arrest whose custody deadline has passed at `now` with no release recorded by it:
 * one case in the hub per arrest, linked to its entry. Each deadline is settled once, however many
 * runs there are at the same time and however often a run is retried.
 */
export async function escalateOverdueArrests(
  platform: Platform,
  now = platform.clock.now(),
): Promise<Array<{ entryId: string; reference: string }>> {
  const escalated: Array<{ entryId: string; reference: string }> = [];
  for (;;) {
    const batch = await escalateBatch(platform, now);
    escalated.push(...batch.escalated);
    if (batch.taken < BATCH) return escalated;
  }
}

export function custodyJobs(platform: Platform): AnyJobDefinition[] {
  return [{ queue: CUSTODY_QUEUE, every: '* * * * *', run: async () => void (await escalateOverdueArrests(platform)) }];
}
