/**
 * #EngageTheIG benchmark, on a PostgreSQL server:
 *
 * 1. Question intake: questions per second through POST /api/engage/sessions/:id/questions (checks,
 *    masking, topic, clustering against the session's clusters, storage), each from its own
 *    participant, against the bare Fastify + pg insert baseline of bench:intake, alternating rounds.
 * 2. Fan-out: 5,000 viewers follow a live session over Server-Sent Events from one Sauti process
 *    (a child process); answers are posted from this process, so each reaches the viewers by
 *    LISTEN/NOTIFY. Time from the answer's commit to each viewer's copy; the process's memory per
 *    connected viewer.
 *
 *   npm run bench:engage            (VIEWERS=n to change the number of viewers)
 */
import { generateKeyPairSync } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { modules } from '../src/modules/index.ts';
import { askQuestion, createOneOffSession, postAnswer, setSessionLive } from '../src/modules/engage/index.ts';
import { findUserByUsername } from '../src/platform/auth/service.ts';
import { loadDemoStaff } from '../src/platform/auth/demo.ts';
import { toActor } from '../src/platform/auth/store.ts';
import { bootPlatform } from '../src/platform/boot.ts';
import { randomToken } from '../src/platform/crypto/index.ts';
import type { StaffActor } from '../src/platform/auth/actor.ts';
import type { Platform } from '../src/platform/module.ts';
import { SseClient } from '../test/sse-client.ts';
import { distinctQuestions, questionRequests } from './engage-questions.ts';
import {
  alternatingRounds,
  benchDatabase,
  CONNECTIONS,
  figures,
  listen,
  machineLine,
  reportRequests,
  run,
  startBaseline,
  table,
  type Figures,
} from './lib.ts';

const WARMUP_SECONDS = 3;
const ROUNDS = 3;
const ROUND_SECONDS = 5;
const TARGET_QUESTIONS_PER_SECOND = 1000;
const VIEWERS = Number(process.env.VIEWERS ?? 5000);
const ANSWERS = 5;
const TARGET_FANOUT_P99_MS = 1000;
const SECRET = 'bench-secret-0123456789-0123456789-abcdef';
const METRICS_TOKEN = 'bench-metrics-0123456789-0123456789-abcdef';
/** Every process of the run signs with the same registry key, as instances of one deployment do. */
const REGISTRY_SIGNING_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const OB_LOG_SIGNING_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const DOCUMENTS_SIGNING_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

async function staffActor(platform: Platform, username: string) {
  const user = await findUserByUsername(platform.db.pool, username);
  if (!user) throw new Error(`no ${username}`);
  return toActor(user);
}

async function liveSession(platform: Platform, moderation: 'pre' | 'post'): Promise<string> {
  const ig = await staffActor(platform, 'ig.office');
  const at = new Date(Date.now() + 10 * 60_000);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Africa/Nairobi',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  const id = await createOneOffSession(platform, ig, {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
    durationMinutes: 120,
    moderation,
  });
  await setSessionLive(platform, ig, id, true);
  return id;
}

interface Outcome {
  rows: string[];
  ok: boolean;
  json: object[];
}

function benchConfig(databaseUrl: string, dataDir: string) {
  return loadConfig({
    SAUTI_SECRET: SECRET,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REGISTRY_SIGNING_KEY,
    OB_LOG_SIGNING_KEY,
    DOCUMENTS_SIGNING_KEY,
    SAUTI_DEMO: 'false',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_QUESTIONS: '1000000000',
  });
}

// 1. Question intake

async function storedQuestions(platform: Platform, sessionId: string) {
  return (
    await platform.db.pool.query<{ questions: number; clusters: number }>(
      'select (select count(*)::int from engage_questions where session_id = $1) as questions, (select count(*)::int from engage_clusters where session_id = $1) as clusters',
      [sessionId],
    )
  ).rows[0]!;
}

