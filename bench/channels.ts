/**
 * Feature-phone channels benchmark (npm run bench:channels), on the PostgreSQL server (DATABASE_URL or
 * TEST_DATABASE_URL; a fresh database per run, dropped at the end):
 * 1. USSD: 200 phones at once walk the report menu (language remembered, report, category, county by letters,
 *    station by letters, what happened, anonymous, send: 9 steps, the last one files the report), each step a
 *    think time (about a second) after the last answer, as people type; the p99 of every step against a bare
 *    Fastify + pg route walked by the same phones, in alternating rounds.
 * 2. The SMS outbox: 10,000 messages queued, then handed to the Africa's Talking simulator (`sauti at-sim` in a
 *    process of its own) by the dispatch rounds; messages per second against the same simulator fed directly
 *    by the gateway client at the same concurrency, and a check that each message reached it exactly once.
 * `--only ussd` or `--only outbox` runs one part. Exits non-zero when a step fails or a message is lost or sent twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { AT_SIM_DEFAULTS } from '../src/at-sim/index.ts';
import { callbackUrls } from '../src/modules/channels/index.ts';
import { OneStatement } from '../src/platform/db/statement.ts';
import { atGateway, dispatchDue, queueSmsIn, smsSettings } from '../src/platform/sms/index.ts';
import {
  benchDatabase,
  eachConcurrently,
  machineLine,
  run,
  sautiBenchEnv,
  serveSauti,
  startSautiProcess,
} from './lib.ts';
import { startUssdBaseline, walkPhones, type StepFigures, type Walk } from './channels-ussd.ts';

const PHONES = Number(process.env.CHANNELS_BENCH_PHONES ?? 200);
const THINK_MS = Number(process.env.CHANNELS_BENCH_THINK_MS ?? 1000);
const ROUND_SECONDS = 15;
const ROUNDS = 2;
const TARGET_P99_MS = 100;
const QUEUED = Number(process.env.CHANNELS_BENCH_MESSAGES ?? 10_000);
/** The dispatcher's calls at once (CALLS_AT_ONCE in dispatch.ts): the direct feed uses the same. */
const GATEWAY_WIDTH = 8;

/** Distinct numbers whose last digits choose the simulator's ordinary outcome (taken, then delivered). */
const benchNumber = (series: 1 | 2, n: number) => `+2547${series}${String(n).padStart(5, '0')}99`;

const reportWalk: Walk = {
  firstTime: ['1'],
  inputs: ['1', '1', 'mak', '1', 'sal', '1', 'An officer demanded 5000 for a P3 form', '1', '1'],
};

async function ussdPart(databaseUrl: string, dataDir: string): Promise<{ sauti: StepFigures; base: StepFigures }> {
  const config = loadConfig({ ...sautiBenchEnv(databaseUrl, dataDir), PUBLIC_URL: 'http://127.0.0.1:9' });
  const sauti = await serveSauti(config);
  const callback = callbackUrls(sauti.platform).ussd.replace('http://127.0.0.1:9', sauti.url);
  const baseline = await startUssdBaseline(databaseUrl, reportWalk.inputs.length);
  const rounds = { sauti: [] as StepFigures[], base: [] as StepFigures[] };
  try {
    const options = (round: number) => ({
      phones: PHONES,
      seconds: ROUND_SECONDS,
      thinkMs: THINK_MS,
      firstNumber: round * 1000,
    });
    await walkPhones(callback, reportWalk, { ...options(9), seconds: 4 });
    for (let round = 0; round < ROUNDS; round++) {
      rounds.base.push(await walkPhones(baseline.url, reportWalk, options(round)));
      rounds.sauti.push(await walkPhones(callback, reportWalk, options(round)));
    }
  } finally {
    await baseline.close();
    await sauti.close();
  }
  const worst = (list: StepFigures[]) => list.reduce((a, b) => (b.p99 > a.p99 ? b : a));
  return { sauti: worst(rounds.sauti), base: worst(rounds.base) };
}

function printUssd({ sauti, base }: { sauti: StepFigures; base: StepFigures }): boolean {
  console.log(
    `\nUSSD: ${PHONES} phones at once, a step about every ${THINK_MS} ms each (the worse of ${ROUNDS} rounds)`,
  );
  console.log('              steps/s   p50 ms   p99 ms   max ms   steps   walks ended   non-200');
  for (const [name, f] of [
    ['bare Fastify+pg', base],
    ['Sauti', sauti],
  ] as const)
    console.log(
      `${name.padEnd(15)} ${String(f.perSecond).padStart(6)} ${String(f.p50).padStart(8)} ${String(f.p99).padStart(8)} ${String(f.max).padStart(8)} ${String(f.steps).padStart(7)} ${String(f.ended).padStart(11)} ${String(f.non200).padStart(9)}`,
    );
  const ok = sauti.p99 < TARGET_P99_MS && sauti.non200 === 0;
  console.log(`target: p99 under ${TARGET_P99_MS} ms: ${ok ? 'met' : 'NOT met'}`);
  console.log(
    JSON.stringify({
      bench: 'channels-ussd',
      metric: 'p99_ms',
      value: sauti.p99,
      baseline: base.p99,
      ratio: Math.round((sauti.p99 / base.p99) * 100) / 100,
      steps_per_s: sauti.perSecond,
      phones: PHONES,
    }),
  );
  return ok;
}

