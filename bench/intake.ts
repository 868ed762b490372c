/**
 * Intake benchmark: how many misconduct reports per second Sauti accepts through POST /api/reports,
 * against a bare Fastify app that inserts one row per request, measured in the same run on the
 * same PostgreSQL server with the same pool size.
 *
 *   npm run bench:intake
 *
 * On a PostgreSQL server: DATABASE_URL or TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test);
 * a fresh database is created for the run and dropped at the end. With `--embedded` (npm run
 * bench:intake:embedded), Sauti runs on its embedded default under a temporary DATA_DIR and the
 * baseline inserts into the same embedded server. Exits non-zero only when requests fail.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { modules } from '../src/modules/index.ts';
import { bootPlatform } from '../src/platform/boot.ts';
import {
  alternatingRounds,
  benchDatabase,
  CONNECTIONS,
  figures,
  listen,
  machineLine,
  POOL_SIZE,
  reportRequests,
  run,
  startBaseline,
  table,
  type Figures,
  type Server,
} from './lib.ts';

const WARMUP_SECONDS = 3;
const ROUNDS = 3;
const ROUND_SECONDS = 5;
const MEASURE_SECONDS = ROUNDS * ROUND_SECONDS;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 100;

/** Sauti itself: the real app on its own pool, the same validation, transaction and receipt as production. */
async function startSauti(
  databaseUrl: string | undefined,
  dataDir: string,
): Promise<Server & { stored(): Promise<number>; ownerUrl: string }> {
  const config = loadConfig({
    SAUTI_SECRET: 'bench-secret-0123456789-0123456789-abcdef',
    DATA_DIR: dataDir,
    ...(databaseUrl
      ? {
          DATABASE_URL: databaseUrl,
          REGISTRY_SIGNING_KEY: generateKeyPairSync('ed25519')
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString(),
          OB_LOG_SIGNING_KEY: generateKeyPairSync('ed25519')
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString(),
          DOCUMENTS_SIGNING_KEY: generateKeyPairSync('ed25519')
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        }
      : {}),
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
    ownerUrl: platform.db.ownerConnectionString,
    requests: reportRequests('/api/reports'),
    stored: async () =>
      (await platform.db.pool.query<{ n: number }>('select count(*)::int as n from reports')).rows[0]!.n,
    async close() {
      await app.close();
      await platform.close();
    },
  };
}

/** Sauti and the baseline on the same database: a warm-up, then alternating rounds; what Sauti acknowledged and stored. */
async function measure(databaseUrl: string | undefined, dataDir: string) {
  const sautiServer = await startSauti(databaseUrl, dataDir);
  // the same server and database as Sauti's: on the embedded default, the one Sauti started
  const baselineServer = await startBaseline(databaseUrl ?? sautiServer.ownerUrl, reportRequests);
  let rounds: Awaited<ReturnType<typeof alternatingRounds>>;
  try {
    rounds = await alternatingRounds(baselineServer, sautiServer, {
      warmupSeconds: WARMUP_SECONDS,
      rounds: ROUNDS,
      roundSeconds: ROUND_SECONDS,
    });
  } finally {
    await baselineServer.close();
  }
  const acknowledged = [rounds.sautiWarmup, ...rounds.sauti].reduce((n, r) => n + r['2xx'], 0);
  const counts = { stored: await sautiServer.stored(), acknowledged };
  await sautiServer.close();
  const base = figures('baseline (bare Fastify, 1 insert)', rounds.base);
  const s = figures('Sauti POST /api/reports', rounds.sauti);
  return { base, s, counts };
}

function problemsOf(base: Figures, s: Figures, counts: { stored: number; acknowledged: number }): string[] {
  const problems: string[] = [];
  for (const f of [base, s]) {
    const odd = Object.entries(f.statusCodes).filter(([code]) => code !== '201');
    if (odd.length > 0)
      problems.push(`${f.name}: responses other than 201: ${odd.map(([code, n]) => `${n} x ${code}`).join(', ')}`);
    if (f.errors > 0) problems.push(`${f.name}: ${f.errors} connection errors or timeouts`);
    if (f.requests === 0) problems.push(`${f.name}: no responses at all`);
  }
  // Every acknowledged report must be stored; a few more may be, those in flight when a run stopped.
  if (counts.stored < counts.acknowledged)
    problems.push(`Sauti acknowledged ${counts.acknowledged} reports but stored only ${counts.stored}`);
  if (counts.stored > counts.acknowledged + (ROUNDS + 1) * CONNECTIONS)
    problems.push(`Sauti stored ${counts.stored} reports but acknowledged only ${counts.acknowledged}`);
  return problems;
}

/** One JSON line a metric, for tools that collect benchmark results. */
function printJson(embedded: boolean, base: Figures, s: Figures): void {
  const json = (metric: string, value: number, baselineValue: number) =>
    console.log(
      JSON.stringify({
        bench: embedded ? 'intake-embedded' : 'intake',
        metric,
        value,
        baseline: baselineValue,
        ratio: baselineValue ? Math.round((value / baselineValue) * 100) / 100 : null,
        p99_ms: s.p99,
      }),
    );
  json('req_per_s', s.reqPerSec, base.reqPerSec);
  json('p50_ms', s.p50, base.p50);
  json('p97_5_ms', s.p975, base.p975);
  json('p99_ms', s.p99, base.p99);
  json('errors', s.non2xx + s.errors, base.non2xx + base.errors);
}

async function main(): Promise<number> {
  const embedded = process.argv.includes('--embedded');
  const {
    name,
    url: databaseUrl,
    drop,
  } = embedded ? { name: 'the embedded default', url: undefined, drop: async () => undefined } : await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'sauti-bench-'));
  try {
    console.log(
      `Intake benchmark: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, then ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s each (${MEASURE_SECONDS} s measured per side), pool ${POOL_SIZE}, database ${name}`,
    );
    console.log(machineLine('both figures'));
    const { base, s, counts } = await measure(databaseUrl, dataDir);
    const ratio = Math.round((s.reqPerSec / base.reqPerSec) * 100) / 100;
    console.log(table([base, s]));
    console.log(`\nSauti/baseline: ${ratio} (${s.reqPerSec} / ${base.reqPerSec} req/s)`);
    const problems = problemsOf(base, s, counts);
    const met = ratio >= TARGET_RATIO && s.p99 < TARGET_P99_MS;
    console.log(`Target (ratio >= ${TARGET_RATIO}, Sauti p99 < ${TARGET_P99_MS} ms): ${met ? 'met' : 'MISSED'}`);
    console.log(`Reports stored: ${counts.stored}, acknowledged with 201: ${counts.acknowledged}`);
    for (const p of problems) console.log(`FAILED: ${p}`);
    console.log('');
    printJson(embedded, base, s);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

run(main);
