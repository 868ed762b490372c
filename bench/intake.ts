/**
 * Intake benchmark: how many misconduct reports per second Sauti accepts through POST /api/reports,
 * against a bare Fastify app that inserts one row per request, measured in the same run on the
 * same PostgreSQL server with the same pool size.
 *
 *   npm run bench:intake
 *
 * Needs a PostgreSQL server: DATABASE_URL or TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 * A fresh database is created for the run and dropped at the end. Exits non-zero only when requests fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Request, type Result } from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { counties, misconductCategories } from '../src/jurisdiction/kenya/index.ts';
import { modules } from '../src/modules/index.ts';
import { bootPlatform } from '../src/platform/boot.ts';

const CONNECTIONS = 50;
const WARMUP_SECONDS = 3;
/** Baseline and Sauti are measured in alternating rounds, so drift in the machine's load hits both alike. */
const ROUNDS = 3;
const ROUND_SECONDS = 5;
const MEASURE_SECONDS = ROUNDS * ROUND_SECONDS;
/** Sauti's pool size on a PostgreSQL server (openDatabase's default). */
const POOL_SIZE = 20;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 100;

const serverUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Valid reports, varied over the eight categories and a spread of counties; each names one officer. */
function reportRequests(path: string): Request[] {
  const requests: Request[] = [];
  const countyCodes = counties.map((c) => c.code);
  for (let i = 0; i < 48; i++) {
    const category = misconductCategories[i % misconductCategories.length]!.code;
    const county = countyCodes[(i * 7) % countyCodes.length]!;
    requests.push({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category,
        description: `Report ${i}: at the roadblock near the market an officer stopped our matatu and demanded money before letting us pass (${category}).`,
        county,
        place: 'Roadblock near the market',
        anonymous: true,
        officers: [{ name: 'Cpl. Otieno', serviceNumber: `${231000 + i}`, vehiclePlate: `KBZ ${100 + i}A` }],
      }),
    });
  }
  return requests;
}

interface Figures {
  name: string;
  reqPerSec: number;
  p50: number;
  p975: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Throughput over all rounds; latency percentiles as the median round's. */
function figures(name: string, rounds: Result[]): Figures {
  const statusCodes: Record<string, number> = {};
  for (const r of rounds) for (const [code, stat] of Object.entries(r.statusCodeStats)) statusCodes[code] = (statusCodes[code] ?? 0) + stat.count;
  const sum = (pick: (r: Result) => number) => rounds.reduce((total, r) => total + pick(r), 0);
  return {
    name,
    reqPerSec: Math.round(sum((r) => r['2xx']) / sum((r) => r.duration)),
    p50: median(rounds.map((r) => r.latency.p50)),
    p975: median(rounds.map((r) => r.latency.p97_5)),
    p99: median(rounds.map((r) => r.latency.p99)),
    requests: Object.values(statusCodes).reduce((a, b) => a + b, 0),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors + r.timeouts),
    statusCodes,
  };
}

