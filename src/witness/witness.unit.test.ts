import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cosignatureVerifier, formatAddCheckpoint, verifyCosignatureLine } from '../platform/tlog/index.ts';
import { addCheckpoint, startWitness, type RunningWitness } from './index.ts';
import { MAX_BODY_BYTES } from './server.ts';
import { TestLog } from './tree.test-support.ts';

const WITNESS_NAME = 'witness.example/unit';

async function withWitness(
  logs: TestLog[],
  run: (witness: RunningWitness, dataDir: string) => Promise<void>,
  dataDir?: string,
): Promise<void> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'sauti-witness-')));
  const witness = await startWitness({
    dataDir: dir,
    host: '127.0.0.1',
    port: 0,
    name: WITNESS_NAME,
    logs: logs.map((log) => log.logEntry),
  });
  try {
    await run(witness, dir);
  } finally {
    await witness.close();
    if (!dataDir) await rm(dir, { recursive: true, force: true });
  }
}

function submit(witness: RunningWitness, log: TestLog, oldSize: number, proof = log.proof(oldSize), size = log.size) {
  return addCheckpoint(witness.url, { oldSize, proof, checkpointNote: log.checkpoint(size) }, { timeoutMs: 5000 });
}

function post(witness: RunningWitness, body: string): Promise<Response> {
  return fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body, signal: AbortSignal.timeout(10_000) });
}

async function statusOf(witness: RunningWitness): Promise<string> {
  return (await fetch(witness.url, { signal: AbortSignal.timeout(10_000) })).text();
}

function assertCosigned(result: Awaited<ReturnType<typeof addCheckpoint>>, witness: RunningWitness, log: TestLog) {
  assert.equal(result.status, 'cosigned', JSON.stringify(result));
  assert.equal(result.lines.length, 1);
  const verifier = cosignatureVerifier(witness.verifier);
  const checked = verifyCosignatureLine(result.lines[0]!, log.checkpointText(), verifier);
  assert.equal(checked.ok, true, 'the cosignature verifies under the verifier key the witness printed');
  assert.ok(Math.abs(checked.timestamp! - Date.now() / 1000) < 60, 'the cosignature carries the time of signing');
}

test(
  'a first checkpoint is cosigned from size 0, then each next one with a consistency proof',
  { timeout: 60_000 },
  async () => {
    const log = new TestLog('ob.police.example/kenya').append(5);
    await withWitness([log], async (witness) => {
      assert.match(witness.verifier, /^witness\.example\/unit\+[0-9a-f]{8}\+/);
      assertCosigned(await submit(witness, log, 0), witness, log);
      assert.match(await statusOf(witness), /ob\.police\.example\/kenya size 5 /);

      for (const grow of [3, 1, 8, 13, 64]) {
        const oldSize = log.size;
        log.append(grow);
        assertCosigned(await submit(witness, log, oldSize), witness, log);
      }
      assert.match(await statusOf(witness), new RegExp(`ob\\.police\\.example/kenya size ${log.size} root `));
      assertCosigned(await submit(witness, log, log.size), witness, log);
    });
  },
);

test(
  'a stale old size is answered 409 with the size the witness holds, as text/x.tlog.size',
  { timeout: 60_000 },
  async () => {
    const log = new TestLog('ob.police.example/kenya').append(4);
    await withWitness([log], async (witness) => {
      assert.equal((await submit(witness, log, 0)).status, 'cosigned');
      log.append(3);
      const response = await post(
        witness,
        formatAddCheckpoint({ oldSize: 2, proof: log.proof(2), checkpointNote: log.checkpoint() }),
      );
      assert.equal(response.status, 409);
      assert.equal(response.headers.get('content-type'), 'text/x.tlog.size');
      assert.equal(await response.text(), '4\n');
      assert.deepEqual(await submit(witness, log, 0), { status: 'conflict', size: 4 });
      assertCosigned(await submit(witness, log, 4), witness, log);
    });
  },
);

test('a tampered proof is refused with 422 and the witness keeps its checkpoint', { timeout: 60_000 }, async () => {
  const log = new TestLog('ob.police.example/kenya').append(6);
  await withWitness([log], async (witness) => {
    assert.equal((await submit(witness, log, 0)).status, 'cosigned');
    log.append(5);
    const proof = log.proof(6);
    proof[1] = Buffer.from(proof[1]!).fill(7, 0, 1);
    const refused = await submit(witness, log, 6, proof);
    assert.equal(refused.status, 'refused');
    assert.equal(refused.status === 'refused' && refused.code, 422);
    assert.equal((await submit(witness, log, 6, log.proof(6).slice(1))).status, 'refused', 'a shortened proof too');
    assert.match(await statusOf(witness), /kenya size 6 /);
    assertCosigned(await submit(witness, log, 6), witness, log);
  });
});

test(
  'a forked history is refused, whatever the log proves about the fork, and the witness keeps its state',
  { timeout: 60_000 },
  async () => {
    const log = new TestLog('ob.police.example/kenya').append(10);
    await withWitness([log], async (witness) => {
      assert.equal((await submit(witness, log, 0)).status, 'cosigned');
      const before = await statusOf(witness);

      // an earlier entry rewritten, then grown: the proof is consistent within the fork, not with what was cosigned
      const fork = log.forkAt(3).append(6);
      const grown = await submit(witness, fork, 10);
      assert.deepEqual(grown.status === 'refused' && grown.code, 422);

      // the same size with another root: c2sp.org/tlog-witness answers 409 with the size it holds
      const sameSize = log.forkAt(9);
      assert.deepEqual(await submit(witness, sameSize, 10), { status: 'conflict', size: 10 });

      assert.equal(await statusOf(witness), before);
      log.append(2);
      assertCosigned(await submit(witness, log, 10), witness, log);
    });
  },
);

