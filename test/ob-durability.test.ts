import { generateKeyPairSync } from 'node:crypto';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../src/platform/db/embedded.ts';

// A kill -9 in the middle of saves leaves each entry whole or absent, and the station's day
// numbered without a gap: the real `sauti serve` is killed under load from many desks at one
// station, started again, and the book must run 1..n with every acknowledged number in it.
// On the PostgreSQL server (TEST_DATABASE_URL), a database of its own; skipped by nothing.

const root = fileURLToPath(new URL('..', import.meta.url));
const DESKS = 50;
const LOAD_MS = 2500;
const CYCLES = 2;
const dataDir = mkdtempSync(join(tmpdir(), 'sauti-ob-durability-'));
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `sauti_ob_kill_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
let child: ChildProcess | undefined;

async function admin(sql: string, database?: string): Promise<pg.QueryResult> {
  const url = new URL(serverUrl);
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

after(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  await admin(`drop database if exists ${dbName} with (force)`);
});

interface Answer {
  status: number;
  body: string;
  cookies: string[];
}

function request(
  port: number,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
  agent?: http.Agent,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Signs the desk officer in over HTTP; answers the cookie header and the CSRF token a JSON post carries. */
async function signIn(port: number): Promise<{ cookie: string; csrf: string }> {
  const page = await request(port, 'GET', '/staff/sign-in');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const form = new URLSearchParams({ _csrf: csrf, username: 'desk', password: 'a long desk password' }).toString();
  const res = await request(port, 'POST', '/staff/sign-in', form, {
    'content-type': 'application/x-www-form-urlencoded',
    cookie: page.cookies.join('; '),
  });
  assert.equal(res.status, 303, res.body.slice(0, 300));
  return { cookie: [...page.cookies, ...res.cookies].join('; '), csrf };
}

function startServer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['bin/sauti.js', 'serve'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitHealthy(port: number, proc: ChildProcess): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (proc.exitCode !== null) throw new Error(`Sauti exited (${proc.exitCode})`);
    try {
      if ((await request(port, 'GET', '/healthz')).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Sauti was not healthy within 120 s');
}

/** Saves from DESKS desks at once until the server is killed under them; answers the numbers acknowledged. */
async function saveUntilKilled(port: number, proc: ChildProcess, session: { cookie: string; csrf: string }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: DESKS });
  const acknowledged: number[] = [];
  const unexpected: string[] = [];
  let inFlight = 0;
  const body = JSON.stringify({
    kind: 'general',
    occurredAt: '2026-11-30T08:00:00+03:00',
    narrative: 'Patrol reports all quiet at the stage.',
  });
  const headers = { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf };
  const desks = Array.from({ length: DESKS }, async () => {
    for (;;) {
      inFlight++;
      let res: Answer;
      try {
        res = await request(port, 'POST', '/api/ob/stations/kasarani/entries', body, headers, agent);
      } catch {
        return;
      } finally {
        inFlight--;
      }
      if (res.status !== 201) return void unexpected.push(`${res.status} ${res.body.slice(0, 200)}`);
      acknowledged.push(Number((JSON.parse(res.body) as { obNumber: string }).obNumber.split('/')[0]));
    }
  });
  await new Promise((r) => setTimeout(r, LOAD_MS));
  const inFlightAtKill = inFlight;
  proc.kill('SIGKILL');
  await Promise.all(desks);
  agent.destroy();
  return { acknowledged, unexpected, inFlightAtKill };
}

test(
  'a kill -9 under load from many desks leaves the day numbered without a gap, with every acknowledged entry',
  { timeout: 300_000 },
  async (t) => {
    await admin(`create database ${dbName}`);
    const url = new URL(serverUrl);
    url.pathname = `/${dbName}`;
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: url.toString(),
      SAUTI_DEMO: 'false',
      LOG_LEVEL: 'warn',
      SAUTI_SECRET: 'ob-durability-secret-0123456789-0123456789',
      REGISTRY_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      OB_LOG_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      DOCUMENTS_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    };
    delete env.PUBLIC_URL;
    const sauti = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/sauti.js', ...args], {
        cwd: root,
        env,
        input: 'a long desk password\n',
        encoding: 'utf8',
        timeout: 120_000,
      });
    const migrated = sauti('migrate');
    assert.equal(migrated.status, 0, migrated.stderr);
    const created = sauti(
      'user',
      'create',
      'desk',
      '--role',
      'officer',
      '--name',
      'Desk Officer',
      '--station',
      'kasarani',
      '--service-number',
      '2021-110001',
    );
    assert.equal(created.status, 0, created.stderr);

    const all: number[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      child = startServer(env);
      await waitHealthy(port, child);
      const run = await saveUntilKilled(port, child, await signIn(port));
      assert.deepEqual(run.unexpected, [], 'every save before the kill was accepted');
      assert.ok(run.acknowledged.length > 20, `only ${run.acknowledged.length} saves before the kill`);
      assert.ok(run.inFlightAtKill > 0, 'saves were in flight at the kill');
      all.push(...run.acknowledged);
      t.diagnostic(
        `cycle ${cycle}: ${run.acknowledged.length} acknowledged, ${run.inFlightAtKill} in flight at the kill`,
      );
    }
    const { rows } = await admin("select number from ob_entries where station_id = 'kasarani' order by number", dbName);
    const stored = rows.map((r: { number: number }) => r.number);
    assert.deepEqual(
      stored,
      Array.from({ length: stored.length }, (_, i) => i + 1),
      'the day runs 1..n without a gap',
    );
    const counter = await admin("select last_number from ob_day_counters where station_id = 'kasarani'", dbName);
    assert.equal(counter.rows[0].last_number, stored.length, 'no number was taken by a save the kill interrupted');
    const missing = all.filter((n) => !stored.includes(n));
    assert.deepEqual(missing, [], 'every acknowledged number is in the book');
    assert.equal(new Set(all).size, all.length, 'no number was acknowledged twice');
    t.diagnostic(
      `${stored.length} entries stored, ${all.length} acknowledged, numbers 1..${stored.length} without a gap`,
    );
  },
);
