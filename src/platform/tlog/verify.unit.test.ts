import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leafHash, rootFromLeafHashes, verifyConsistency, verifyInclusion } from './index.ts';
import { leafHashes, referenceConsistencyProof, referenceInclusionProof } from './test-vectors.ts';

const hashes = leafHashes();
const root = (n: number): Buffer => rootFromLeafHashes(hashes.slice(0, n));

function tamperings(proof: readonly Buffer[]): Buffer[][] {
  const out: Buffer[][] = [];
  for (let i = 0; i < proof.length; i++) {
    const flipped = proof.map((h) => Buffer.from(h));
    flipped[i]![0]! ^= 0x01;
    out.push(flipped);
  }
  if (proof.length > 0) out.push(proof.slice(0, -1), proof.slice(1));
  out.push([...proof, root(1)]);
  if (proof.length > 1) out.push([...proof].reverse());
  return out;
}

test('every inclusion proof in trees of 1..8 reference leaves verifies, and every tampered one fails', () => {
  for (let size = 1; size <= 8; size++) {
    for (let index = 0; index < size; index++) {
      const proof = referenceInclusionProof(hashes, index, 0, size);
      assert.ok(verifyInclusion(hashes[index]!, index, size, proof, root(size)), `${index} in ${size}`);
      for (const bad of tamperings(proof)) {
        if (bad.length === proof.length && bad.every((h, i) => h.equals(proof[i]!))) continue;
        assert.equal(verifyInclusion(hashes[index]!, index, size, bad, root(size)), false, `tampered ${index}/${size}`);
      }
      const other = (index + 1) % size;
      if (other !== index) assert.equal(verifyInclusion(hashes[other]!, index, size, proof, root(size)), false);
      assert.equal(verifyInclusion(hashes[index]!, index, size, proof, root(size === 8 ? 7 : size + 1)), false);
    }
  }
});

test('every consistency proof between sizes 1..8 verifies, and every tampered one fails', () => {
  for (let n = 1; n <= 8; n++) {
    for (let m = 1; m <= n; m++) {
      const proof = referenceConsistencyProof(hashes, m, 0, n);
      assert.ok(verifyConsistency(m, n, proof, root(m), root(n)), `${m} -> ${n}`);
      for (const bad of tamperings(proof)) {
        assert.equal(verifyConsistency(m, n, bad, root(m), root(n)), false, `tampered ${m} -> ${n}`);
      }
      if (m < n) {
        if (m > 1) assert.equal(verifyConsistency(m, n, proof, root(m - 1), root(n)), false);
        assert.equal(verifyConsistency(m, n, proof, root(m), root(n - 1)), false);
      }
    }
  }
});

test('a rewritten old entry cannot be proved consistent with the new tree', () => {
  const forged = [...hashes];
  forged[2] = leafHash(Buffer.from('altered'));
  const forgedRoot = rootFromLeafHashes(forged.slice(0, 5));
  for (let n = 6; n <= 8; n++) {
    const proof = referenceConsistencyProof(hashes, 5, 0, n);
    assert.equal(verifyConsistency(5, n, proof, forgedRoot, root(n)), false);
  }
});

test('the empty tree and equal sizes take an empty consistency proof', () => {
  assert.ok(verifyConsistency(0, 0, [], root(0), root(0)));
  assert.ok(verifyConsistency(0, 5, [], root(0), root(5)));
  assert.equal(verifyConsistency(0, 5, [root(1)], root(0), root(5)), false);
  assert.ok(verifyConsistency(5, 5, [], root(5), root(5)));
  assert.equal(verifyConsistency(5, 5, [], root(4), root(5)), false);
  assert.equal(verifyConsistency(5, 5, [root(1)], root(5), root(5)), false);
});

test('bad input is answered false, never thrown', () => {
  const proof = referenceInclusionProof(hashes, 2, 0, 5);
  const cases: [unknown, unknown, unknown, unknown, unknown][] = [
    [hashes[2], 5, 5, proof, root(5)],
    [hashes[2], -1, 5, proof, root(5)],
    [hashes[2], 2.5, 5, proof, root(5)],
    [hashes[2], 2, Number.MAX_SAFE_INTEGER + 2, proof, root(5)],
    [hashes[2]!.subarray(1), 2, 5, proof, root(5)],
    [hashes[2], 2, 5, [...proof.slice(1), Buffer.alloc(3)], root(5)],
    [hashes[2], 2, 5, 'not a proof', root(5)],
    [hashes[2], 2, 5, proof, undefined],
    [hashes[2], 2, 5, Array.from({ length: 65 }, () => root(1)), root(5)],
  ];
  const verify = verifyInclusion as (...args: unknown[]) => boolean;
  for (const args of cases) assert.equal(verify(...args), false);
  const consistent = verifyConsistency as (...args: unknown[]) => boolean;
  assert.equal(consistent(6, 5, [], root(6), root(5)), false);
  assert.equal(consistent(3, 5, null, root(3), root(5)), false);
  assert.equal(consistent(3, 5, [Buffer.alloc(31)], root(3), root(5)), false);
  assert.equal(consistent(3, NaN, [], root(3), root(5)), false);
  assert.equal(consistent(3, 5, [], root(3), root(5)), false);
});
