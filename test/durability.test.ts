import { generateKeyPairSync } from 'node:crypto';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { counties, misconductCategories } from '../src/jurisdiction/kenya/index.ts';

// A report Sauti has acknowledged (201 with a receipt) must survive the server being killed
// outright: the real `sauti serve` process is killed with SIGKILL mid-load, started again on the
// same data, and every receipt handed out must still lead to its case. Runs on the embedded
// database under DATA_DIR, or on a fresh PostgreSQL database when TEST_DATABASE_URL is set.

const root = fileURLToPath(new URL('..', import.meta.url));
const LOAD_MS = 2000;
const LOOPS = 8;

const dataDir = mkdtempSync(join(tmpdir(), 'sauti-durability-'));
let dbName: string | undefined;
let child: ChildProcess | undefined;

after(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Response {
  status: number;
  body: string;
}

function request(agent: http.Agent, port: number, method: string, path: string, body?: unknown): Promise<Response> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} },
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
  const proc = spawn(process.execPath, ['bin/sauti.js', 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  return { process: proc, output: () => output };
}

async function waitHealthy(port: number, server: { process: ChildProcess; output: () => string }, timeoutMs = 30_000): Promise<void> {
  const agent = new http.Agent({ keepAlive: false });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (server.process.exitCode !== null) throw new Error(`Sauti exited (${server.process.exitCode}) before it was healthy:\n${server.output()}`);
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

test('a report acknowledged to the reporter survives kill -9 of the server', { timeout: 120_000 }, async (t) => {
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
  if (process.env.TEST_DATABASE_URL) {
    dbName = `sauti_durability_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await admin(`create database ${dbName}`);
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
    env.REGISTRY_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  const first = startServer(env);
  child = first.process;
  await waitHealthy(port, first);

  // Reporters keep sending until the server disappears under them.
  const acknowledged = new Map<string, string>();
  const load = new http.Agent({ keepAlive: true, maxSockets: LOOPS });
  let next = 0;
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
  first.process.kill('SIGKILL');
  await Promise.all(loops);
  load.destroy();
  await exited(first.process);
  assert.equal(first.process.signalCode, 'SIGKILL');
  assert.deepEqual(unexpected, [], 'every report before the kill was accepted');
  assert.ok(inFlightAtKill > 0, 'reports were in flight when the server was killed');
  assert.ok(acknowledged.size > 20, `only ${acknowledged.size} reports were acknowledged before the kill`);

  const second = startServer(env);
  child = second.process;
  await waitHealthy(port, second);

  // Every receipt handed out still finds its case.
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
  assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.size} acknowledged reports were lost`);
  t.diagnostic(
    `${acknowledged.size} acknowledged reports verified after kill -9 on the ${env.DATABASE_URL ? 'PostgreSQL server' : 'embedded database'} (${inFlightAtKill} in flight at the kill, ${refused} cut off)`,
  );

  second.process.kill('SIGTERM');
  await exited(second.process);
});
