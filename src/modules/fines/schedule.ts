import type { Problems } from '../../platform/http/errors.ts';
import { localDate } from '../../platform/time/index.ts';
import { offenceSchedules, type OffenceSchedule, type ScheduledOffence } from '../../jurisdiction/kenya/index.ts';

// Amounts come from the schedule in force on the offence date, never from what an officer types.

/** The schedule in force on the day (in `zone`) of `at`; undefined before the first. */
export function scheduleOn(at: Date, zone: string): OffenceSchedule | undefined {
  const day = localDate(at, zone);
  return offenceSchedules.filter((s) => s.validFrom <= day).at(-1);
}

export interface PricedOffence {
  code: string;
  quantity: number;
  /** per seat, for an offence fined per item */
  unitCents: number | null;
  amountCents: number;
  offence: ScheduledOffence;
}

export interface PricedNotice {
  schedule: OffenceSchedule | null;
  lines: PricedOffence[];
  totalCents: number;
  /** fine: something to pay; warning: every offence is a warning; court: outside the schedule */
  kind: 'fine' | 'warning' | 'court';
}

/** Prices the offences by the schedule in force at `at`; an unknown code or a bad count is a problem on `offences`. */
export function priceOffences(
  list: ReadonlyArray<{ code: string; quantity: number }>,
  at: Date,
  zone: string,
  problems: Problems,
): PricedNotice {
  const schedule = scheduleOn(at, zone);
  const lines: PricedOffence[] = [];
  const seen = new Set<string>();
  for (const [i, item] of list.entries()) {
    const offence = schedule?.offences.find((o) => o.code === item.code);
    if (!offence) {
      problems.add(`offences.${i}`, 'fines.error.unknownOffence', { code: item.code.slice(0, 20) });
      continue;
    }
    if (seen.has(offence.code)) {
      problems.add(`offences.${i}`, 'fines.error.sameOffenceTwice', { code: offence.code });
      continue;
    }
    seen.add(offence.code);
    const perItem = offence.per !== undefined;
    if (
      !Number.isInteger(item.quantity) ||
      item.quantity < 1 ||
      item.quantity > 100 ||
      (!perItem && item.quantity !== 1)
    ) {
      problems.add(`offences.${i}`, perItem ? 'fines.error.quantity' : 'fines.error.quantityNotCounted', {
        code: offence.code,
      });
      continue;
    }
    const unit = offence.amountCents;
    lines.push({
      code: offence.code,
      quantity: item.quantity,
      unitCents: perItem ? unit : null,
      amountCents: (unit ?? 0) * item.quantity,
      offence,
    });
  }
  const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  return { schedule: schedule ?? null, lines, totalCents, kind: totalCents > 0 ? 'fine' : 'warning' };
}
