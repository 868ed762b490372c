import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  rangeNodes,
  rootFromLeafHashes,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './index.ts';
import type { NodeId, NodeReader } from './index.ts';
import { leafHashes, mth, referenceConsistencyProof, referenceInclusionProof, ROOTS } from './test-vectors.ts';

/** Reads nodes straight from the leaf hashes, and counts its calls. */
function leafReader(hashes: readonly Buffer[]): NodeReader & { calls: number } {
  const read = async (ids: readonly NodeId[]) => {
    read.calls++;
    return ids.map(({ level, index }) => mth(hashes, index * 2 ** level, (index + 1) * 2 ** level));
  };
  read.calls = 0;
  return read;
}

const hashes = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

test('a range splits into aligned perfect subtrees, largest first', () => {
  assert.deepEqual(rangeNodes(0, 7), [
    { level: 2, index: 0 },
    { level: 1, index: 2 },
    { level: 0, index: 6 },
  ]);
  assert.deepEqual(rangeNodes(8, 13), [
    { level: 2, index: 2 },
    { level: 0, index: 12 },
  ]);
  assert.deepEqual(rangeNodes(5, 5), []);
});

test('tree roots of the reference leaves match the published vectors', async () => {
  const reference = leafHashes();
  for (let n = 0; n <= 8; n++) {
    assert.equal((await treeRoot(n, leafReader(reference))).toString('hex'), ROOTS[n]);
  }
});

test('inclusion proofs equal RFC 9162 PATH for every leaf of trees up to 70, read in one call', async () => {
  for (let size = 1; size <= hashes.length; size++) {
    const root = rootFromLeafHashes(hashes.slice(0, size));
    for (let index = 0; index < size; index++) {
      const read = leafReader(hashes);
      const proof = await inclusionProof(index, size, read);
      assert.deepEqual(proof, referenceInclusionProof(hashes, index, 0, size), `${index} in ${size}`);
      assert.ok(read.calls <= 1);
      assert.ok(verifyInclusion(hashes[index]!, index, size, proof, root));
    }
  }
});

test('consistency proofs equal RFC 9162 PROOF for every pair of sizes up to 70, read in one call', async () => {
  for (let n = 1; n <= hashes.length; n++) {
    const newRoot = rootFromLeafHashes(hashes.slice(0, n));
    for (let m = 0; m <= n; m++) {
      const read = leafReader(hashes);
      const proof = await consistencyProof(m, n, read);
      const expected = m === 0 ? [] : referenceConsistencyProof(hashes, m, 0, n);
      assert.deepEqual(proof, expected, `${m} -> ${n}`);
      assert.ok(read.calls <= 1);
      assert.ok(verifyConsistency(m, n, proof, rootFromLeafHashes(hashes.slice(0, m)), newRoot), `${m} -> ${n}`);
    }
  }
});

test('impossible proofs are refused before any read', async () => {
  const read = leafReader(hashes);
  await assert.rejects(inclusionProof(5, 5, read), RangeError);
  await assert.rejects(inclusionProof(-1, 5, read), RangeError);
  await assert.rejects(consistencyProof(6, 5, read), RangeError);
  await assert.rejects(treeRoot(1.5, read), RangeError);
  assert.equal(read.calls, 0);
  await assert.rejects(
    inclusionProof(0, 5, async () => []),
    /returned 0 hashes/,
  );
});