function intakeOutcome(base: Figures, s: Figures, counts: { questions: number; clusters: number }): Outcome {
  const ratio = Math.round((s.reqPerSec / base.reqPerSec) * 100) / 100;
  const odd = Object.entries(s.statusCodes).filter(([code]) => code !== '201');
  const ok = s.reqPerSec >= TARGET_QUESTIONS_PER_SECOND && odd.length === 0 && s.errors === 0;
  const rows = [
    table([base, s]),
    '',
    `Questions per second: ${s.reqPerSec} (target >= ${TARGET_QUESTIONS_PER_SECOND}: ${s.reqPerSec >= TARGET_QUESTIONS_PER_SECOND ? 'met' : 'MISSED'}); ratio to the report-intake baseline: ${ratio}`,
    `Stored: ${counts.questions} questions in ${counts.clusters} clusters (${distinctQuestions} distinct texts; pre-moderated, the default)`,
    ...(odd.length > 0
      ? [`FAILED: responses other than 201: ${odd.map(([code, n]) => `${n} x ${code}`).join(', ')}`]
      : []),
  ];
  const json = [
    { bench: 'engage', metric: 'questions_per_s', value: s.reqPerSec, baseline: base.reqPerSec, ratio, p99_ms: s.p99 },
    {
      bench: 'engage',
      metric: 'question_p99_ms',
      value: s.p99,
      baseline: base.p99,
      ratio: Math.round((s.p99 / base.p99) * 100) / 100,
      p99_ms: s.p99,
    },
  ];
  return { rows, ok, json };
}

async function intake(databaseUrl: string, dataDir: string): Promise<Outcome> {
  const platform = await bootPlatform(benchConfig(databaseUrl, dataDir), modules);
  await loadDemoStaff(platform.db);
  const app = await buildApp(platform, { logger: false });
  const url = await listen(app);
  const sessionId = await liveSession(platform, 'pre');
  const files = mkdtempSync(join(tmpdir(), 'sauti-bench-questions-'));
  const requests = questionRequests(app, sessionId, files);
  const baseline = await startBaseline(databaseUrl, reportRequests);
  let rounds: Awaited<ReturnType<typeof alternatingRounds>>;
  try {
    rounds = await alternatingRounds(
      baseline,
      { url, requests },
      { warmupSeconds: WARMUP_SECONDS, rounds: ROUNDS, roundSeconds: ROUND_SECONDS },
    );
  } finally {
    await baseline.close();
  }
  const counts = await storedQuestions(platform, sessionId);
  await app.close();
  await platform.close();
  rmSync(files, { recursive: true, force: true });
  const base = figures('baseline (bare Fastify, 1 insert)', rounds.base);
  const s = figures('Sauti POST /api/engage/.../questions', rounds.sauti);
  return intakeOutcome(base, s, counts);
}

// 2. Fan-out

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

async function memory(url: string): Promise<{ rss: number; heap: number }> {
  const rss = await metric(url, 'process_resident_memory_bytes');
  const heap = await metric(url, 'nodejs_heap_size_used_bytes');
  return { rss, heap };
}

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the Sauti process did not become healthy');
}

