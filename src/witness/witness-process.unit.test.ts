import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cosignatureVerifier, verifyCosignatureLine } from '../platform/tlog/index.ts';
import { finished, listening, programStarter, stop } from '../sim-kit/process.test-support.ts';
import { addCheckpoint } from './index.ts';
import { TestLog } from './tree.test-support.ts';

const witnessProcess = programStarter(new URL('./main.ts', import.meta.url));

/** Starts `serve` and reads what it prints until it says where it listens. */
async function serve(args: string[]): Promise<{ child: ChildProcess; printed: string[]; url: string }> {
  const child = witnessProcess(['serve', ...args]);
  return { child, ...(await listening(child, 'witness')) };
}

async function output(args: string[]): Promise<{ code: number | null; stdout: string }> {
  const { code, stdout } = await finished(witnessProcess(args));
  return { code, stdout };
}

test(
  'the witness runs as its own process, prints its verifier key and keeps its state across a restart',
  { timeout: 120_000 },
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sauti-witness-process-'));
    const log = new TestLog('ob.police.example/kenya').append(9);
    // one log on the command line, one in the data directory's logs file
    const county = new TestLog('ob.police.example/mombasa').append(1);
    await writeFile(join(dataDir, 'logs'), `# logs this witness follows\n${county.logEntry}\n`);
    const args = [
      '--data',
      dataDir,
      '--listen',
      '127.0.0.1:0',
      '--name',
      'witness.example/ipoa',
      '--log',
      log.logEntry,
    ];
    try {
      const first = await serve(args);
      assert.ok(first.printed.some((line) => line.startsWith('Generated a new witness key in ')));
      const verifierLine = first.printed.find((line) => line.startsWith('verifier '));
      const verifier = verifierLine!.slice('verifier '.length);
      assert.match(verifier, /^witness\.example\/ipoa\+[0-9a-f]{8}\+/);

      const cosigned = await addCheckpoint(
        first.url,
        { oldSize: 0, proof: [], checkpointNote: log.checkpoint() },
        { timeoutMs: 5000 },
      );
      assert.equal(cosigned.status, 'cosigned');
      const line = cosigned.status === 'cosigned' ? cosigned.lines[0]! : '';
      assert.equal(verifyCosignatureLine(line, log.checkpointText(), cosignatureVerifier(verifier)).ok, true);
      const fromFile = await addCheckpoint(
        first.url,
        { oldSize: 0, proof: [], checkpointNote: county.checkpoint() },
        { timeoutMs: 5000 },
      );
      assert.equal(fromFile.status, 'cosigned');
      assert.equal(await stop(first.child), 0);

      assert.deepEqual(await output(['key', '--data', dataDir]), { code: 0, stdout: `${verifier}\n` });

      const second = await serve(args.filter((arg) => arg !== '--name' && arg !== 'witness.example/ipoa'));
      try {
        assert.ok(!second.printed.some((l) => l.startsWith('Generated')), 'the key is not generated again');
        assert.ok(second.printed.includes(`verifier ${verifier}`));
        const stale = await addCheckpoint(
          second.url,
          { oldSize: 0, proof: [], checkpointNote: log.checkpoint() },
          { timeoutMs: 5000 },
        );
        assert.deepEqual(stale, { status: 'conflict', size: 9 });
        log.append(4);
        const next = await addCheckpoint(
          second.url,
          { oldSize: 9, proof: log.proof(9), checkpointNote: log.checkpoint() },
          { timeoutMs: 5000 },
        );
        assert.equal(next.status, 'cosigned');
        assert.match(await (await fetch(second.url)).text(), /ob\.police\.example\/kenya size 13 /);
      } finally {
        assert.equal(await stop(second.child), 0);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
);

test(
  'the witness refuses to start without a log to follow, and `key` without a key',
  { timeout: 120_000 },
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sauti-witness-process-'));
    try {
      assert.equal((await output(['key', '--data', dataDir])).code, 1);
      assert.equal((await output(['serve', '--data', dataDir, '--listen', '127.0.0.1:0'])).code, 1);
      assert.equal((await output(['serve'])).code, 64);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
);
