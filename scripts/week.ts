/**
 * `node --import tsx scripts/week.ts`: proves the tests that depend on the time of day pass at
 * every hour of a week. Each run stands the platform clock (SAUTI_TEST_CLOCK, read by
 * test/helpers.ts) at one moment of a week in Nairobi and runs the time-dependent test files
 * against it, all on one PostgreSQL started for the whole sweep (as `npm test` does).
 *
 *   node --import tsx scripts/week.ts                      every hour of this week (Mon 00:00 to Sun 23:00)
 *   node --import tsx scripts/week.ts --every 6            every sixth hour
 *   node --import tsx scripts/week.ts --days mon,sun --times 00:00,10:59,11:00,23:59
 *   node --import tsx scripts/week.ts --week 2026-11-30 src/modules/engage/engage.test.ts
 *
 * --week   the Monday the week starts on (default: this week's, in Nairobi, so the clock stays
 *          within days of the real time, which the services not yet on the platform clock read)
 * --every  hours between moments (default 1); --times replaces the hourly grid with these times
 * --days   which days of the week (mon..sun; default all)
 * files    the test files (default: TIME_DEPENDENT below)
 *
 * The whole week at every hour takes hours on a 2-core machine: sample with --every or --times.
 * A table of moments and outcomes is printed; each moment's output is kept in a log file. Exits 1
 * if any moment failed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterEnv, prepareTestCluster } from '../test/cluster.ts';
import { jurisdiction } from '../src/jurisdiction/kenya/index.ts';
import { addDays, localDate, localTime, weekday, zonedToUtc } from '../src/modules/engage/schedule.ts';

/**
 * Test files whose outcome depends on the time of day or the day (sessions "30 minutes from now",
 * Nairobi dates, deadlines in days, months of figures, lock periods). Each reads the platform
 * clock for its own "now". engage/schedule-clock.test.ts is left out: it walks a whole week itself.
 */
export const TIME_DEPENDENT = [
  'src/modules/engage/engage.test.ts',
  'src/modules/engage/public-text.test.ts',
  'src/modules/engage/live.test.ts',
  'src/modules/engage/channels/sms.test.ts',
  'src/modules/engage/channels/x.test.ts',
  'src/modules/engage/summary/summary.test.ts',
  'src/modules/voice/signals/signals.test.ts',
  'src/modules/cases/directives/directives.test.ts',
  'src/modules/cases/walls.test.ts',
  'src/modules/voice/walls.test.ts',
  'src/modules/voice/assignment.test.ts',
  'src/platform/auth/sign-in.test.ts',
];

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const zone = jurisdiction.timeZone;

function parse(argv: string[]): {
  week: string;
  every: number;
  times?: string[] | undefined;
  days: number[];
  files: string[];
} {
  const out = {
    week: '',
    every: 1,
    times: undefined as string[] | undefined,
    days: [0, 1, 2, 3, 4, 5, 6],
    files: [] as string[],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--week') out.week = value();
    else if (arg === '--every') out.every = Number(value());
    else if (arg === '--times') out.times = value().split(',');
    else if (arg === '--days')
      out.days = value()
        .split(',')
        .map((d) => DAYS.indexOf(d.trim().toLowerCase().slice(0, 3)));
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else out.files.push(arg);
  }
  if (!out.week) {
    const today = localDate(new Date(), zone);
    out.week = addDays(today, -((weekday(today) + 6) % 7));
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.week) || weekday(out.week) !== 1)
    throw new Error(`--week must be a Monday (YYYY-MM-DD): ${out.week}`);
  if (!Number.isInteger(out.every) || out.every < 1 || out.every > 24)
    throw new Error('--every must be a whole number of hours from 1 to 24');
  if (out.days.some((d) => d < 0)) throw new Error(`--days takes ${DAYS.join(',')}`);
  for (const t of out.times ?? [])
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(t)) throw new Error(`--times takes HH:MM: ${t}`);
  if (out.files.length === 0) out.files = TIME_DEPENDENT;
  return out;
}

/** The moments of the sweep, in order: each chosen day at each chosen time, Nairobi time. */
export function weekMoments(week: string, days: number[], every = 1, times?: string[]): Date[] {
  const clock =
    times ?? Array.from({ length: Math.ceil(24 / every) }, (_, k) => `${String(k * every).padStart(2, '0')}:00`);
  return days.flatMap((d) => clock.map((t) => zonedToUtc(addDays(week, d), t, zone)));
}

function runAt(
  at: Date,
  files: string[],
  env: Record<string, string>,
  log: string,
): Promise<{ ok: boolean; failed: string[]; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=3', '--test-timeout=300000', ...files],
      {
        env: { ...process.env, ...env, SAUTI_TEST_CLOCK: at.toISOString() },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      writeFileSync(log, output);
      const failed = [...output.matchAll(/^\s*not ok \d+ - (.*)$/gm)]
        .map((m) => m[1]!.trim())
        .filter((name) => !/^\S+\.test\.ts$/.test(name));
      resolve({ ok: code === 0, failed: [...new Set(failed)], seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

const options = parse(process.argv.slice(2));
const moments = weekMoments(options.week, options.days, options.every, options.times);
const logs = mkdtempSync(join(tmpdir(), 'sauti-week-'));
console.log(
  `${moments.length} moments of the week of ${options.week} (${zone}), ${options.files.length} files; logs in ${logs}`,
);

const { cluster, stop } = await prepareTestCluster();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (interrupted = true));
const failures: string[] = [];
try {
  for (const [i, at] of moments.entries()) {
    if (interrupted) break;
    const label = `${DAYS[(weekday(localDate(at, zone)) + 6) % 7]} ${localDate(at, zone)} ${localTime(at, zone)}`;
    const log = join(
      logs,
      `${String(i).padStart(3, '0')}-${localDate(at, zone)}T${localTime(at, zone).replace(':', '')}.log`,
    );
    const result = await runAt(at, options.files, clusterEnv(cluster), log);
    console.log(
      `${label} Nairobi  ${result.ok ? 'ok  ' : 'FAIL'}  ${String(result.seconds).padStart(4)} s${result.ok ? '' : `  ${result.failed.join(' | ') || 'see ' + log}`}`,
    );
    if (!result.ok) failures.push(`${label}: ${result.failed.join(' | ') || log}`);
  }
} finally {
  await stop().catch((error: unknown) => console.error('could not stop the test database:', error));
}
console.log(
  failures.length === 0 && !interrupted
    ? `all ${moments.length} moments passed`
    : `${failures.length} of ${moments.length} moments failed${interrupted ? ' (interrupted)' : ''}:\n  ${failures.join('\n  ')}`,
);
process.exit(failures.length === 0 && !interrupted ? 0 : 1);
