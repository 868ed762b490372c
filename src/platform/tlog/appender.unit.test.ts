import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EMPTY_ROOT,
  consistencyProof,
  extendTiles,
  inclusionProof,
  leafHash,
  rootFromLeafHashes,
  tileNodeReader,
  tileWidth,
  tilesForSize,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './index.ts';
import type { TileRef } from './index.ts';
import { referenceConsistencyProof, referenceInclusionProof, rootsAt, seededRandom } from './test-vectors.ts';

/** A static tile store: every version of every tile written (as a log serves .p/W paths), and the latest. */
class TileStore {
  readonly latest = new Map<string, Buffer>();
  readonly versions = new Map<string, Buffer>();
  reads = 0;

  edge(size: number) {
    return (level: number) => this.latest.get(`${level}/${Math.floor(Math.floor(size / 256 ** level) / 256)}`);
  }

  write(tiles: readonly { level: number; index: number; data: Buffer }[]) {
    for (const { level, index, data } of tiles) {
      this.latest.set(`${level}/${index}`, data);
      this.versions.set(`${level}/${index}/${data.length / 32}`, data);
    }
  }

  /** Serves exactly the width asked for, as a static log does. */
  strict = async (tiles: readonly TileRef[]) => {
    this.reads++;
    const out = new Map<string, Buffer>();
    for (const t of tiles) {
      const data = this.versions.get(`${t.level}/${t.index}/${t.width}`);
      if (data) out.set(`${t.level}/${t.index}`, data);
    }
    return out;
  };

  /** Serves whatever is stored now, which may be wider than asked. */
  loose = async (tiles: readonly { level: number; index: number }[]) => {
    this.reads++;
    return new Map(tiles.map((t) => [`${t.level}/${t.index}`, this.latest.get(`${t.level}/${t.index}`)!]));
  };
}

/** Which tiles must change when a tree grows from `from` to `to`, with their new widths. */
function expectedChanges(from: number, to: number): string[] {
  const keys: string[] = [];
  for (let level = 0; Math.floor(to / 256 ** level) > 0; level++) {
    const before = Math.floor(from / 256 ** level);
    const after = Math.floor(to / 256 ** level);
    if (after === before) continue;
    for (let index = Math.floor(before / 256); index * 256 < after; index++) {
      keys.push(`${level}/${index}/${tileWidth(to, level, index)}`);
    }
  }
  return keys.sort();
}

function grow(total: number, maxBatch: number, seed: number) {
  const random = seededRandom(seed);
  const leaves = Array.from({ length: total }, (_, i) => leafHash(Buffer.from(`occurrence ${seed}/${i}`)));
  const store = new TileStore();
  const checkpoints = [0];
  let size = 0;
  while (size < total) {
    const batch = Math.min(total - size, 1 + random(maxBatch));
    const result = extendTiles(size, store.edge(size), leaves.slice(size, size + batch));
    assert.equal(result.size, size + batch);
    const written = result.tiles.map((t) => `${t.level}/${t.index}/${t.data.length / 32}`).sort();
    assert.deepEqual(written, expectedChanges(size, size + batch), `tiles written growing ${size} -> ${result.size}`);
    store.write(result.tiles);
    size = result.size;
    checkpoints.push(size);
    checkpointRoots.set(`${seed}/${size}`, result.root);
  }
  return { leaves, store, checkpoints, random };
}
const checkpointRoots = new Map<string, Buffer>();

function checkTileContents(leaves: readonly Buffer[], store: TileStore) {
  const size = leaves.length;
  const levels = tilesForSize(size);
  let count = 0;
  for (const { level, fullTiles, partialWidth } of levels) {
    const span = 256 ** level;
    for (let index = 0; index < fullTiles + (partialWidth > 0 ? 1 : 0); index++) {
      const data = store.latest.get(`${level}/${index}`)!;
      assert.equal(data.length, tileWidth(size, level, index) * 32, `tile ${level}/${index}`);
      for (let j = 0; j < data.length / 32; j++) {
        const first = (index * 256 + j) * span;
        const expected = level === 0 ? leaves[first]! : rootFromLeafHashes(leaves.slice(first, first + span));
        assert.deepEqual(data.subarray(j * 32, j * 32 + 32), expected, `hash ${j} of tile ${level}/${index}`);
      }
      count++;
    }
  }
  assert.equal(store.latest.size, count, 'no tile beyond those the size calls for');
}

test('an empty append changes nothing, and the empty tree has the empty root', () => {
  assert.deepEqual(
    extendTiles(0, () => undefined, []),
    { size: 0, root: EMPTY_ROOT, tiles: [] },
  );
});

