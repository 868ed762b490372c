import type { SystemActor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import type { AnyJobDefinition } from '../../platform/jobs/index.ts';
import type { Platform } from '../../platform/module.ts';
import { misconductCategory } from '../../jurisdiction/kenya/index.ts';
import { openCases, type OpenCaseInput } from '../cases/index.ts';
import { formatObNumber } from '../ob/index.ts';
import { claimOverdue, setCase, type DueRequest } from './store.ts';

/** Every minute: requests left unsettled past both periods become cases for IAU. */
export const DOCUMENTS_QUEUE = 'documents.request-clock';

/** A free document withheld: refusal or negligence, IAU's (see the categories). */
export const WITHHELD_CATEGORY = 'refusal_negligence';

const BATCH = 200;

const requestClock: SystemActor = { kind: 'system', label: 'Sauti (the document request clock)' };

const kindNames = {
  abstract_general: 'police abstract',
  abstract_traffic: 'police abstract (traffic accident)',
  p3: 'P3 form',
};

function withheldCase(r: DueRequest, now: Date): OpenCaseInput {
  const rule = misconductCategory(WITHHELD_CATEGORY)!;
  const ob = `OB ${formatObNumber({ day: r.ob_day, number: r.ob_number })}`;
  return {
    source: 'documents',
    category: WITHHELD_CATEGORY,
    unitCode: rule.unit,
    informedUnits: rule.informed,
    oversight: rule.oversight,
    countyCode: r.county_code,
    stationId: r.station_id,
    // the station's own people do not follow a case about their station's desk
    walledStationId: r.station_id,
    title: `Free document not issued: ${kindNames[r.kind]} for ${ob} ${r.station_name}`,
    summary:
      `A ${kindNames[r.kind]} for entry ${ob} at ${r.station_name} was requested online at ` +
      `${r.requested_at.toISOString()}, due by ${r.due_at.toISOString()}, and was neither issued nor refused with a reason.`,
    clocks: rule.clocks,
    openedAt: now,
    openedBy: requestClock,
  };
}

async function escalateBatch(platform: Platform, now: Date): Promise<{ taken: number; references: string[] }> {
  return inTransaction(platform.db.pool, async (client) => {
    const due = await claimOverdue(client, now, BATCH);
    const opened = await openCases(
      client,
      due.map((r) => withheldCase(r, now)),
    );
    for (const [i, r] of due.entries()) {
      await setCase(client, r.id, opened[i]!.id);
      await audit(client, requestClock, 'documents.request.escalated', 'document_request', r.id, {
        station: r.station_id,
        case: opened[i]!.reference,
      });
    }
    return { taken: due.length, references: opened.map((o) => o.reference) };
  });
}

/** Opens a case for every request unsettled past both periods at `now`; each request once, however many runs. */
export async function escalateWithheldRequests(platform: Platform, now = platform.clock.now()): Promise<string[]> {
  const references: string[] = [];
  for (;;) {
    const batch = await escalateBatch(platform, now);
    references.push(...batch.references);
    if (batch.taken < BATCH) return references;
  }
}

export function documentJobs(platform: Platform): AnyJobDefinition[] {
  return [
    { queue: DOCUMENTS_QUEUE, every: '* * * * *', run: async () => void (await escalateWithheldRequests(platform)) },
  ];
}
