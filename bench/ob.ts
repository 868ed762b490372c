/**
 * Occurrence Book benchmark (npm run bench:ob), on the PostgreSQL server (DATABASE_URL or
 * TEST_DATABASE_URL; a fresh database per run, dropped at the end):
 * 1. entry intake over HTTP — validation, numbering, storage, audit row — from 50 connections spread
 *    over 50 stations' desks, against a bare Fastify app inserting one row per request, measured in
 *    alternating rounds in the same run; then 50 connections all at one station (its numbering is the
 *    one serial point);
 * 2. from an acknowledged entry to its inclusion in a signed checkpoint, at that load;
 * 3. at 1,000,000 entries (OB_BENCH_ENTRIES): `sauti ob audit` against raw SHA-256 over the same leaf
 *    bytes, and the time to serve a tile, an entry bundle or an inclusion proof.
 * `--only intake` or `--only million` runs one part.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request } from 'autocannon';
import { loadConfig } from '../src/config.ts';
import type { Platform } from '../src/platform/module.ts';
import {
  adminQuery,
  alternatingRounds,
  benchDatabase,
  CONNECTIONS,
  figures,
  load,
  machineLine,
  startBaseline,
  table,
  type Figures,
  serveSauti,
} from './lib.ts';
import { deskRequests, entryBody, signInDesks } from './ob-desks.ts';
import { ENTRIES, fillBook, integrateAll, rawHashing, serve, servingRequests } from './ob-million.ts';
import { auditLog, logKey } from '../src/modules/ob/log/index.ts';

const WARMUP_SECONDS = 3;
const ROUNDS = 3;
const ROUND_SECONDS = 5;
const TARGET_RATIO = 0.5;
const TARGET_PER_S = 1500;
const TARGET_P99_MS = 50;

async function startSauti(databaseUrl: string, dataDir: string, workers = true) {
  const config = loadConfig({
    SAUTI_SECRET: 'bench-secret-0123456789-0123456789-abcdef',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REGISTRY_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    OB_LOG_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    DOCUMENTS_SIGNING_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    SAUTI_DEMO: 'false',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_SIGN_INS: '1000000000',
  });
  return serveSauti(config, { workers });
}

function baselineRequests(path: string): Request[] {
  return Array.from({ length: 16 }, (_, i) => ({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body: entryBody(i),
  }));
}

/** From each entry's recording (just before it is acknowledged) to the first signed checkpoint that includes it. */
async function checkpointLatency(
  platform: Platform,
): Promise<{ p50: number; p99: number; max: number; entries: number }> {
  const { rows } = await platform.db.pool.query<{ p50: number; p99: number; max: number; entries: number }>(
    `select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99,
       max(ms) as max, count(*)::int as entries
     from (select extract(epoch from (c.created_at - e.recorded_at)) * 1000 as ms
           from ob_log_leaves l join ob_entries e on e.id = l.entry_id
           cross join lateral (select created_at from ob_log_checkpoints c where c.size > l.leaf_index order by c.size limit 1) c) t`,
  );
  const r = rows[0]!;
  return { p50: Math.round(r.p50), p99: Math.round(r.p99), max: Math.round(r.max), entries: r.entries };
}

