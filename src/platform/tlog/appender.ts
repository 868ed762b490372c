import { EMPTY_ROOT, HASH_SIZE, nodeHash, perfectRoot } from './hash.ts';
import { TILE_WIDTH, hashesAtLevel } from './tiles.ts';

const TILE_BYTES = TILE_WIDTH * HASH_SIZE;

export interface TileWrite {
  level: number;
  index: number;
  /** A full tile (8,192 bytes) or a partial one (width × 32 bytes). */
  data: Buffer;
}

export interface ExtendedTiles {
  size: number;
  root: Buffer;
  /** Every tile that is new or grew; a partial one is the new rightmost tile at its level. */
  tiles: TileWrite[];
}

/** The stored rightmost partial tile at `level`, cut to the width the tree of `size` gives it. */
function edgeOf(size: number, level: number, rightEdge: (level: number) => Buffer | undefined): Buffer {
  const width = hashesAtLevel(size, level) % TILE_WIDTH;
  if (width === 0) return Buffer.alloc(0);
  const data = rightEdge(level);
  if (data === undefined || data.length < width * HASH_SIZE) {
    throw new Error(`the partial tile at level ${level} for size ${size} is missing or shorter than ${width} hashes`);
  }
  return data.subarray(0, width * HASH_SIZE);
}

/** Appends `hashes` to level `level`, whose partial tile is `edge`; returns the tiles written and the completed tiles' roots. */
function appendToLevel(
  level: number,
  firstTile: number,
  edge: Buffer,
  hashes: readonly Buffer[],
): { written: TileWrite[]; completed: Buffer[] } {
  const written: TileWrite[] = [];
  const completed: Buffer[] = [];
  let index = firstTile;
  let tile = Buffer.alloc(TILE_BYTES);
  edge.copy(tile);
  let fill = edge.length / HASH_SIZE;
  for (const hash of hashes) {
    hash.copy(tile, fill * HASH_SIZE);
    if (++fill === TILE_WIDTH) {
      written.push({ level, index, data: tile });
      completed.push(perfectRoot(tile, 0, TILE_WIDTH));
      index++;
      tile = Buffer.alloc(TILE_BYTES);
      fill = 0;
    }
  }
  if (fill > 0 && hashes.length > 0)
    written.push({ level, index, data: Buffer.from(tile.subarray(0, fill * HASH_SIZE)) });
  return { written, completed };
}

/**
 * The root of a tree from its partial tiles: each partial tile's width, in binary, is the run of perfect
 * subtrees over its hashes; taken from the top level down they are the tree's perfect subtrees, largest first.
 */
function rootFromEdges(size: number, edgeAt: (level: number) => Buffer): Buffer {
  if (size === 0) return EMPTY_ROOT;
  const peaks: Buffer[] = [];
  let top = 0;
  while (hashesAtLevel(size, top + 1) > 0) top++;
  for (let level = top; level >= 0; level--) {
    const edge = edgeAt(level);
    const width = edge.length / HASH_SIZE;
    let at = 0;
    for (let run = TILE_WIDTH / 2; run >= 1; run /= 2) {
      if (width & run) {
        peaks.push(perfectRoot(edge, at * HASH_SIZE, run));
        at += run;
      }
    }
  }
  let root = peaks.pop()!;
  while (peaks.length > 0) root = nodeHash(peaks.pop()!, root);
  return root;
}

/**
 * Appends leaf hashes to a tiled tree of `size`. `rightEdge(level)` gives the stored rightmost partial tile at
 * that level (needed only where the tree has one). Returns the new size and root and every tile that changed,
 * including the new partial tiles the higher levels gain as lower tiles fill.
 */
export function extendTiles(
  size: number,
  rightEdge: (level: number) => Buffer | undefined,
  newLeafHashes: readonly Buffer[],
): ExtendedTiles {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid tree size ${size}`);
  for (const hash of newLeafHashes) {
    if (!Buffer.isBuffer(hash) || hash.length !== HASH_SIZE) throw new Error('leaf hashes are 32 bytes');
  }
  const newSize = size + newLeafHashes.length;
  if (!Number.isSafeInteger(newSize)) throw new RangeError('the tree would outgrow safe integers');
  const tiles: TileWrite[] = [];
  const newEdges = new Map<number, Buffer>();
  let carry: readonly Buffer[] = newLeafHashes;
  for (let level = 0; carry.length > 0; level++) {
    const firstTile = Math.floor(hashesAtLevel(size, level) / TILE_WIDTH);
    const { written, completed } = appendToLevel(level, firstTile, edgeOf(size, level, rightEdge), carry);
    tiles.push(...written);
    const last = written[written.length - 1];
    newEdges.set(level, last !== undefined && last.data.length < TILE_BYTES ? last.data : Buffer.alloc(0));
    carry = completed;
  }
  const root = rootFromEdges(newSize, (level) => newEdges.get(level) ?? edgeOf(size, level, rightEdge));
  return { size: newSize, root, tiles };
}