/** Load comes from a worker thread, off the servers' event loop. */
function load(url: string, requests: Request[], seconds: number): Promise<Result> {
  return autocannon({ url, connections: CONNECTIONS, workers: 1, requests, timeout: 10, duration: seconds });
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

interface Server {
  url: string;
  requests: Request[];
  close(): Promise<void>;
}

/** The floor: a bare Fastify 5 app whose one route inserts the JSON body as one row. */
async function startBaseline(databaseUrl: string): Promise<Server> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  pool.on('error', () => undefined);
  await pool.query('create table bench_baseline (id bigserial primary key, body jsonb not null, created_at timestamptz not null default now())');
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  app.post('/bench', async (request, reply) => {
    const { rows } = await pool.query<{ id: string }>('insert into bench_baseline (body) values ($1) returning id', [JSON.stringify(request.body)]);
    return reply.code(201).send({ id: rows[0]!.id });
  });
  const url = await listen(app);
  return {
    url,
    requests: reportRequests('/bench'),
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

/** Sauti itself: the real app on its own pool, the same validation, transaction and receipt as production. */
async function startSauti(databaseUrl: string, dataDir: string): Promise<Server & { stored(): Promise<number> }> {
  const config = loadConfig({
    SAUTI_SECRET: 'bench-secret-0123456789-0123456789-abcdef',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SAUTI_DEMO: 'false',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_REPORTS: '1000000000',
    RATE_LIMIT_RECEIPTS: '1000000000',
  });
  const platform = await bootPlatform(config, modules);
  const app = await buildApp(platform, { logger: false });
  const url = await listen(app);
  return {
    url,
    requests: reportRequests('/api/reports'),
    stored: async () => (await platform.db.pool.query<{ n: number }>('select count(*)::int as n from reports')).rows[0]!.n,
    async close() {
      await app.close();
      await platform.db.close();
    },
  };
}

function table(rows: Figures[]): string {
  const header = ['', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'];
  const body = rows.map((r) => [r.name, r.reqPerSec, r.p50, r.p975, r.p99, r.requests, r.non2xx, r.errors].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<number> {
  const name = `sauti_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const dataDir = mkdtempSync(join(tmpdir(), 'sauti-bench-'));
  await adminQuery(`create database ${name}`);
  try {
    console.log(`Intake benchmark: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, then ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s each (${MEASURE_SECONDS} s measured per side), pool ${POOL_SIZE}, database ${name}`);
    console.log(`Machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine skews both figures)\n`);
    const baselineServer = await startBaseline(databaseUrl);
    const sautiServer = await startSauti(databaseUrl, dataDir);
    const baseRounds: Result[] = [];
    const sautiRounds: Result[] = [];
    let acknowledged = 0;
    try {
      await load(baselineServer.url, baselineServer.requests, WARMUP_SECONDS);
      acknowledged += (await load(sautiServer.url, sautiServer.requests, WARMUP_SECONDS))['2xx'];
      for (let round = 0; round < ROUNDS; round++) {
        baseRounds.push(await load(baselineServer.url, baselineServer.requests, ROUND_SECONDS));
        const r = await load(sautiServer.url, sautiServer.requests, ROUND_SECONDS);
        acknowledged += r['2xx'];
        sautiRounds.push(r);
      }
    } finally {
      await baselineServer.close();
    }
    const run = { stored: await sautiServer.stored(), acknowledged };
    await sautiServer.close();
    const base = figures('baseline (bare Fastify, 1 insert)', baseRounds);
    const s = figures('Sauti POST /api/reports', sautiRounds);
    const ratio = Math.round((s.reqPerSec / base.reqPerSec) * 100) / 100;
    console.log(table([base, s]));
    console.log(`\nSauti/baseline: ${ratio} (${s.reqPerSec} / ${base.reqPerSec} req/s)`);

    const problems: string[] = [];
    for (const f of [base, s]) {
      const odd = Object.entries(f.statusCodes).filter(([code]) => code !== '201');
      if (odd.length > 0) problems.push(`${f.name}: responses other than 201: ${odd.map(([code, n]) => `${n} x ${code}`).join(', ')}`);
      if (f.errors > 0) problems.push(`${f.name}: ${f.errors} connection errors or timeouts`);
      if (f.requests === 0) problems.push(`${f.name}: no responses at all`);
    }
    // Every acknowledged report must be stored; a few more may be, those in flight when a run stopped.
    if (run.stored < run.acknowledged) problems.push(`Sauti acknowledged ${run.acknowledged} reports but stored only ${run.stored}`);
    if (run.stored > run.acknowledged + (ROUNDS + 1) * CONNECTIONS) problems.push(`Sauti stored ${run.stored} reports but acknowledged only ${run.acknowledged}`);

    const met = ratio >= TARGET_RATIO && s.p99 < TARGET_P99_MS;
    console.log(`Target (ratio >= ${TARGET_RATIO}, Sauti p99 < ${TARGET_P99_MS} ms): ${met ? 'met' : 'MISSED'}`);
    console.log(`Reports stored: ${run.stored}, acknowledged with 201: ${run.acknowledged}`);
    for (const p of problems) console.log(`FAILED: ${p}`);
    console.log('');
    const json = (metric: string, value: number, baselineValue: number) =>
      console.log(
        JSON.stringify({ bench: 'intake', metric, value, baseline: baselineValue, ratio: baselineValue ? Math.round((value / baselineValue) * 100) / 100 : null, p99_ms: s.p99 }),
      );
    json('req_per_s', s.reqPerSec, base.reqPerSec);
    json('p50_ms', s.p50, base.p50);
    json('p97_5_ms', s.p975, base.p975);
    json('p99_ms', s.p99, base.p99);
    json('errors', s.non2xx + s.errors, base.non2xx + base.errors);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await adminQuery(`drop database if exists ${name} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
