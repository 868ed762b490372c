import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_ROOT, leafHash, nodeHash, rootFromLeafHashes } from './index.ts';
import { ROOTS, leafHashes, mth } from './test-vectors.ts';

test('the empty tree hashes to SHA-256 of nothing', () => {
  assert.equal(EMPTY_ROOT.toString('hex'), ROOTS[0]);
  assert.equal(rootFromLeafHashes([]).toString('hex'), ROOTS[0]);
});

test('roots of the first n reference leaves match the published vectors for n = 0..8', () => {
  const hashes = leafHashes();
  for (let n = 0; n <= 8; n++) {
    assert.equal(rootFromLeafHashes(hashes.slice(0, n)).toString('hex'), ROOTS[n], `n = ${n}`);
  }
});

test('leaf and node hashes carry the 0x00 and 0x01 domain prefixes', () => {
  const a = leafHash(Buffer.from('a'));
  assert.notDeepEqual(a, nodeHash(Buffer.alloc(0), Buffer.from('a')));
  const b = leafHash(Buffer.from('b'));
  // a two-leaf tree's root is the node hash of its leaves, and differs from hashing the concatenation as a leaf
  assert.deepEqual(rootFromLeafHashes([a, b]), nodeHash(a, b));
  assert.notDeepEqual(nodeHash(a, b), leafHash(Buffer.concat([a, b])));
});

test('the root of a large tree equals the recursive definition of RFC 6962', () => {
  const hashes = Array.from({ length: 1000 }, (_, i) => leafHash(Buffer.from(String(i))));
  for (const n of [1, 2, 3, 255, 256, 257, 511, 777, 1000]) {
    assert.deepEqual(rootFromLeafHashes(hashes.slice(0, n)), mth(hashes, 0, n), `n = ${n}`);
  }
});
