/**
 * Traffic fines benchmark (npm run bench:fines), on the PostgreSQL server (DATABASE_URL or
 * TEST_DATABASE_URL; a fresh database per run, dropped at the end), with the Daraja simulator in a
 * process of its own (`sauti daraja-sim`), as Daraja is another machine:
 * 1. Issuing a notice over HTTP (POST /api/fines/notices, 50 officers signed in, 50 connections): p50/p99.
 * 2. STK callback intake: notices issued over HTTP, their STK pushes sent through the real service to
 *    the simulator, then callbacks fired at Sauti's callback address from 50 connections, 75 % genuine,
 *    20 % duplicates, 5 % forged. A callback is kept on its push and answered; the STK query to the
 *    simulator that confirms it follows, and each Sauti round is followed until the last push it called
 *    back is settled before the baseline's turn (that rate is printed too). Against a bare Fastify route
 *    inserting the callback's body into a table, in alternating rounds of the same run. Then every genuine
 *    callback is sent once more and the database checked: payments counted == genuine pushes, none twice,
 *    no forged one.
 * `--only callbacks` or `--only issuing` runs one part. Exits non-zero when a payment is double-counted or
 * forged, or requests fail.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Result } from 'autocannon';
import { loadConfig } from '../src/config.ts';
import { DARAJA_SIM_DEFAULTS } from '../src/daraja-sim/run.ts';
import { stkSettling } from '../src/modules/fines/payments.ts';
import {
  alternatingRounds,
  benchDatabase,
  CONNECTIONS,
  figures,
  load,
  machineLine,
  run,
  sautiBenchEnv,
  startBaseline,
  table,
  type Figures,
  serveSauti,
  startSautiProcess,
} from './lib.ts';
import { signInDesks, type Desk } from './ob-desks.ts';
import {
  callbackStream,
  checkCounted,
  noticeBody,
  seedPushes,
  sendEveryCallback,
  streamRequests,
  type Callback,
} from './fines-callbacks.ts';

const WARMUP_SECONDS = 2;
const ROUNDS = 2;
const ROUND_SECONDS = 4;
/** Paid pushes made ready for the callbacks (each called back once as genuine; more than the run sends). */
const PAYING = Number(process.env.FINES_BENCH_PUSHES ?? 14000);
const CANCELLING = 300;
const TARGET_RATIO = 0.5;
const ISSUE_SECONDS = 8;
const TARGET_ISSUE_P99_MS = 50;

/** `sauti daraja-sim` in its own process, deciding each push at once (callbacks only where the phone asks). */
const startSimProcess = () => startSautiProcess(['daraja-sim', '--callback-delay-ms', '0']);

async function startSauti(databaseUrl: string, dataDir: string, simUrl: string) {
  const config = loadConfig({
    ...sautiBenchEnv(databaseUrl, dataDir),
    RATE_LIMIT_SIGN_INS: '1000000000',
    // the simulator's own callbacks (for cancelled pushes) go nowhere: the bench sends the callbacks
    PUBLIC_URL: 'http://127.0.0.1:9',
    DARAJA_BASE_URL: simUrl,
    DARAJA_CONSUMER_KEY: DARAJA_SIM_DEFAULTS.consumerKey,
    DARAJA_CONSUMER_SECRET: DARAJA_SIM_DEFAULTS.consumerSecret,
    DARAJA_SHORTCODE: DARAJA_SIM_DEFAULTS.shortcode,
    DARAJA_PASSKEY: DARAJA_SIM_DEFAULTS.passkey,
  });
  // no job workers: the recovery job would query the pushes the bench is about to call back
  return serveSauti(config);
}

type Sauti = Awaited<ReturnType<typeof startSauti>>;

const answered = (r: Result) => r['2xx'] + r.non2xx;