async function queueMessages(
  platform: Awaited<ReturnType<typeof serveSauti>>['platform'],
  count: number,
): Promise<void> {
  const batch = 500;
  await eachConcurrently(Math.ceil(count / batch), 4, async (b) => {
    const statement = new OneStatement();
    const messages = Array.from({ length: Math.min(batch, count - b * batch) }, (_, i) => {
      const n = b * batch + i;
      return {
        key: `bench:${n}`,
        purpose: 'bench',
        to: benchNumber(1, n),
        body: `Sauti bench message ${n}`,
        language: 'en' as const,
      };
    });
    queueSmsIn(platform, statement, messages);
    const marker = statement.with<'n'>('marker', 'select 1 as n');
    await statement.run(platform.db.pool, marker, ['n']);
  });
}

async function outboxPart(databaseUrl: string, dataDir: string) {
  const sim = await startSautiProcess(['at-sim', '--delivery-delay-ms', '600000']);
  const env = {
    AT_API_URL: sim.url,
    AT_USERNAME: AT_SIM_DEFAULTS.username,
    AT_API_KEY: AT_SIM_DEFAULTS.apiKey,
    SMS_PER_SECOND: '10000',
  };
  const config = loadConfig({ ...sautiBenchEnv(databaseUrl, dataDir), ...env });
  const sauti = await serveSauti(config);
  try {
    // the direct feed: the same client, the same simulator, no database
    const gateway = atGateway(config.settings.of(smsSettings))!;
    const directStarted = performance.now();
    await eachConcurrently(QUEUED, GATEWAY_WIDTH, async (n) => {
      const answer = await gateway.send(benchNumber(2, n), `Direct message ${n}`);
      if (answer.kind !== 'taken') throw new Error(`the simulator did not take a direct message: ${answer.kind}`);
    });
    const direct = QUEUED / ((performance.now() - directStarted) / 1000);

    await queueMessages(sauti.platform, QUEUED);
    const started = performance.now();
    const claimed = await dispatchDue(sauti.platform);
    const rate = QUEUED / ((performance.now() - started) / 1000);
    const { rows } = await sauti.platform.db.pool.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from sms_outbox group by status`,
    );
    const received = (await (await fetch(`${sim.url}/simulator/messages`)).json()) as {
      messages: Array<{ to: string; text: string }>;
    };
    const ours = received.messages.filter((m) => m.text.startsWith('Sauti bench message'));
    const distinct = new Set(ours.map((m) => m.text)).size;
    return {
      direct,
      rate,
      claimed,
      statuses: Object.fromEntries(rows.map((r) => [r.status, r.n])),
      received: ours.length,
      distinct,
    };
  } finally {
    await sauti.close();
    sim.child.kill('SIGTERM');
  }
}

function printOutbox(o: Awaited<ReturnType<typeof outboxPart>>): boolean {
  const duplicates = o.received - o.distinct;
  console.log(`\nSMS outbox: ${QUEUED} queued, handed to the simulator ${GATEWAY_WIDTH} calls at a time`);
  console.log(`direct feed (gateway client, no database): ${Math.round(o.direct)} messages/s`);
  console.log(`Sauti's dispatch rounds:                   ${Math.round(o.rate)} messages/s (claimed ${o.claimed})`);
  console.log(
    `the simulator received ${o.received} (${o.distinct} distinct, ${duplicates} twice); outbox: ${JSON.stringify(o.statuses)}`,
  );
  const ok = o.received === QUEUED && duplicates === 0 && o.statuses.sent === QUEUED;
  console.log(`every message exactly once: ${ok ? 'yes' : 'NO'}`);
  console.log(
    JSON.stringify({
      bench: 'channels-outbox',
      metric: 'messages_per_s',
      value: Math.round(o.rate),
      baseline: Math.round(o.direct),
      ratio: Math.round((o.rate / o.direct) * 100) / 100,
      queued: QUEUED,
      duplicates,
    }),
  );
  return ok;
}

run(async () => {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  console.log(machineLine('the latencies'));
  const db = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'sauti-bench-channels-'));
  let ok = true;
  try {
    if (only !== 'outbox') ok = printUssd(await ussdPart(db.url, dataDir)) && ok;
    if (only !== 'ussd') ok = printOutbox(await outboxPart(db.url, dataDir)) && ok;
  } finally {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
});
