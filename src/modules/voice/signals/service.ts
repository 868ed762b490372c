import type { Actor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { audit } from '../../../platform/audit/index.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/module.ts';
import { jurisdiction } from '../../../jurisdiction/kenya/index.ts';
import { localMonthsEnding } from '../../../platform/time/index.ts';
import { canReadSignals } from '../permissions.ts';
import { voiceKinds } from '../letter.ts';
import type { VoiceKind } from '../store.ts';
import * as store from './store.ts';
import { protectPopulation, THRESHOLD, totalOf, type Figure, type ProtectedPopulation } from './suppression.ts';

export { THRESHOLD, type Figure } from './suppression.ts';

export const outcomeKeys = ['accepted', 'declined', 'referred', 'withdrawn', 'undecided'] as const;
export type OutcomeKey = (typeof outcomeKeys)[number];

export type ByKind = Record<VoiceKind, Figure>;

/** Hours, to one decimal; hidden when fewer than THRESHOLD letters were acknowledged. */
export type Hours = { hours: number; suppressed: false } | { hours: null; suppressed: true };

export interface AcknowledgementSignal {
  kind: VoiceKind;
  /** onTime + late, shown only when both are. */
  acknowledged: Figure;
  onTime: Figure;
  late: Figure;
  medianHours: Hours;
  p90Hours: Hours;
  /** notDue + overdue, shown only when both are. */
  waiting: Figure;
  notDue: Figure;
  overdue: Figure;
}

/**
 * What officers wrote to the IG's office over 12 months, in counts only: no names, service
 * numbers, subjects, bodies or registry numbers. Every count from 1 to 4 is hidden, and more are
 * withheld where a hidden one could otherwise be worked out (see suppression.ts).
 */
export interface WelfareSignals {
  /** When the figures were taken; the window ends here. */
  at: Date;
  /** The start of the first month of the window (local midnight). */
  from: Date;
  /** Counts below this are hidden. */
  threshold: number;
  kinds: VoiceKind[];
  byMonth: {
    rows: Array<{ month: string; byKind: ByKind; all: Figure }>;
    total: { byKind: ByKind; all: Figure };
  };
  /** Only counties from which at least one letter came; `county` null for letters without a station. */
  byCounty: {
    rows: Array<{ county: { code: string; name: string } | null; byKind: ByKind; all: Figure }>;
    total: { byKind: ByKind; all: Figure };
  };
  resignations: { outcomes: Record<OutcomeKey, Figure>; total: Figure };
  acknowledgement: AcknowledgementSignal[];
}

const hoursOf = (value: number | null, acknowledged: number): Hours =>
  value === null || acknowledged < THRESHOLD
    ? { hours: null, suppressed: true }
    : { hours: Math.round(value * 10) / 10, suppressed: false };

function byKind(each: (kind: VoiceKind) => Figure): ByKind {
  return Object.fromEntries(voiceKinds.map((k) => [k, each(k)])) as ByKind;
}

/** Every count of the window, from one read-only snapshot (queries one after another on its connection). */
function readCounts(platform: Platform, now: Date) {
  return inTransaction(platform.db.pool, async (client) => {
    await store.readOnlySnapshot(client);
    const months = localMonthsEnding(now, 12, jurisdiction.timeZone);
    const window: store.SignalWindow = { from: months[0]!.starts, months: months.map((m) => m.month) };
    return {
      window,
      byMonth: await store.countByMonth(client, window.from, now, months),
      byCounty: await store.countByCounty(client, window.from, now),
      counties: await store.listCounties(client),
      acknowledgement: await store.countAcknowledgement(client, window.from, now),
      resignations: await store.countResignationOutcomes(client, window.from, now),
    };
  });
}

type Counts = Awaited<ReturnType<typeof readCounts>>;

const UNKNOWN = '';

/** The raw counts as lookups, every cell present (zeros included). */
function rawCounts(counts: Counts) {
  return {
    countyKeys: [...counts.counties.map((c) => c.code), UNKNOWN],
    month: new Map(counts.byMonth.map((r) => [`${r.month}|${r.kind}`, r.n])),
    county: new Map(counts.byCounty.map((r) => [`${r.county_code ?? UNKNOWN}|${r.kind}`, r.n])),
    ack: new Map(counts.acknowledgement.map((r) => [r.kind, r])),
    outcome: new Map(counts.resignations.map((r) => [r.outcome as OutcomeKey, r.n])),
  };
}

type Raw = ReturnType<typeof rawCounts>;

/** Each kind's letters, protected together across every way they are counted. */
function protectKinds(months: readonly string[], raw: Raw): (kind: VoiceKind) => ProtectedPopulation {
  const protectedKinds = new Map(
    voiceKinds.map((kind) => {
      const a = raw.ack.get(kind);
      const lines = [
        months.map((m) => raw.month.get(`${m}|${kind}`) ?? 0),
        raw.countyKeys.map((c) => raw.county.get(`${c}|${kind}`) ?? 0),
        [a?.on_time ?? 0, a?.late ?? 0, a?.not_due ?? 0, a?.overdue ?? 0],
      ];
      if (kind === 'resignation') lines.push(outcomeKeys.map((o) => raw.outcome.get(o) ?? 0));
      return [kind, protectPopulation(lines)];
    }),
  );
  return (kind) => protectedKinds.get(kind)!;
}

type Figures = ReturnType<typeof protectKinds>;

/** Counties from which at least one letter came (the unknown county last). */
function countyRows(counts: Counts, raw: Raw, figures: Figures): WelfareSignals['byCounty']['rows'] {
  return raw.countyKeys.flatMap((key, c) => {
    if (!voiceKinds.some((k) => (raw.county.get(`${key}|${k}`) ?? 0) > 0)) return [];
    const cells = byKind((k) => figures(k).lines[1]![c]!);
    const county = key === UNKNOWN ? null : counts.counties[c]!;
    return [
      { county: county && { code: county.code, name: county.name }, byKind: cells, all: totalOf(Object.values(cells)) },
    ];
  });
}

function acknowledgementSignals(raw: Raw, figures: Figures): AcknowledgementSignal[] {
  return voiceKinds.map((kind): AcknowledgementSignal => {
    const [onTime, late, notDue, overdue] = figures(kind).lines[2]! as [Figure, Figure, Figure, Figure];
    const a = raw.ack.get(kind);
    const acknowledgedCount = (a?.on_time ?? 0) + (a?.late ?? 0);
    return {
      kind,
      acknowledged: totalOf([onTime, late]),
      onTime,
      late,
      medianHours: hoursOf(a?.median_hours ?? null, acknowledgedCount),
      p90Hours: hoursOf(a?.p90_hours ?? null, acknowledgedCount),
      waiting: totalOf([notDue, overdue]),
      notDue,
      overdue,
    };
  });
}

/** The IG's office's view of officers' welfare, in figures without identities. Only the IG's office; the read is audited. */
export async function welfareSignals(
  platform: Platform,
  actor: Actor,
  now = platform.clock.now(),
): Promise<WelfareSignals> {
  // anyone else is told there is nothing here (404), not that it is forbidden
  requireStaff(actor, canReadSignals, { refuse: 'not_found' });
  // every count sees the same letters
  const counts = await readCounts(platform, now);
  const raw = rawCounts(counts);
  const figures = protectKinds(counts.window.months, raw);
  const kindTotals = byKind((k) => figures(k).total);
  const total = { byKind: kindTotals, all: totalOf(Object.values(kindTotals)) };
  const monthRows = counts.window.months.map((month, m) => {
    const cells = byKind((k) => figures(k).lines[0]![m]!);
    return { month, byKind: cells, all: totalOf(Object.values(cells)) };
  });
  const resignation = figures('resignation');
  const outcomes = Object.fromEntries(outcomeKeys.map((o, i) => [o, resignation.lines[3]![i]!])) as Record<
    OutcomeKey,
    Figure
  >;
  await audit(platform.db.pool, actor, 'voice.signals', 'voice_submission', '*');
  return {
    at: now,
    from: counts.window.from,
    threshold: THRESHOLD,
    kinds: [...voiceKinds],
    byMonth: { rows: monthRows, total },
    byCounty: { rows: countyRows(counts, raw, figures), total },
    resignations: { outcomes, total: resignation.total },
    acknowledgement: acknowledgementSignals(raw, figures),
  };
}