async function callbackIntake(sauti: Sauti, databaseUrl: string, dataDir: string, stream: Callback[]) {
  const { requests, from } = streamRequests(stream, dataDir);
  const baseline = await startBaseline(databaseUrl, (path) =>
    stream.slice(0, 64).map((c) => ({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json' },
      body: c.body,
    })),
  );
  let offset = 0;
  // confirmations follow the answers: each Sauti round is followed until its last push is settled
  const settling: Array<{ settled: number; seconds: number }> = [];
  let settledBefore = await settledPushes(sauti);
  const afterSauti = async () => {
    const start = Date.now();
    await stkSettling(sauti.platform);
    const settled = await settledPushes(sauti);
    settling.push({ settled: settled - settledBefore, seconds: (Date.now() - start) / 1000 });
    settledBefore = settled;
  };
  let rounds: Awaited<ReturnType<typeof alternatingRounds>>;
  try {
    rounds = await alternatingRounds(
      baseline,
      { url: sauti.url, requests },
      {
        warmupSeconds: WARMUP_SECONDS,
        rounds: ROUNDS,
        roundSeconds: ROUND_SECONDS,
        // each load starts where the last stopped (past those its connections had built but not sent)
        beforeSauti: (previous) => {
          if (previous) offset += previous.requests.sent + CONNECTIONS;
          from(offset);
        },
        afterSauti,
      },
    );
  } finally {
    await baseline.close();
  }
  const last = rounds.sauti.at(-1)!;
  const used = offset + last.requests.sent + CONNECTIONS;
  const base = figures('baseline (bare Fastify, insert the body)', rounds.base);
  const s = figures('Sauti STK callback (2xx and 404)', rounds.sauti, answered);
  // the rounds measured (the warm-up's settling is the first)
  const measured = settling.slice(1);
  const settled = measured.reduce((sum, r) => sum + r.settled, 0);
  const seconds = measured.reduce((sum, r) => sum + ROUND_SECONDS + r.seconds, 0);
  const confirmed = {
    perSecond: Math.round(settled / seconds),
    afterRoundS: measured.map((r) => r.seconds.toFixed(1)),
  };
  return { base, s, used, confirmed };
}

/** Pushes settled so far (paid or failed), each by a query to the simulator. */
async function settledPushes(sauti: Sauti): Promise<number> {
  const { rows } = await sauti.platform.db.pool.query<{ n: number }>(
    `select count(*)::int as n from fine_stk_requests where status in ('paid', 'failed')`,
  );
  return rows[0]!.n;
}

function issueRequests(desks: Desk[], dir: string): Request[] {
  const file = join(dir, 'officers.json');
  writeFileSync(file, JSON.stringify(desks.map((d) => ({ ...d, path: '/api/fines/notices' }))));
  process.env.SAUTI_BENCH_DESKS = file;
  return Array.from({ length: 16 }, (_, i) => ({
    method: 'POST',
    path: '/api/fines/notices',
    headers: { 'content-type': 'application/json' },
    body: noticeBody(i),
    setupRequest: fileURLToPath(new URL('./ob-request.cjs', import.meta.url)),
  }));
}

async function issuing(sauti: Sauti, desks: Desk[], dataDir: string, problems: string[]) {
  const requests = issueRequests(desks, dataDir);
  await load(sauti.url, requests, WARMUP_SECONDS);
  const issued = figures('Sauti POST /api/fines/notices', [await load(sauti.url, requests, ISSUE_SECONDS)]);
  console.log(
    `1. Issuing a notice over HTTP (${desks.length} officers, ${CONNECTIONS} connections, ${ISSUE_SECONDS} s)`,
  );
  console.log(table([issued]));
  console.log(`Target p99 < ${TARGET_ISSUE_P99_MS} ms: ${issued.p99 < TARGET_ISSUE_P99_MS ? 'met' : 'MISSED'}\n`);
  if (issued.non2xx > 0 || issued.errors > 0)
    problems.push(`issuing: ${issued.non2xx} non-2xx (${JSON.stringify(issued.statusCodes)}), ${issued.errors} errors`);
  return issued;
}

