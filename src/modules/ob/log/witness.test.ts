import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  consistencyProof,
  cosignatureVerifier,
  formatCheckpoint,
  leafHash,
  noteSigner,
  openNote,
  parseCheckpoint,
  parseVerifier,
  rootFromLeafHashes,
  signNote,
  splitNote,
  verifierString,
  verifyCosignatureLine,
} from '../../../platform/tlog/index.ts';
import { addCheckpoint, startWitness, type RunningWitness } from '../../../witness/index.ts';
import { startSauti, type TestContext } from '../../../../test/helpers.ts';
import { integrateNow, witnessNow } from './index.ts';
import { hashesOf, memoryReader, recordReports, storedLeaves } from './test-log.ts';

const ORIGIN = 'ob.police.example/kenya';
const logKeyPair = generateKeyPairSync('ed25519');
const LOG_VERIFIER = verifierString(ORIGIN, logKeyPair.publicKey);

let sauti: TestContext;
let witness: RunningWitness;
let witnessDir: string;

before(async () => {
  witnessDir = await mkdtemp(join(tmpdir(), 'sauti-ob-witness-'));
  witness = await startWitness({
    dataDir: witnessDir,
    host: '127.0.0.1',
    port: 0,
    name: 'witness.example/ipoa',
    logs: [`${ORIGIN} ${LOG_VERIFIER}`],
  });
  sauti = await startSauti({
    workers: false,
    env: {
      OB_LOG_ORIGIN: ORIGIN,
      OB_LOG_SIGNING_KEY: logKeyPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      OB_LOG_WITNESSES: `${witness.url} ${witness.verifier}`,
    },
  });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
});
after(async () => {
  await sauti.close();
  await witness.close();
  await rm(witnessDir, { recursive: true, force: true });
});

/** The published checkpoint, opened with the log's key and the witness's: both must have signed it. */
async function cosignedCheckpoint() {
  const note = (await sauti.app.inject('/ob/log/checkpoint')).body;
  const opened = openNote(note, [parseVerifier(LOG_VERIFIER), cosignatureVerifier(witness.verifier)]);
  assert.deepEqual(opened.verifiedBy.sort(), [ORIGIN, 'witness.example/ipoa'].sort());
  const line = opened.signatureLines.find((l) => l.startsWith('— witness.example/ipoa '))!;
  assert.equal(verifyCosignatureLine(line, opened.text, cosignatureVerifier(witness.verifier)).ok, true);
  return parseCheckpoint(opened.text);
}

describe('witnesses of the national log', () => {
  test('a witness cosigns each new checkpoint, from the size it cosigned before, and /ob/log/checkpoint carries it', async () => {
    await recordReports(sauti, 3);
    await integrateNow(sauti.platform);
    await witnessNow(sauti.platform);
    assert.equal((await cosignedCheckpoint()).size, 3);

    await recordReports(sauti, 300);
    await integrateNow(sauti.platform);
    await witnessNow(sauti.platform);
    assert.equal((await cosignedCheckpoint()).size, 303);
    assert.match(await (await fetch(witness.url)).text(), /ob\.police\.example\/kenya size 303 /);
  });

  test('a witness that is down does not hold the log back, and cosigns once it is back', async () => {
    const { port } = new URL(witness.url);
    await witness.close();
    await recordReports(sauti, 2);
    assert.deepEqual(await integrateNow(sauti.platform), { size: 305, integrated: 2 });
    await witnessNow(sauti.platform);
    const unsigned = (await sauti.app.inject('/ob/log/checkpoint')).body;
    assert.equal(splitNote(unsigned).signatureLines.length, 1, 'only the log has signed');
    witness = await startWitness({
      dataDir: witnessDir,
      host: '127.0.0.1',
      port: Number(port),
      logs: [`${ORIGIN} ${LOG_VERIFIER}`],
    });
    await witnessNow(sauti.platform);
    assert.equal((await cosignedCheckpoint()).size, 305);
  });

  test('a rewritten history, signed with the log’s own key, is refused by the witness (422)', async () => {
    const leaves = hashesOf(await storedLeaves(sauti));
    const forked = [...leaves];
    forked[1] = leafHash(Buffer.from('sauti-ob-entry/v1\nan entry that was never there\n'));
    forked.push(leafHash(Buffer.from('one more')));
    const text = formatCheckpoint({ origin: ORIGIN, size: forked.length, root: rootFromLeafHashes(forked) });
    const note = signNote(text, noteSigner(ORIGIN, logKeyPair.privateKey));
    const proof = await consistencyProof(leaves.length, forked.length, memoryReader(forked));
    const answer = await addCheckpoint(
      witness.url,
      { oldSize: leaves.length, proof, checkpointNote: note },
      { timeoutMs: 5000 },
    );
    assert.equal(answer.status, 'refused');
    assert.equal(answer.status === 'refused' && answer.code, 422);
    // the true history goes on being cosigned
    await recordReports(sauti, 1);
    await integrateNow(sauti.platform);
    await witnessNow(sauti.platform);
    assert.equal((await cosignedCheckpoint()).size, 306);
  });
});
