import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cosignatureVerifier,
  openNote,
  parseCheckpoint,
  parseVerifier,
  verifierString,
} from '../src/platform/tlog/index.ts';
import { evidenceInPdf } from '../src/modules/documents/index.ts';
import { auditLog, logKey } from '../src/modules/ob/log/index.ts';
import { arrest, lostPhone, postJson } from '../src/modules/ob/test-desk.ts';
import { demoAccounts, startSauti, type TestContext } from './helpers.ts';

// The Occurrence Book's whole promise, across processes: a desk at Kasarani records a lost phone, an
// arrest and the release; the complainant checks the slip; the commander closes the day; the national
// log's checkpoint is cosigned by a witness running as its own program (as IPOA would run it), and an
// outsider's audit of the public log passes, while the audit from the database names an entry altered
// behind Sauti's back.

const root = fileURLToPath(new URL('..', import.meta.url));
const ORIGIN = 'ob.police.example/kenya';
const WITNESS = 'witness.example/ipoa';
const logKeyPair = generateKeyPairSync('ed25519');
const LOG_VERIFIER = verifierString(ORIGIN, logKeyPair.publicKey);

let witnessDir: string;
let witness: ChildProcess;
let witnessVerifier: string;
let sauti: TestContext;
let url: string;

/** Starts `sauti witness serve` as its own process; answers its URL and verifier key from what it prints. */
async function startWitnessProcess(): Promise<{ url: string; verifier: string }> {
  witness = spawn(
    process.execPath,
    [
      'bin/sauti.js',
      'witness',
      'serve',
      '--data',
      witnessDir,
      '--listen',
      '127.0.0.1:0',
      '--name',
      WITNESS,
      '--log',
      `${ORIGIN} ${LOG_VERIFIER}`,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env.PATH ?? '' } },
  );
  let verifier = '';
  for await (const line of createInterface({ input: witness.stdout! })) {
    if (line.startsWith('verifier ')) verifier = line.slice('verifier '.length);
    if (line.startsWith('listening on ')) return { url: line.slice('listening on '.length), verifier };
  }
  throw new Error('the witness stopped before it listened');
}

before(async () => {
  witnessDir = await mkdtemp(join(tmpdir(), 'sauti-ipoa-witness-'));
  const started = await startWitnessProcess();
  witnessVerifier = started.verifier;
  sauti = await startSauti({
    env: {
      OB_LOG_ORIGIN: ORIGIN,
      OB_LOG_SIGNING_KEY: logKeyPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      OB_LOG_WITNESSES: `${started.url} ${started.verifier}`,
      OB_LOG_INTERVAL_MS: '100',
    },
  });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
  url = await sauti.app.listen({ host: '127.0.0.1', port: 0 });
});

after(async () => {
  await sauti?.close();
  if (witness && witness.exitCode === null) {
    witness.kill('SIGTERM');
    await once(witness, 'exit');
  }
  await rm(witnessDir, { recursive: true, force: true });
});

