import { HASH_SIZE, perfectRoot } from './hash.ts';
import type { NodeId, NodeReader } from './proofs.ts';

/** c2sp.org/tlog-tiles: tiles of height 8, 256 hashes wide. */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
export const MAX_TILE_LEVEL = 63;

/** A tile to read: `width` is 256 for a full tile, 1–255 for the partial tile the tree size calls for. */
export interface TileRef {
  level: number;
  index: number;
  width: number;
}

export type TilePath =
  { kind: 'hash'; level: number; index: number; width?: number } | { kind: 'entries'; index: number; width?: number };

/** How many hashes a tree of `size` has at tile level `level` (the level-0 ones are its leaf hashes). */
export function hashesAtLevel(size: number, level: number): number {
  return Math.floor(size / 2 ** (TILE_HEIGHT * level));
}

/** The width of tile `index` at `level` for a tree of `size`: 256 when full, 1–255 when partial, 0 when absent. */
export function tileWidth(size: number, level: number, index: number): number {
  const count = hashesAtLevel(size, level);
  return Math.max(0, Math.min(TILE_WIDTH, count - index * TILE_WIDTH));
}

/** Which tiles a tree of `size` has: per level, the number of full tiles and the partial width (0 if none). */
export function tilesForSize(size: number): { level: number; fullTiles: number; partialWidth: number }[] {
  const levels = [];
  for (let level = 0; hashesAtLevel(size, level) > 0; level++) {
    const count = hashesAtLevel(size, level);
    levels.push({ level, fullTiles: Math.floor(count / TILE_WIDTH), partialWidth: count % TILE_WIDTH });
  }
  return levels;
}

function checkWidth(width: number | undefined): void {
  if (width === undefined || width === TILE_WIDTH) return;
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw new RangeError(`invalid tile width ${width}`);
}

/** A tile index in 3-digit groups, all but the last prefixed with x: 1234067 → x001/x234/067. */
function encodeIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`invalid tile index ${index}`);
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

const partialSuffix = (width?: number): string => (width === undefined || width === TILE_WIDTH ? '' : `.p/${width}`);

/** `tile/<L>/<N>[.p/<W>]`; a width of 256 (or none) names the full tile. */
export function tilePath(level: number, index: number, width?: number): string {
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) throw new RangeError(`invalid level ${level}`);
  checkWidth(width);
  return `tile/${level}/${encodeIndex(index)}${partialSuffix(width)}`;
}

/** `tile/entries/<N>[.p/<W>]` */
export function entriesPath(index: number, width?: number): string {
  checkWidth(width);
  return `tile/entries/${encodeIndex(index)}${partialSuffix(width)}`;
}

const TILE_PATH = /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/** Parses a tile or entry bundle path in its one canonical form; undefined for anything else. */
export function parseTilePath(path: string): TilePath | undefined {
  const match = TILE_PATH.exec(path);
  if (match === null) return undefined;
  const [, levelText, indexText, widthText] = match as unknown as [string, string, string, string | undefined];
  const groups = indexText.split('/');
  if (groups.length > 1 && groups[0] === 'x000') return undefined;
  const index = Number(groups.map((g) => g.replace('x', '')).join(''));
  if (!Number.isSafeInteger(index)) return undefined;
  let width: number | undefined;
  if (widthText !== undefined) {
    width = Number(widthText);
    if (width >= TILE_WIDTH) return undefined;
  }
  const where = width === undefined ? { index } : { index, width };
  if (levelText === 'entries') return { kind: 'entries', ...where };
  const level = Number(levelText);
  if (level > MAX_TILE_LEVEL) return undefined;
  return { kind: 'hash', level, ...where };
}

/** Where a node's hash lives: tile level ⌊h/8⌋, and for h % 8 ≠ 0 the 2^(h%8) tile hashes under it. */
function locate(id: NodeId): { tile: TileRef; key: string; offset: number; count: number } {
  const tileLevel = Math.floor(id.level / TILE_HEIGHT);
  const count = 2 ** (id.level % TILE_HEIGHT);
  const first = id.index * count;
  const index = Math.floor(first / TILE_WIDTH);
  return {
    tile: { level: tileLevel, index, width: 0 },
    key: `${tileLevel}/${index}`,
    offset: first % TILE_WIDTH,
    count,
  };
}

/**
 * A NodeReader over stored tiles for a tree of `size`: each call reads every tile it needs with one `readTiles`,
 * keyed "level/index"; a stored tile wider than the one asked for (a full tile for a partial) serves as well.
 */
export function tileNodeReader(
  size: number,
  readTiles: (tiles: readonly TileRef[]) => Promise<Map<string, Buffer>>,
): NodeReader {
  return async (ids) => {
    const places = ids.map((id) => {
      if (!Number.isInteger(id.level) || id.level < 0 || !Number.isSafeInteger(id.index) || id.index < 0) {
        throw new RangeError(`invalid node ${id.level}/${id.index}`);
      }
      if ((id.index + 1) * 2 ** id.level > size) {
        throw new RangeError(`node ${id.level}/${id.index} is not a perfect subtree of a tree of ${size}`);
      }
      return locate(id);
    });
    const wanted = new Map<string, TileRef>();
    for (const p of places) {
      wanted.set(p.key, { ...p.tile, width: tileWidth(size, p.tile.level, p.tile.index) });
    }
    const tiles = wanted.size > 0 ? await readTiles([...wanted.values()]) : new Map<string, Buffer>();
    return places.map(({ key, offset, count }) => {
      const data = tiles.get(key);
      if (data === undefined || data.length < (offset + count) * HASH_SIZE) {
        throw new Error(`tile ${key} is missing or too short for a tree of ${size}`);
      }
      return perfectRoot(data, offset * HASH_SIZE, count);
    });
  };
}
