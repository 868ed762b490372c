import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { checkLeafEvidence, type LeafEvidence, type LogTrust } from './evidence.ts';
import {
  cosignatureSigner,
  cosignatureVerifierString,
  formatCheckpoint,
  inclusionProof,
  leafHash,
  noteSigner,
  rootFromLeafHashes,
  signNote,
  verifierString,
  type NodeId,
} from './index.ts';
import { mth } from './test-vectors.ts';

const ORIGIN = 'example.go.ke/ob';
/** A key whose verifier string holds "+" in its base64 too, as about half of them do. */
function keyWithPlus() {
  for (;;) {
    const key = generateKeyPairSync('ed25519').privateKey;
    if (verifierString(ORIGIN, key).split('+').length > 3) return key;
  }
}
const logKey = keyWithPlus();
const witnessKey = generateKeyPairSync('ed25519').privateKey;
const strangerKey = generateKeyPairSync('ed25519').privateKey;
const witness = cosignatureSigner('ipoa.go.ke/witness', witnessKey);

const leaves = Array.from({ length: 37 }, (_, i) => Buffer.from(`sauti-ob-entry/v1\nob ${i + 1}/01/12/2026\n`));
const hashes = leaves.map((leaf) => leafHash(leaf));

const trust: LogTrust = {
  log: verifierString(ORIGIN, logKey),
  witnesses: [cosignatureVerifierString(witness.name, witnessKey)],
};

async function evidenceFor(index: number, size = leaves.length, signer = noteSigner(ORIGIN, logKey)) {
  const text = formatCheckpoint({ origin: ORIGIN, size, root: rootFromLeafHashes(hashes.slice(0, size)) });
  const read = async (ids: readonly NodeId[]) =>
    ids.map(({ level, index: i }) => mth(hashes, i * 2 ** level, Math.min((i + 1) * 2 ** level, size)));
  const proof = await inclusionProof(index, size, read);
  const evidence: LeafEvidence = {
    leafIndex: index,
    treeSize: size,
    leaf: leaves[index]!.toString('base64'),
    proof: proof.map((h) => h.toString('base64')),
    checkpoint: `${signNote(text, signer)}${witness.cosign(text, 1_796_000_000)}\n`,
  };
  return evidence;
}

test('a leaf in a checkpoint the log signed is shown included, with the witness that cosigned it and when', async () => {
  for (const index of [0, 5, 31, 36]) {
    const result = await checkLeafEvidence(await evidenceFor(index), trust);
    assert.equal(result.ok, true, `leaf ${index}`);
    if (!result.ok) continue;
    assert.equal(Buffer.from(result.leaf).toString(), leaves[index]!.toString());
    assert.equal(result.size, 37);
    assert.deepEqual(result.witnessed, [{ name: 'ipoa.go.ke/witness', at: 1_796_000_000 }]);
  }
});

test('a witness the verifier does not trust counts for nothing, and a checkpoint without one is still the log’s', async () => {
  const result = await checkLeafEvidence(await evidenceFor(3), { log: trust.log, witnesses: [] });
  assert.equal(result.ok && result.witnessed.length, 0);
});

test('a changed leaf, index or proof hash is not included', async () => {
  const good = await evidenceFor(10);
  const otherLeaf = { ...good, leaf: leaves[11]!.toString('base64') };
  const otherIndex = { ...good, leafIndex: 11 };
  const flipped = Buffer.from(good.proof[0]!, 'base64');
  flipped[0] = flipped[0]! ^ 1;
  const otherProof = { ...good, proof: [flipped.toString('base64'), ...good.proof.slice(1)] };
  for (const evidence of [otherLeaf, otherIndex, otherProof])
    assert.deepEqual(await checkLeafEvidence(evidence, trust), { ok: false, reason: 'not-included' });
});

test('a checkpoint signed by another key, or with its root changed, is not the log’s', async () => {
  const stranger = await evidenceFor(2, leaves.length, noteSigner(ORIGIN, strangerKey));
  assert.deepEqual(await checkLeafEvidence(stranger, trust), { ok: false, reason: 'unsigned' });
  const good = await evidenceFor(2);
  const [origin, size, root] = good.checkpoint.split('\n');
  const otherRoot = Buffer.from(root!, 'base64');
  otherRoot[5] = otherRoot[5]! ^ 0x80;
  const altered = good.checkpoint.replace(
    `${origin}\n${size}\n${root}\n`,
    `${origin}\n${size}\n${otherRoot.toString('base64')}\n`,
  );
  assert.deepEqual(await checkLeafEvidence({ ...good, checkpoint: altered }, trust), { ok: false, reason: 'unsigned' });
});

test('a proof against a tree of another size than the checkpoint’s is refused', async () => {
  const good = await evidenceFor(4, 20);
  assert.deepEqual(await checkLeafEvidence({ ...good, treeSize: 21 }, trust), { ok: false, reason: 'not-included' });
});

test('what is not evidence is malformed, without a throw', async () => {
  const good = await evidenceFor(1);
  for (const bad of [
    null,
    'text',
    { ...good, leafIndex: -1 },
    { ...good, leaf: 'not base64!' },
    { ...good, proof: 'x' },
    { ...good, checkpoint: 'no signatures\n' },
    { ...good, checkpoint: good.checkpoint.replace('\u2014', '-') },
  ])
    assert.deepEqual(await checkLeafEvidence(bad, trust), { ok: false, reason: 'malformed' });
  assert.deepEqual(await checkLeafEvidence(good, { log: 'nonsense', witnesses: [] }), {
    ok: false,
    reason: 'malformed',
  });
});