test(
  'checkpoints of unknown logs get 404; ones without a valid signature of the log get 403',
  { timeout: 60_000 },
  async () => {
    const log = new TestLog('ob.police.example/kenya').append(3);
    const stranger = new TestLog('other.example/log').append(3);
    await withWitness([log], async (witness) => {
      const unknown = await submit(witness, stranger, 0);
      assert.equal(unknown.status === 'refused' && unknown.code, 404);

      // the log's name, another key: its signature is ignored, so no trusted key vouches for the checkpoint
      const impostor = new TestLog('ob.police.example/kenya').append(3);
      const unsigned = await submit(witness, impostor, 0);
      assert.equal(unsigned.status === 'refused' && unsigned.code, 403);

      // the log's key, a checkpoint altered after signing
      const altered = log.checkpoint().replace('\n3\n', '\n4\n');
      const response = await post(witness, formatAddCheckpoint({ oldSize: 0, proof: [], checkpointNote: altered }));
      assert.equal(response.status, 403);
      assert.match(await statusOf(witness), /kenya size 0 /);
    });
  },
);

test('malformed requests get 400, other methods 405 and oversized bodies 413', { timeout: 60_000 }, async () => {
  const log = new TestLog('ob.police.example/kenya').append(3);
  await withWitness([log], async (witness) => {
    assert.equal((await post(witness, 'hello\n')).status, 400);
    assert.equal((await post(witness, `old 01\n\n${log.checkpoint()}`)).status, 400);
    const tooOld = await post(
      witness,
      formatAddCheckpoint({ oldSize: 4, proof: [], checkpointNote: log.checkpoint() }),
    );
    assert.equal(tooOld.status, 400, 'an old size above the checkpoint size');
    assert.equal((await fetch(`${witness.url}/add-checkpoint`)).status, 405);

    const huge = `old 0\n\n${log.checkpoint()}${'x'.repeat(MAX_BODY_BYTES)}`;
    const response = await post(witness, huge);
    assert.equal(response.status, 413);
    assert.equal((await submit(witness, log, 0)).status, 'cosigned', 'the witness still serves afterwards');
  });
});

test('of two updates from the same old size, only one is cosigned', { timeout: 60_000 }, async () => {
  const log = new TestLog('ob.police.example/kenya').append(4);
  await withWitness([log], async (witness) => {
    assert.equal((await submit(witness, log, 0)).status, 'cosigned');
    log.append(5);
    const results = await Promise.all([
      submit(witness, log, 4, log.proof(4, 6), 6),
      submit(witness, log, 4, log.proof(4, 9), 9),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['conflict', 'cosigned']);
    const conflict = results.find((r) => r.status === 'conflict');
    assert.ok(conflict?.status === 'conflict' && (conflict.size === 6 || conflict.size === 9));
    assert.match(await statusOf(witness), new RegExp(`kenya size ${conflict.size} `));
  });
});

test(
  "a restarted witness keeps its key, name and each log's state; a second one on the same data is refused",
  { timeout: 60_000 },
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sauti-witness-'));
    const kenya = new TestLog('ob.police.example/kenya').append(7);
    const county = new TestLog('ob.police.example/nairobi').append(2);
    try {
      let verifier = '';
      await withWitness(
        [kenya, county],
        async (witness) => {
          verifier = witness.verifier;
          assert.equal(witness.createdKey, true);
          assert.equal((await submit(witness, kenya, 0)).status, 'cosigned');
          await assert.rejects(
            startWitness({ dataDir, host: '127.0.0.1', port: 0, logs: [kenya.logEntry] }),
            /Another witness/,
          );
        },
        dataDir,
      );
      assert.equal((await stat(join(dataDir, 'witness-key.pem'))).mode & 0o777, 0o600);
      assert.deepEqual((await readdir(dataDir)).sort(), ['checkpoints', 'witness-key.pem', 'witness-name']);

      await withWitness(
        [kenya, county],
        async (witness) => {
          assert.equal(witness.createdKey, false);
          assert.equal(witness.verifier, verifier);
          assert.deepEqual(await submit(witness, kenya, 0), { status: 'conflict', size: 7 });
          kenya.append(1);
          assertCosigned(await submit(witness, kenya, 7), witness, kenya);
          assertCosigned(await submit(witness, county, 0), witness, county);
        },
        dataDir,
      );
      await assert.rejects(
        startWitness({ dataDir, host: '127.0.0.1', port: 0, name: 'another.example/w', logs: [kenya.logEntry] }),
        /cannot start as "another\.example\/w"/,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
);

test('the client tells a witness that cannot be reached or does not answer in time', { timeout: 60_000 }, async () => {
  const log = new TestLog('ob.police.example/kenya').append(1);
  const input = { oldSize: 0, proof: [], checkpointNote: log.checkpoint() };
  let closedUrl = '';
  await withWitness([log], async (witness) => {
    closedUrl = witness.url;
  });
  const unreachable = await addCheckpoint(closedUrl, input, { timeoutMs: 2000 });
  assert.equal(unreachable.status === 'refused' && unreachable.code, 0);

  const silent = createServer(() => {});
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  try {
    const { port } = silent.address() as AddressInfo;
    const late = await addCheckpoint(`http://127.0.0.1:${port}/`, input, { timeoutMs: 200 });
    assert.deepEqual(late, {
      status: 'refused',
      code: 0,
      message: `Witness http://127.0.0.1:${port}/: no answer in time`,
    });
  } finally {
    silent.closeAllConnections();
    silent.close();
  }
});
