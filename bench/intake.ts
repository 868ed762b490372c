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
const MEASURE_SECONDS = 15;
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

function figures(name: string, result: Result): Figures {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const completed = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    name,
    reqPerSec: Math.round(result['2xx'] / result.duration),
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    requests: completed,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes,
  };
}

/** A warm-up (discarded), then the measured run; load comes from a worker thread, off the server's event loop. */
async function load(url: string, requests: Request[]): Promise<{ warmup: Result; measured: Result }> {
  const options = { url, connections: CONNECTIONS, workers: 1, requests, timeout: 10 };
  const warmup = await autocannon({ ...options, duration: WARMUP_SECONDS });
  const measured = await autocannon({ ...options, duration: MEASURE_SECONDS });
  return { warmup, measured };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** The floor: a bare Fastify 5 app whose one route inserts the JSON body as one row. */
async function baseline(databaseUrl: string): Promise<Figures> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  pool.on('error', () => undefined);
  await pool.query('create table bench_baseline (id bigserial primary key, body jsonb not null, created_at timestamptz not null default now())');
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  app.post('/bench', async (request, reply) => {
    const { rows } = await pool.query<{ id: string }>('insert into bench_baseline (body) values ($1) returning id', [JSON.stringify(request.body)]);
    return reply.code(201).send({ id: rows[0]!.id });
  });
  try {
    const url = await listen(app);
    const { measured } = await load(url, reportRequests('/bench'));
    return figures('baseline (bare Fastify, 1 insert)', measured);
  } finally {
    await app.close();
    await pool.end();
  }
}

/** Sauti itself: the real app on its own pool, the same validation, transaction and receipt as production. */
async function sauti(databaseUrl: string, dataDir: string): Promise<{ figures: Figures; stored: number; acknowledged: number }> {
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
  try {
    const url = await listen(app);
    const { warmup, measured } = await load(url, reportRequests('/api/reports'));
    const stored = (await platform.db.pool.query<{ n: number }>('select count(*)::int as n from reports')).rows[0]!.n;
    return { figures: figures('Sauti POST /api/reports', measured), stored, acknowledged: warmup['2xx'] + measured['2xx'] };
  } finally {
    await app.close();
    await platform.db.close();
  }
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
    console.log(`Intake benchmark: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured each, pool ${POOL_SIZE}, database ${name}`);
    console.log(`Machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine skews both figures)\n`);
    const base = await baseline(databaseUrl);
    const run = await sauti(databaseUrl, dataDir);
    const s = run.figures;
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
    if (run.stored > run.acknowledged + 2 * CONNECTIONS) problems.push(`Sauti stored ${run.stored} reports but acknowledged only ${run.acknowledged}`);

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