/** Runs `sauti <args>` as its own process; answers its exit status and what it printed. */
async function run(args: string[]): Promise<{ status: number | null; output: string }> {
  const child = spawn(process.execPath, ['bin/sauti.js', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const [status] = (await once(child, 'exit')) as [number | null];
  return { status, output };
}

/** Waits (polling the public checkpoint, at most 60 s) until it covers `size` entries and carries the witness's cosignature. */
async function cosignedCheckpointOf(size: number) {
  const verifiers = [parseVerifier(LOG_VERIFIER), cosignatureVerifier(witnessVerifier)];
  for (let tries = 0; tries < 600; tries++) {
    const res = await fetch(`${url}/ob/log/checkpoint`);
    if (res.status === 200) {
      const opened = openNote(await res.text(), verifiers);
      const checkpoint = parseCheckpoint(opened.text);
      if (checkpoint.size >= size && opened.verifiedBy.includes(WITNESS)) return { checkpoint, opened };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no checkpoint of ${size} entries cosigned by the witness within 60 s`);
}

test('a day at Kasarani, cosigned by a witness process and audited from outside', { timeout: 240_000 }, async () => {
  const as = demoAccounts(() => sauti.app).as;
  const desk = await as('officer.kasarani');
  const record = async (body: unknown) => {
    const res = await postJson(sauti, desk, '/api/ob/stations/kasarani/entries', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; obNumber: string; slipCode: string };
  };
  const lost = await record(lostPhone);
  const booked = await record(arrest);
  await record({
    kind: 'release',
    occurredAt: '2026-11-30T09:55:00+03:00',
    releaseOf: booked.obNumber,
    releaseMode: 'court',
    releaseNote: 'Makadara Law Courts',
    narrative: 'Taken to court.',
  });

  const checked = await sauti.app.inject(
    `/api/ob/verify?station=kasarani&ob=${encodeURIComponent(lost.obNumber)}&code=${lost.slipCode}`,
  );
  assert.equal(checked.statusCode, 200, checked.body);
  assert.doesNotMatch(checked.body, /Wanjiku|Tecno/);

  sauti.platform.clock.set(new Date('2026-12-01T08:00:00+03:00'));
  const closed = await postJson(sauti, await as('ocs.kasarani'), '/api/ob/stations/kasarani/days/2026-11-30/close', {});
  assert.equal(closed.statusCode, 201, closed.body);

  const { checkpoint } = await cosignedCheckpointOf(4);
  assert.equal(checkpoint.origin, ORIGIN);

  // the outsider's audit runs as its own process while this one serves it (never spawnSync here)
  const remote = await run(['ob', 'audit', '--remote', `${url}/ob/log`, '--key', LOG_VERIFIER]);
  assert.equal(remote.status, 0, remote.output);

  const key = (await logKey(sauti.platform)).verifier;
  assert.equal((await auditLog(sauti.platform.db, key)).ok, true);
  await sauti.database.asOwner(
    `set session_replication_role = replica; update ob_entries set narrative = 'Nothing was taken.' where id = ${Number(booked.id)}`,
  );
  const audited = await auditLog(sauti.platform.db, key);
  assert.equal(audited.ok, false);
  assert.equal(!audited.ok && audited.entry?.obNumber, `OB ${booked.obNumber}`);
});

test(
  'an abstract’s PDF carries the witnessed proof of its entry, and `sauti verify` checks it offline',
  { timeout: 240_000 },
  async () => {
    const desk = await demoAccounts(() => sauti.app).as('officer.kasarani');
    const entry = await postJson(sauti, desk, '/api/ob/stations/kasarani/entries', lostPhone);
    assert.equal(entry.statusCode, 201, entry.body);
    let proof = await fetch(`${url}/api/ob/log/proof?entry=${entry.json().id}`);
    for (let tries = 0; proof.status !== 200; tries++) {
      assert.ok(tries < 600, 'the entry reaches the national log within 60 s');
      await new Promise((r) => setTimeout(r, 100));
      proof = await fetch(`${url}/api/ob/log/proof?entry=${entry.json().id}`);
    }
    // the PDF carries the proof against the latest checkpoint the witness cosigned: wait for one that holds the entry
    await cosignedCheckpointOf(((await proof.json()) as { leafIndex: number }).leafIndex + 1);
    const issued = await postJson(sauti, desk, '/api/documents/stations/kasarani/documents', {
      kind: 'abstract_general',
      ob: entry.json().obNumber,
    });
    assert.equal(issued.statusCode, 201, issued.body);
    const pdf = await desk.get(`/api/documents/${issued.json().number}.pdf`);
    assert.equal(pdf.statusCode, 200);

    const dir = await mkdtemp(join(tmpdir(), 'sauti-abstract-'));
    try {
      const keys = await fetch(`${url}/documents/keys`);
      await writeFile(join(dir, 'keys.json'), await keys.text());
      await writeFile(join(dir, 'abstract.pdf'), pdf.rawPayload);
      const checked = await run(['verify', join(dir, 'abstract.pdf'), '--keys', join(dir, 'keys.json')]);
      assert.equal(checked.status, 0, checked.output);
      assert.match(checked.output, /^GENUINE: abstract-general /m);
      assert.match(
        checked.output,
        new RegExp(
          `national log: the OB entry is leaf \\d+ of a checkpoint of \\d+ entries signed by the log; cosigned by ${WITNESS.replace('.', '\\.')} at 20`,
        ),
      );

      // the proof in the file altered (one character of it): the file is not to be trusted
      const bytes = Buffer.from(pdf.rawPayload);
      const evidence = evidenceInPdf(bytes);
      assert.ok(evidence, 'the PDF carries the proof');
      const at = bytes.indexOf(evidence) + 40;
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      await writeFile(join(dir, 'altered.pdf'), bytes);
      const altered = await run(['verify', join(dir, 'altered.pdf'), '--keys', join(dir, 'keys.json')]);
      assert.equal(altered.status, 1, altered.output);
      assert.match(altered.output, /^NOT GENUINE: .*national log/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
