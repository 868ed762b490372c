import { generateKeyPairSync } from 'node:crypto';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { counties, misconductCategories } from '../src/jurisdiction/kenya/index.ts';
import { freePort, startEmbeddedServer } from '../src/platform/db/embedded.ts';

// A report Sauti has acknowledged (201 with a receipt) must survive the server being killed
// outright: the real `sauti serve` process is killed with SIGKILL mid-load, started again on the
// same data, and every receipt handed out must still lead to its case; twice over. Runs
// on the embedded database under DATA_DIR (whose PostgreSQL outlives the kill and is adopted by
// the next start; in one cycle it is killed too, and recovers), or on a fresh PostgreSQL database
// when TEST_DATABASE_URL is set.

const root = fileURLToPath(new URL('..', import.meta.url));
const LOAD_MS = 2000;
const LOOPS = 8;
const CYCLES = 2;

const dataDir = mkdtempSync(join(tmpdir(), 'sauti-durability-'));
let dbName: string | undefined;
let child: ChildProcess | undefined;

after(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (child) await exited(child);
  // an embedded PostgreSQL left by a killed server: adopt it, to stop it
  if (existsSync(join(dataDir, 'postgres', 'cluster')))
    await (await startEmbeddedServer({ dir: join(dataDir, 'postgres') })).stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (dbName) await admin(`drop database if exists ${dbName} with (force)`);
});

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Response {
  status: number;
  body: string;
}

