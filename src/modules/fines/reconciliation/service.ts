import type { Actor } from '../../../platform/auth/actor.ts';
import { requireStaff, type StaffRule } from '../../../platform/auth/require-staff.ts';
import { audit } from '../../../platform/audit/index.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { badField, NotFound } from '../../../platform/http/errors.ts';
import type { AnyJobDefinition } from '../../../platform/jobs/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { addDays, isLocalDate, localDate, localTime, startOfLocalDay } from '../../../platform/time/index.ts';
import * as store from './store.ts';

// Reconciliation: for a period of local days, each station's notices and the money collected for them,
// everything in the ledger that does not add up (notices against their payments, M-Pesa pushes against
// the payments counted for them), and what waits in suspense. Every run is kept.

/** Finance and reconciliation officers; the IG's office, who answer for "no cash, no quiet cancellations". */
export const seesReconciliation: StaffRule = ['finance', 'ig_office'];

/** The longest period one run covers. */
export const MAX_PERIOD_DAYS = 366;
/** Mismatches of each kind kept with a run (all are counted). */
const MISMATCHES_KEPT = 200;

export interface Period {
  fromDate: string;
  toDate: string;
  start: Date;
  end: Date;
}

const typedDate = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 864e5;

/**
 * The local days a run covers, from and to inclusive: the day before `now` when neither is given, one day
 * when one is. Never beyond today, never backwards, at most MAX_PERIOD_DAYS.
 */
export function readPeriod(typed: { from?: unknown; to?: unknown }, now: Date, zone: string): Period {
  let from = typedDate(typed.from);
  let to = typedDate(typed.to);
  const today = localDate(now, zone);
  if (from === '' && to === '') from = to = addDays(today, -1);
  if (from !== '' && !isLocalDate(from)) badField('from', 'fines.reconciliation.error.date');
  if (to !== '' && !isLocalDate(to)) badField('to', 'fines.reconciliation.error.date');
  from ||= to;
  to ||= from;
  if (to < from) badField('to', 'fines.reconciliation.error.order');
  if (to > today) badField('to', 'fines.reconciliation.error.future');
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS)
    badField('from', 'fines.reconciliation.error.tooLong', { max: MAX_PERIOD_DAYS });
  return { fromDate: from, toDate: to, start: startOfLocalDay(from, zone), end: startOfLocalDay(addDays(to, 1), zone) };
}

export interface Totals {
  stations: store.StationFigures[];
  all: Omit<store.StationFigures, 'stationId' | 'stationName'>;
  /** payments of the period that put money in suspense */
  suspense: store.SuspenseTotals;
}

function sumOf(stations: store.StationFigures[]): Totals['all'] {
  const keys = [
    'issued',
    'issuedCents',
    'paid',
    'contested',
    'withdrawn',
    'overdue',
    'collectedCents',
    'mpesaCents',
    'bankCents',
  ] as const;
  return Object.fromEntries(keys.map((k) => [k, stations.reduce((s, f) => s + f[k], 0)])) as Totals['all'];
}

export interface RunResult {
  /** undefined when the day's daily run was already kept */
  id: string | undefined;
  period: Period;
  totals: Totals;
  mismatches: store.Mismatch[];
  mismatchCount: number;
}

/**
 * Reconciles a period and keeps the run: Sauti itself (the daily job, the command line) or a finance
 * officer ("Run now"). Read in one snapshot, so the figures and the checks see the same ledger.
 */
export async function reconcile(
  platform: Platform,
  actor: Actor,
  typed: { from?: unknown; to?: unknown },
  trigger: store.NewRun['trigger'],
): Promise<RunResult> {
  const who = actor.kind === 'system' ? null : requireStaff(actor, seesReconciliation);
  const now = platform.clock.now();
  const period = readPeriod(typed, now, platform.config.jurisdiction.timeZone);
  return inTransaction(platform.db.pool, async (client) => {
    await client.query('set transaction isolation level repeatable read');
    const stations = await store.stationFigures(client, period.start, period.end);
    const suspense = await store.suspenseTotals(client, period.start, period.end);
    const totals: Totals = { stations, all: sumOf(stations), suspense };
    const { found, count } = await store.findMismatches(client, MISMATCHES_KEPT);
    const id = await store.insertRun(client, {
      ...period,
      trigger,
      ranAt: now,
      ranBy: who?.id ?? null,
      totals,
      mismatches: found,
      mismatchCount: count,
    });
    if (who && id)
      await audit(client, who, 'fines.reconciliation.run', 'fine_reconciliation', id, {
        from: period.fromDate,
        to: period.toDate,
        mismatches: count,
      });
    return { id, period, totals, mismatches: found, mismatchCount: count };
  });
}

/** Local time from which the day before is reconciled: late callbacks and recovered pushes have come in. */
export const DAILY_AT = '01:00';

/**
 * The daily run: once it is past 01:00 (local), the day before is reconciled, once. Run every hour, it
 * catches up after Sauti was stopped at 01:00.
 */
export async function reconcileYesterday(platform: Platform): Promise<RunResult | undefined> {
  const zone = platform.config.jurisdiction.timeZone;
  const now = platform.clock.now();
  if (localTime(now, zone) < DAILY_AT) return undefined;
  const day = addDays(localDate(now, zone), -1);
  if (await store.hasDailyRun(platform.db.pool, day)) return undefined;
  const system: Actor = { kind: 'system', label: 'daily reconciliation' };
  return reconcile(platform, system, { from: day, to: day }, 'daily');
}

export const RECONCILE_QUEUE = 'fines.reconcile';

export function reconciliationJobs(platform: Platform): AnyJobDefinition[] {
  return [
    {
      queue: RECONCILE_QUEUE,
      // cron runs in UTC: every hour, and the job itself waits for 01:00 in the jurisdiction's zone
      every: '0 * * * *',
      policy: 'singleton',
      run: async () => void (await reconcileYesterday(platform)),
    },
  ];
}

export interface FinanceReport {
  /** the run shown: the one asked for, or the latest (none before the first run) */
  run: (store.RunRow & { totals: Totals }) | undefined;
  history: store.RunRow[];
  suspense: store.SuspenseLine[];
  /** all money waiting in suspense */
  suspenseTotals: store.SuspenseTotals;
}

const HISTORY_SHOWN = 30;
const SUSPENSE_SHOWN = 100;

/** The finance page: a run's figures and mismatches, the runs before it, and the suspense list. */
export async function financeReport(platform: Platform, actor: Actor, runId?: string): Promise<FinanceReport> {
  requireStaff(actor, seesReconciliation);
  if (runId !== undefined && !/^[0-9]{1,18}$/.test(runId)) throw new NotFound();
  const db = platform.db.pool;
  const run = await store.runWithFigures(db, runId);
  if (runId !== undefined && !run) throw new NotFound();
  return {
    run: run as FinanceReport['run'],
    history: await store.runHistory(db, HISTORY_SHOWN),
    suspense: await store.suspenseList(db, SUSPENSE_SHOWN),
    suspenseTotals: await store.suspenseTotals(db),
  };
}
