/** What the benchmarks share: a fresh database, the bare baseline, load from autocannon, the figures. */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/platform/db/embedded.ts';
import { cpus, loadavg } from 'node:os';
import autocannon, { type Request, type Result } from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { counties, misconductCategories } from '../src/jurisdiction/kenya/index.ts';
import { buildApp } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import { modules } from '../src/modules/index.ts';
import { bootPlatform } from '../src/platform/boot.ts';

export const CONNECTIONS = 50;
/** Sauti's pool size on a PostgreSQL server (openDatabase's default). */
export const POOL_SIZE = 20;

export const serverUrl =
  process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A new database on the server for one run; `drop` removes it again. */
export async function benchDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `sauti_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await adminQuery(`create database ${name}`);
  return { name, url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

export interface Figures {
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

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Throughput over all rounds (of 2xx answers, unless told what counts); latency percentiles as the median round's. */
export function figures(name: string, rounds: Result[], counted: (r: Result) => number = (r) => r['2xx']): Figures {
  const statusCodes: Record<string, number> = {};
  for (const r of rounds)
    for (const [code, stat] of Object.entries(r.statusCodeStats))
      statusCodes[code] = (statusCodes[code] ?? 0) + stat.count;
  const sum = (pick: (r: Result) => number) => rounds.reduce((total, r) => total + pick(r), 0);
  return {
    name,
    reqPerSec: Math.round(sum(counted) / sum((r) => r.duration)),
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
export function load(url: string, requests: Request[], seconds: number): Promise<Result> {
  return autocannon({ url, connections: CONNECTIONS, workers: 1, requests, timeout: 10, duration: seconds });
}

/** The machine the figures were taken on: its CPUs and load average, which skew `what`. */
export function machineLine(what: string): string {
  return `Machine: ${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (other work on the machine skews ${what})\n`;
}

export interface Rounds {
  warmupSeconds: number;
  rounds: number;
  roundSeconds: number;
  /** Called before each load of Sauti (the warm-up's too) with the one before it: to hand out fresh requests. */
  beforeSauti?: (previous: Result | undefined) => void;
  /** Awaited after each load of Sauti: work Sauti does after answering is finished before the baseline's turn. */
  afterSauti?: () => Promise<void>;
}

/** A warm-up of each, then the baseline and Sauti measured in alternating rounds, so drift in the machine's load hits both alike. */
export async function alternatingRounds(
  baseline: Pick<Server, 'url' | 'requests'>,
  sauti: Pick<Server, 'url' | 'requests'>,
  { warmupSeconds, rounds, roundSeconds, beforeSauti, afterSauti }: Rounds,
): Promise<{ base: Result[]; sauti: Result[]; sautiWarmup: Result }> {
  await load(baseline.url, baseline.requests, warmupSeconds);
  beforeSauti?.(undefined);
  const sautiWarmup = await load(sauti.url, sauti.requests, warmupSeconds);
  await afterSauti?.();
  const result = { base: [] as Result[], sauti: [] as Result[], sautiWarmup };
  for (let round = 0; round < rounds; round++) {
    result.base.push(await load(baseline.url, baseline.requests, roundSeconds));
    beforeSauti?.(result.sauti.at(-1) ?? sautiWarmup);
    result.sauti.push(await load(sauti.url, sauti.requests, roundSeconds));
    await afterSauti?.();
  }
  return result;
}

/** The settings Sauti runs with in a benchmark on a PostgreSQL server: fresh signing keys, no demo, no logs. */
export function sautiBenchEnv(databaseUrl: string, dataDir: string): Record<string, string> {
  const key = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    SAUTI_SECRET: 'bench-secret-0123456789-0123456789-abcdef',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REGISTRY_SIGNING_KEY: key(),
    OB_LOG_SIGNING_KEY: key(),
    DOCUMENTS_SIGNING_KEY: key(),
    SAUTI_DEMO: 'false',
    LOG_LEVEL: 'silent',
  };
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

export interface Server {
  url: string;
  requests: Request[];
  close(): Promise<void>;
}

/** The floor: a bare Fastify 5 app whose one route inserts the JSON body as one row. */
export async function startBaseline(databaseUrl: string, requests: (path: string) => Request[]): Promise<Server> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  pool.on('error', () => undefined);
  await pool.query(
    'create table bench_baseline (id bigserial primary key, body jsonb not null, created_at timestamptz not null default now())',
  );
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  app.post('/bench', async (request, reply) => {
    const { rows } = await pool.query<{ id: string }>('insert into bench_baseline (body) values ($1) returning id', [
      JSON.stringify(request.body),
    ]);
    return reply.code(201).send({ id: rows[0]!.id });
  });
  const url = await listen(app);
  return {
    url,
    requests: requests('/bench'),
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

export function table(rows: Figures[]): string {
  const header = ['', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'];
  const body = rows.map((r) => [r.name, r.reqPerSec, r.p50, r.p975, r.p99, r.requests, r.non2xx, r.errors].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Valid reports, varied over the eight categories and a spread of counties; each names one officer. */
export function reportRequests(path: string): Request[] {
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

/** Runs a benchmark's main function and exits with its code (non-zero when requests failed or it threw). */
export function run(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Runs `task` for 0..count-1, at most `width` at a time; the first failure fails all. */
export async function eachConcurrently(
  count: number,
  width: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Sauti booted on `config` (job workers only when asked) and listening on a free port. */
export async function serveSauti(config: Config, options: { workers?: boolean } = {}) {
  const platform = await bootPlatform(config, modules, options.workers ? {} : { workers: false });
  const app = await buildApp(platform, { logger: false });
  const url = await listen(app);
  return {
    platform,
    url,
    async close() {
      await app.close();
      await platform.close();
    },
  };
}

/**
 * A `sauti` command serving on a port of its own in another process (a simulator: the outside service is another
 * machine), once it says it is listening; `--listen` is added.
 */
export async function startSautiProcess(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/sauti.js', ...args, '--listen', `127.0.0.1:${port}`], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const deadline = Date.now() + 60_000;
  while (!output.includes('listening on')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sauti ${args[0]} did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}`, child };
}