function request(agent: http.Agent, port: number, method: string, path: string, body?: unknown): Promise<Response> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function startServer(env: Record<string, string>): { process: ChildProcess; output: () => string } {
  const proc = spawn(process.execPath, ['bin/sauti.js', 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  return { process: proc, output: () => output };
}

async function waitHealthy(
  port: number,
  server: { process: ChildProcess; output: () => string },
  timeoutMs = 120_000,
): Promise<void> {
  const agent = new http.Agent({ keepAlive: false });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (server.process.exitCode !== null)
        throw new Error(`Sauti exited (${server.process.exitCode}) before it was healthy:\n${server.output()}`);
      try {
        if ((await request(agent, port, 'GET', '/healthz')).status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Sauti was not healthy within ${timeoutMs} ms:\n${server.output()}`);
  } finally {
    agent.destroy();
  }
}

function exited(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once('exit', () => resolve()));
}

function report(n: number) {
  const category = misconductCategories[n % misconductCategories.length]!.code;
  return {
    category,
    description: `Report ${n}: an officer at the roadblock demanded money before letting the matatu pass.`,
    county: counties[(n * 7) % counties.length]!.code,
    anonymous: true,
    officers: [{ name: 'Cpl. Otieno', serviceNumber: `${240000 + n}` }],
  };
}

/** Sends reports from LOOPS clients until the server disappears under them; returns what was acknowledged. */
async function loadUntilKilled(port: number, server: ChildProcess, from: number, killPostgresToo: boolean) {
  const acknowledged = new Map<string, string>();
  const load = new http.Agent({ keepAlive: true, maxSockets: LOOPS });
  let next = from;
  let inFlight = 0;
  let refused = 0;
  const unexpected: string[] = [];
  const loops = Array.from({ length: LOOPS }, async () => {
    for (;;) {
      const n = next++;
      inFlight++;
      let res: Response;
      try {
        res = await request(load, port, 'POST', '/api/reports', report(n));
      } catch {
        refused++;
        return; // the server is gone
      } finally {
        inFlight--;
      }
      if (res.status !== 201) {
        unexpected.push(`${res.status} ${res.body.slice(0, 200)}`);
        return;
      }
      const receipt = JSON.parse(res.body) as { receipt: string; caseReference: string };
      acknowledged.set(receipt.receipt, receipt.caseReference);
    }
  });
  await new Promise((r) => setTimeout(r, LOAD_MS));
  const inFlightAtKill = inFlight;
  server.kill('SIGKILL');
  if (killPostgresToo) {
    const postmaster = Number(
      readFileSync(join(dataDir, 'postgres', 'cluster', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    process.kill(postmaster, 'SIGKILL');
  }
  await Promise.all(loops);
  load.destroy();
  await exited(server);
  return { acknowledged, inFlightAtKill, refused, unexpected, next };
}

async function verify(port: number, acknowledged: Map<string, string>): Promise<string[]> {
  const check = new http.Agent({ keepAlive: true, maxSockets: LOOPS });
  const receipts = [...acknowledged];
  const lost: string[] = [];
  await Promise.all(
    Array.from({ length: LOOPS }, async () => {
      for (let entry = receipts.pop(); entry; entry = receipts.pop()) {
        const [receipt, reference] = entry;
        const res = await request(check, port, 'POST', '/api/reports/follow', { receipt });
        const found = res.status === 200 ? (JSON.parse(res.body) as { reference: string }).reference : undefined;
        if (found !== reference) lost.push(`${reference}: ${res.status} ${found ?? res.body.slice(0, 100)}`);
      }
    }),
  );
  check.destroy();
  return lost;
}

test('reports acknowledged to reporters survive repeated kill -9 of the server', { timeout: 180_000 }, async (t) => {
  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SAUTI_DEMO: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_REPORTS: '100000',
    RATE_LIMIT_RECEIPTS: '100000',
    SAUTI_SECRET: 'durability-secret-0123456789-0123456789',
  };
  delete env.DATABASE_URL;
  delete env.PUBLIC_URL;
  const embedded = !process.env.TEST_DATABASE_URL;
  if (!embedded) {
    dbName = `sauti_durability_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await admin(`create database ${dbName}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
    env.REGISTRY_SIGNING_KEY = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    env.OB_LOG_SIGNING_KEY = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    env.DOCUMENTS_SIGNING_KEY = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
  }

  const all = new Map<string, string>();
  let next = 0;
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const server = startServer(env);
    child = server.process;
    await waitHealthy(port, server);
    // everything acknowledged in earlier cycles is still there after each restart
    assert.deepEqual(await verify(port, all), [], `cycle ${cycle}: reports acknowledged earlier were lost`);
    const run = await loadUntilKilled(port, server.process, next, embedded && cycle === 2);
    next = run.next;
    assert.equal(server.process.signalCode, 'SIGKILL');
    assert.deepEqual(run.unexpected, [], `cycle ${cycle}: every report before the kill was accepted`);
    assert.ok(run.inFlightAtKill > 0, `cycle ${cycle}: reports were in flight when the server was killed`);
    assert.ok(
      run.acknowledged.size > 20,
      `cycle ${cycle}: only ${run.acknowledged.size} reports were acknowledged before the kill`,
    );
    for (const [receipt, reference] of run.acknowledged) all.set(receipt, reference);
    t.diagnostic(
      `cycle ${cycle}: ${run.acknowledged.size} acknowledged, ${run.inFlightAtKill} in flight at the kill, ${run.refused} cut off`,
    );
  }

  const last = startServer(env);
  child = last.process;
  await waitHealthy(port, last);
  const lost = await verify(port, all);
  assert.deepEqual(lost, [], `${lost.length} of ${all.size} acknowledged reports were lost`);
  t.diagnostic(
    `${all.size} acknowledged reports verified after ${CYCLES} kill -9 cycles on the ${embedded ? 'embedded database' : 'PostgreSQL server'}`,
  );

  last.process.kill('SIGTERM');
  await exited(last.process);
  assert.equal(last.process.exitCode, 0, 'a graceful stop after the kills');
  if (embedded)
    assert.ok(
      !existsSync(join(dataDir, 'postgres', 'cluster', 'postmaster.pid')),
      'the embedded PostgreSQL was stopped with Sauti',
    );
});