/** Waits until every stored entry is in a signed checkpoint (the integrator runs in Sauti's own process). */
async function untilIntegrated(platform: Platform, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await platform.db.pool.query<{ queued: number; unsigned: boolean }>(
      `select (select count(*)::int from ob_log_queue) as queued,
         coalesce((select max(size) from ob_log_checkpoints), 0) < (select count(*) from ob_log_leaves) as unsigned`,
    );
    if (rows[0]!.queued === 0 && !rows[0]!.unsigned) return;
    if (Date.now() > deadline) throw new Error('entries were not all in a signed checkpoint within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function entriesStored(platform: Platform): Promise<number> {
  return (await platform.db.pool.query<{ n: number }>('select count(*)::int as n from ob_entries')).rows[0]!.n;
}

function json(metric: string, value: number, baseline: number | null, p99: number | null): void {
  const ratio = baseline ? Math.round((value / baseline) * 100) / 100 : null;
  console.log(JSON.stringify({ bench: 'ob', metric, value, baseline, ratio, p99_ms: p99 }));
}

async function intake(databaseUrl: string, dataDir: string): Promise<string[]> {
  const problems: string[] = [];
  const sauti = await startSauti(databaseUrl, dataDir);
  const baseline = await startBaseline(databaseUrl, baselineRequests);
  try {
    const spread = deskRequests(await signInDesks(sauti.platform, sauti.url, CONNECTIONS), dataDir, 'spread');
    const rounds = await alternatingRounds(
      baseline,
      { url: sauti.url, requests: spread },
      {
        warmupSeconds: WARMUP_SECONDS,
        rounds: ROUNDS,
        roundSeconds: ROUND_SECONDS,
      },
    );
    const base = figures('baseline (bare Fastify, 1 insert)', rounds.base);
    const s = figures(`Sauti, ${CONNECTIONS} desks at ${CONNECTIONS} stations`, rounds.sauti);
    const one = deskRequests(await signInDesks(sauti.platform, sauti.url, CONNECTIONS, 'kasarani'), dataDir, 'one');
    const oneRounds = [];
    for (let r = 0; r < ROUNDS; r++) oneRounds.push(await load(sauti.url, one, ROUND_SECONDS));
    const single = figures(`Sauti, ${CONNECTIONS} desks at one station`, oneRounds);
    console.log(table([base, s, single]));
    const ratio = Math.round((s.reqPerSec / base.reqPerSec) * 100) / 100;
    const met = ratio >= TARGET_RATIO && s.reqPerSec >= TARGET_PER_S && s.p99 < TARGET_P99_MS;
    console.log(
      `\nSauti/baseline: ${ratio} (${s.reqPerSec} / ${base.reqPerSec} entries/s); one station: ${single.reqPerSec} entries/s, p99 ${single.p99} ms`,
    );
    console.log(
      `Target (ratio >= ${TARGET_RATIO}, >= ${TARGET_PER_S} entries/s, p99 < ${TARGET_P99_MS} ms): ${met ? 'met' : 'MISSED'}`,
    );
    for (const f of [base, s, single])
      if (f.non2xx + f.errors > 0) problems.push(`${f.name}: ${f.non2xx} non-2xx, ${f.errors} errors`);
    console.log(`Entries stored: ${await entriesStored(sauti.platform)}`);
    await untilIntegrated(sauti.platform);
    const latency = await checkpointLatency(sauti.platform);
    console.log(
      `Entry to signed checkpoint over ${latency.entries} entries: p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms (target p99 < 2000 ms: ${latency.p99 < 2000 ? 'met' : 'MISSED'})\n`,
    );
    json('entry_to_checkpoint_p99_ms', latency.p99, null, latency.p99);
    json('entries_per_s', s.reqPerSec, base.reqPerSec, s.p99);
    json('entries_per_s_one_station', single.reqPerSec, base.reqPerSec, single.p99);
    report(s, base);
  } finally {
    await baseline.close();
    await sauti.close();
  }
  return problems;
}

function report(s: Figures, base: Figures): void {
  json('p50_ms', s.p50, base.p50, s.p99);
  json('p99_ms', s.p99, base.p99, s.p99);
}

const TARGET_SERVE_P99_MS = 5;

/** The national log at a million entries: audit speed against raw hashing, and serving tiles and proofs. */
async function million(databaseUrl: string, dataDir: string): Promise<string[]> {
  const problems: string[] = [];
  const sauti = await startSauti(databaseUrl, dataDir, false);
  try {
    console.log(`National scale: filling the book with ${ENTRIES} entries...`);
    const filled = await fillBook(sauti.platform);
    const integrated = await integrateAll(sauti.platform);
    console.log(
      `Stored in ${filled.toFixed(0)} s (${Math.round(ENTRIES / filled)} entries/s by bulk insert, leaves made by the desk's leafOf), integrated into the tree in ${integrated.seconds.toFixed(1)} s (${Math.round(integrated.size / integrated.seconds)} leaves/s)`,
    );
    const raw = await rawHashing(sauti.platform);
    const audited = await auditLog(sauti.platform.db, (await logKey(sauti.platform)).verifier);
    if (!audited.ok) problems.push(`the audit failed: ${audited.problem}`);
    const auditPerS = audited.ok ? Math.round(audited.entries / audited.seconds) : 0;
    const ratio = Math.round((auditPerS / raw.perSecond) * 100) / 100;
    console.log(
      `sauti ob audit: ${auditPerS} entries/s (${audited.ok ? audited.seconds.toFixed(1) : '-'} s); raw SHA-256 over the same leaf bytes read the same way: ${raw.perSecond}/s (${raw.seconds.toFixed(1)} s); ratio ${ratio} (target >= 0.5: ${ratio >= 0.5 ? 'met' : 'MISSED'})`,
    );
    json('audit_entries_per_s', auditPerS, raw.perSecond, null);
    const files = servingRequests(integrated.size, dataDir);
    const tiles = figures('tiles and entry bundles (1 connection)', [await serve(sauti.url, files.tiles, 10)]);
    const proofs = figures('inclusion proofs with checkpoint (1 connection)', [
      await serve(sauti.url, files.proofs, 10),
    ]);
    console.log(table([tiles, proofs]));
    for (const f of [tiles, proofs]) {
      if (f.non2xx + f.errors > 0) problems.push(`${f.name}: ${f.non2xx} non-2xx, ${f.errors} errors`);
      console.log(
        `${f.name}: p99 ${f.p99} ms (target < ${TARGET_SERVE_P99_MS} ms: ${f.p99 < TARGET_SERVE_P99_MS ? 'met' : 'MISSED'})`,
      );
    }
    json('tile_p99_ms', tiles.p99, null, tiles.p99);
    json('proof_p99_ms', proofs.p99, null, proofs.p99);
  } finally {
    await sauti.close();
  }
  return problems;
}

async function main(): Promise<number> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const { name, url, drop } = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'sauti-bench-ob-'));
  try {
    console.log(`Occurrence Book benchmark: ${CONNECTIONS} connections, database ${name}`);
    console.log(machineLine('every figure'));
    const problems = only === 'million' ? [] : await intake(url, dataDir);
    if (only !== 'intake') {
      await drop();
      await adminQuery(`create database ${name}`);
      problems.push(...(await million(url, dataDir)));
    }
    for (const p of problems) console.log(`FAILED: ${p}`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await drop();
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