test('growing to 3,000 leaves in random batches gives the right roots, tiles and proofs', async () => {
  const { leaves, store, checkpoints, random } = grow(3000, 300, 1);
  const roots = rootsAt(leaves, checkpoints);
  for (const size of checkpoints.slice(1))
    assert.deepEqual(checkpointRoots.get(`1/${size}`), roots.get(size), `${size}`);
  checkTileContents(leaves, store);
  const pick = () => checkpoints[1 + random(checkpoints.length - 1)]!;
  for (let sample = 0; sample < 150; sample++) {
    const size = pick();
    const index = random(size);
    store.reads = 0;
    const proof = await inclusionProof(index, size, tileNodeReader(size, store.strict));
    assert.equal(store.reads, size > 1 ? 1 : 0, 'one tile read per proof');
    assert.deepEqual(proof, referenceInclusionProof(leaves, index, 0, size), `${index} in ${size}`);
    assert.ok(verifyInclusion(leaves[index]!, index, size, proof, roots.get(size)!));
    const [a, b] = [pick(), pick()].sort((x, y) => x - y) as [number, number];
    const consistency = await consistencyProof(a, b, tileNodeReader(b, store.strict));
    assert.deepEqual(consistency, referenceConsistencyProof(leaves, a, 0, b), `${a} -> ${b}`);
    assert.ok(verifyConsistency(a, b, consistency, roots.get(a)!, roots.get(b)!));
    assert.deepEqual(await treeRoot(size, tileNodeReader(size, store.strict)), roots.get(size));
  }
});

test('small trees of every size up to 600 grown one leaf or a few at a time agree with the reference root', () => {
  for (const maxBatch of [1, 3, 17]) {
    const { leaves, store } = grow(600, maxBatch, 100 + maxBatch);
    const roots = rootsAt(
      leaves,
      Array.from({ length: 600 }, (_, i) => i + 1),
    );
    for (const [size, root] of roots) {
      const ours = checkpointRoots.get(`${100 + maxBatch}/${size}`);
      if (ours) assert.deepEqual(ours, root, `size ${size}`);
    }
    checkTileContents(leaves, store);
  }
});

test('a tree of 65,536 + 17 leaves crosses into level 2, and its proofs verify at any size', async () => {
  const total = 65_536 + 17;
  const { leaves, store, checkpoints, random } = grow(total, 5000, 7);
  assert.deepEqual(tilesForSize(total), [
    { level: 0, fullTiles: 256, partialWidth: 17 },
    { level: 1, fullTiles: 1, partialWidth: 0 },
    { level: 2, fullTiles: 0, partialWidth: 1 },
  ]);
  checkTileContents(leaves, store);
  const sizes = Array.from({ length: 60 }, () => 1 + random(total));
  sizes.push(65_535, 65_536, 65_537, total, 256, 257, 255, 1);
  const olds = sizes.map((size) => 1 + random(size));
  const roots = rootsAt(leaves, [...sizes, ...olds, ...checkpoints.slice(1)]);
  for (const size of checkpoints.slice(1)) assert.deepEqual(checkpointRoots.get(`7/${size}`), roots.get(size));
  for (const [i, size] of sizes.entries()) {
    const read = tileNodeReader(size, store.loose);
    assert.deepEqual(await treeRoot(size, read), roots.get(size), `root at ${size}`);
    const index = random(size);
    const proof = await inclusionProof(index, size, read);
    assert.ok(verifyInclusion(leaves[index]!, index, size, proof, roots.get(size)!), `${index} in ${size}`);
    assert.equal(verifyInclusion(leaves[index]!, (index + 1) % size, size, proof, roots.get(size)!), size === 1);
    const old = olds[i]!;
    const consistency = await consistencyProof(old, size, read);
    assert.ok(verifyConsistency(old, size, consistency, roots.get(old)!, roots.get(size)!), `${old} -> ${size}`);
  }
});

test('a missing or short right edge is an error, not a wrong root', () => {
  const leaves = Array.from({ length: 300 }, (_, i) => leafHash(Buffer.from(String(i))));
  const first = extendTiles(0, () => undefined, leaves.slice(0, 200));
  assert.throws(() => extendTiles(200, () => undefined, leaves.slice(200)), /partial tile at level 0/);
  assert.throws(() => extendTiles(200, () => first.tiles[0]!.data.subarray(0, 32 * 199), leaves.slice(200)), /shorter/);
  assert.throws(() => extendTiles(200, () => first.tiles[0]!.data, [Buffer.alloc(31)]), /32 bytes/);
  const next = extendTiles(200, () => first.tiles[0]!.data, leaves.slice(200));
  assert.deepEqual(next.root, rootFromLeafHashes(leaves));
});
