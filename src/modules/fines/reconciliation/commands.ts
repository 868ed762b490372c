import { BadInput } from '../../../platform/http/errors.ts';
import { formatMoney, type Translate } from '../../../platform/i18n/index.ts';
import type { FinesCommand } from '../parts.ts';
import { reconcile, type RunResult } from './service.ts';
import { mismatchText } from './texts.ts';

const K = 'fines.reconciliation';
const usage = '[--from YYYY-MM-DD] [--to YYYY-MM-DD]';

/** `--from` and `--to`, each once; undefined for anything else. */
function readArgs(args: string[]): { from?: string; to?: string } | undefined {
  const out: { from?: string; to?: string } = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i];
    const value = args[i + 1];
    if ((name !== '--from' && name !== '--to') || value === undefined || value.startsWith('--')) return undefined;
    const key = name === '--from' ? 'from' : 'to';
    if (out[key] !== undefined) return undefined;
    out[key] = value;
  }
  return out;
}

/** Columns padded to their widest cell; the first left-aligned, numbers right-aligned. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '))
    .join('\n');
}

/** What `sauti fines reconcile` prints: the period, each station's figures, suspense, and every mismatch. */
export function runReport(t: Translate, run: RunResult, currency: string): string {
  const money = (cents: number) => formatMoney('en', cents, currency);
  const { period, totals } = run;
  const head = ['station', 'issued', 'issuedAmount', 'paid', 'collected', 'contested', 'withdrawn', 'overdue'].map(
    (c) => t(`${K}.col.${c}`),
  );
  const line = (name: string, f: RunResult['totals']['all']) => [
    name,
    String(f.issued),
    money(f.issuedCents),
    String(f.paid),
    money(f.collectedCents),
    String(f.contested),
    String(f.withdrawn),
    String(f.overdue),
  ];
  const rows = [head, ...totals.stations.map((f) => line(f.stationName, f)), line(t(`${K}.allStations`), totals.all)];
  const out = [
    t(`${K}.runTitle`, { period: `${period.fromDate} – ${period.toDate}` }),
    '',
    table(rows),
    '',
    t(`${K}.byChannel`, { mpesa: money(totals.all.mpesaCents), bank: money(totals.all.bankCents) }),
    t(`${K}.suspenseInPeriod`, { count: totals.suspense.count, amount: money(totals.suspense.cents) }),
    '',
    run.mismatchCount === 0 ? t(`${K}.addsUp`) : t(`${K}.mismatches`, { count: run.mismatchCount }),
    ...run.mismatches.map((m) => `  - ${mismatchText(t, m, money)}`),
  ];
  if (run.mismatches.length < run.mismatchCount) out.push(t(`${K}.mismatchesMore`, { shown: run.mismatches.length }));
  return out.join('\n');
}

export const reconciliationCommands: Record<string, FinesCommand> = {
  reconcile: {
    usage: `${usage}  compares notices, M-Pesa and bank payments of those days (default yesterday); exit 1 when something does not add up`,
    async run(args, withPlatform) {
      const typed = readArgs(args);
      if (!typed) {
        console.error(`Usage: sauti fines reconcile ${usage}`);
        return 64;
      }
      return withPlatform(async (platform) => {
        const t = platform.i18n.translator('en');
        let run: RunResult;
        try {
          run = await reconcile(platform, { kind: 'system', label: 'sauti fines reconcile' }, typed, 'command');
        } catch (error) {
          if (!(error instanceof BadInput)) throw error;
          for (const p of error.problems) console.error(`--${p.field}: ${t(p.message, p.params)}`);
          return 64;
        }
        console.log(runReport(t, run, platform.config.jurisdiction.currency));
        return run.mismatchCount === 0 ? 0 : 1;
      });
    },
  },
};