/** Part 1: pushes made ready, the callbacks fired at them and at the baseline, then what the database counted. */
async function callbacks(sauti: Sauti, simUrl: string, databaseUrl: string, dataDir: string, desks: Desk[]) {
  const problems: string[] = [];
  const seedStart = Date.now();
  const seeded = await seedPushes(sauti.platform, sauti.url, simUrl, desks, { paying: PAYING, cancelling: CANCELLING });
  console.log(
    `Ready: ${PAYING} paid and ${CANCELLING} cancelled STK pushes (notices issued over HTTP, pushes sent by payByStk to the simulator) in ${((Date.now() - seedStart) / 1000).toFixed(1)} s\n`,
  );
  const stream = callbackStream(sauti.platform, seeded);
  const { base, s, used, confirmed } = await callbackIntake(sauti, databaseUrl, dataDir, stream);
  console.log('2. STK callback intake (75 % genuine, 20 % duplicates, 5 % forged; 404 for a wrong address)');
  console.log(table([base, s]));
  const ratio = Math.round((s.reqPerSec / base.reqPerSec) * 100) / 100;
  console.log(`\nSauti/baseline: ${ratio} (${s.reqPerSec} / ${base.reqPerSec} callbacks/s)`);
  console.log(
    `Confirmed by query after the answers: ${confirmed.perSecond} pushes/s over the rounds and their settling (the last confirmed ${confirmed.afterRoundS.join(' s, ')} s after each round's end)`,
  );
  console.log(
    `Sauti's answers: ${JSON.stringify(s.statusCodes)}; callbacks of the stream used: ${used} of ${stream.length}`,
  );
  if (used > stream.length)
    problems.push(`the stream ran out (${used} > ${stream.length}): set FINES_BENCH_PUSHES higher`);
  const odd = Object.keys(s.statusCodes).filter((code) => code !== '200' && code !== '404');
  if (odd.length > 0 || s.errors > 0) problems.push(`callbacks answered ${odd.join(', ')}; ${s.errors} errors`);
  await sendEveryCallback(sauti.url, sauti.platform, seeded);
  await stkSettling(sauti.platform);
  const counted = await checkCounted(sauti.platform, seeded);
  console.log(`Then every genuine callback once more; the database:\n  ${counted.lines.join('\n  ')}`);
  problems.push(...counted.problems);
  console.log(`Target ratio >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}\n`);
  return { base, s, problems };
}

function printJson(intake: { s: Figures; base: Figures } | undefined, issued: Figures | undefined): void {
  const metrics: Array<[string, number, number | null]> = [];
  if (intake) metrics.push(['callbacks_per_s', intake.s.reqPerSec, intake.base.reqPerSec]);
  if (issued) metrics.push(['issue_p50_ms', issued.p50, null], ['issue_p99_ms', issued.p99, null]);
  for (const [metric, value, baseline] of metrics) {
    const ratio = baseline ? Math.round((value / baseline) * 100) / 100 : null;
    console.log(JSON.stringify({ bench: 'fines', metric, value, baseline, ratio }));
  }
}

async function main(): Promise<number> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const { name, url: databaseUrl, drop } = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'sauti-bench-fines-'));
  const sim = await startSimProcess();
  const problems: string[] = [];
  try {
    const sauti = await startSauti(databaseUrl, dataDir, sim.url);
    try {
      console.log(
        `Fines benchmark: ${CONNECTIONS} connections, pool 20, database ${name}, Daraja simulator ${sim.url}`,
      );
      console.log(machineLine('all figures'));
      const desks = await signInDesks(sauti.platform, sauti.url, CONNECTIONS);
      // issuing first: each part on a database not still busy with the other's aftermath (vacuum of 14,000 settled pushes)
      const issued = only === 'callbacks' ? undefined : await issuing(sauti, desks, dataDir, problems);
      const intake = only === 'issuing' ? undefined : await callbacks(sauti, sim.url, databaseUrl, dataDir, desks);
      problems.push(...(intake?.problems ?? []));
      printJson(intake, issued);
    } finally {
      await sauti.close();
    }
  } finally {
    sim.child.kill('SIGTERM');
    if (sim.child.exitCode === null) await once(sim.child, 'exit');
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const p of problems) console.log(`FAILED: ${p}`);
  return problems.length > 0 ? 1 : 0;
}

run(main);