/** `sauti serve` in a child process, on the bench database; `stop` ends it. */
function sautiProcess(databaseUrl: string, dataDir: string): { url: string; stop(): Promise<void> } {
  const port = 3900 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, ['--expose-gc', 'bin/sauti.js', 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SAUTI_SECRET: SECRET,
      REGISTRY_SIGNING_KEY,
      OB_LOG_SIGNING_KEY,
      DOCUMENTS_SIGNING_KEY,
      METRICS_TOKEN,
      SAUTI_DEMO: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      // every viewer connects from this one address, and the cap on event streams is per address
      RATE_LIMIT_STREAMS: String(VIEWERS + 100),
    },
    stdio: 'ignore',
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** Connects the viewers in batches of 250 (into `viewers`, so they are closed whatever happens). */
async function connectViewers(url: string, sessionId: string, agent: http.Agent, viewers: SseClient[]) {
  const connectStarted = Date.now();
  for (let i = 0; i < VIEWERS; i += 250) {
    const batch = Array.from(
      { length: Math.min(250, VIEWERS - i) },
      () => new SseClient(`${url}/engage/sessions/${sessionId}/events`, { agent }),
    );
    viewers.push(...batch);
    await Promise.all(batch.map((v) => v.opened));
  }
  return { connectMs: Date.now() - connectStarted, refused: viewers.filter((v) => v.status !== 200).length };
}

/** Posts the answers one by one; for each viewer, the time from an answer's commit to its copy. */
async function deliverAnswers(
  platform: Platform,
  ig: StaffActor,
  sessionId: string,
  clusterId: string,
  viewers: SseClient[],
) {
  const latencies: number[] = [];
  let missing = 0;
  for (let n = 0; n < ANSWERS; n++) {
    const text = `Answer ${n + 1}: the digital OB reaches every county by June.`;
    await postAnswer(platform, ig, sessionId, { cluster: clusterId, answer: text });
    const committed = Date.now();
    const arrivals = await Promise.all(
      viewers.map((v) =>
        v
          .waitFor((e) => e.event === 'answer' && (e.data as { text?: string }).text === text, 10_000)
          .then((e) => e.at - committed)
          .catch(() => {
            missing++;
            return Infinity;
          }),
      ),
    );
    latencies.push(...arrivals.filter(Number.isFinite));
    await new Promise((r) => setTimeout(r, 500));
  }
  latencies.sort((a, b) => a - b);
  return { latencies, missing };
}

interface FanOutFigures {
  connectMs: number;
  refused: number;
  latencies: number[];
  missing: number;
  before: { rss: number; heap: number };
  after: { rss: number; heap: number };
}

function fanOutOutcome({ connectMs, refused, latencies, missing, before, after }: FanOutFigures): Outcome {
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const max = latencies[latencies.length - 1]!;
  const perViewerKb = Math.round((after.rss - before.rss) / VIEWERS / 102.4) / 10;
  const heapPerViewerKb = Math.round((after.heap - before.heap) / VIEWERS / 102.4) / 10;
  const ok = refused === 0 && missing === 0 && p99 < TARGET_FANOUT_P99_MS;
  const rows = [
    `Viewers: ${VIEWERS} on one Sauti process (connected in ${connectMs} ms, refused ${refused}); ${ANSWERS} answers posted from another process`,
    `Answer to viewer: p50 ${p50} ms, p99 ${p99} ms, max ${max} ms over ${latencies.length} deliveries, ${missing} missing (target p99 < ${TARGET_FANOUT_P99_MS} ms: ${p99 < TARGET_FANOUT_P99_MS ? 'met' : 'MISSED'})`,
    `Memory per connected viewer: ${perViewerKb} KiB resident, ${heapPerViewerKb} KiB of JavaScript heap (process ${Math.round(before.rss / 1048576)} -> ${Math.round(after.rss / 1048576)} MiB)`,
  ];
  const json = [
    { bench: 'engage', metric: 'fanout_p99_ms', value: p99, baseline: null, ratio: null, p99_ms: p99 },
    { bench: 'engage', metric: 'fanout_p50_ms', value: p50, baseline: null, ratio: null, p99_ms: p99 },
    { bench: 'engage', metric: 'viewer_rss_kib', value: perViewerKb, baseline: null, ratio: null, p99_ms: p99 },
  ];
  return { rows, ok, json };
}

async function fanOut(databaseUrl: string, dataDir: string): Promise<Outcome> {
  const platform = await bootPlatform(benchConfig(databaseUrl, dataDir), modules);
  const ig = await staffActor(platform, 'ig.office');
  const sessionId = await liveSession(platform, 'post');
  const question = await askQuestion(
    platform,
    randomToken(16),
    sessionId,
    { question: 'When will every station have the digital Occurrence Book?' },
    'web',
  );
  const sauti = sautiProcess(databaseUrl, dataDir);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const viewers: SseClient[] = [];
  try {
    await waitHealthy(sauti.url);
    const before = await memory(sauti.url);
    const { connectMs, refused } = await connectViewers(sauti.url, sessionId, agent, viewers);
    await new Promise((r) => setTimeout(r, 2000));
    const after = await memory(sauti.url);
    const { latencies, missing } = await deliverAnswers(platform, ig, sessionId, question.clusterId, viewers);
    return fanOutOutcome({ connectMs, refused, latencies, missing, before, after });
  } finally {
    for (const v of viewers) v.close();
    agent.destroy();
    await sauti.stop();
    await platform.close();
  }
}

async function main(): Promise<number> {
  const { name, url: databaseUrl, drop } = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'sauti-bench-'));
  try {
    console.log(`#EngageTheIG benchmark on database ${name}`);
    console.log(machineLine('the figures'));
    console.log(
      `1. Question intake: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s\n`,
    );
    const a = await intake(databaseUrl, dataDir);
    console.log(a.rows.join('\n'));
    console.log(`\n2. Fan-out over Server-Sent Events\n`);
    const b = await fanOut(databaseUrl, dataDir);
    console.log(b.rows.join('\n'));
    console.log('');
    for (const line of [...a.json, ...b.json]) console.log(JSON.stringify(line));
    return a.ok && b.ok ? 0 : 1;
  } finally {
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

run(main);
