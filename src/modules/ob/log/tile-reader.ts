import type { Platform } from '../../../platform/module.ts';
import {
  encodeEntryBundle,
  HASH_SIZE,
  TILE_WIDTH,
  tileNodeReader,
  type NodeReader,
  type TileRef,
} from '../../../platform/tlog/index.ts';
import * as store from './store.ts';

/**
 * Tiles never change once a checkpoint has covered them (a full tile, or a partial one at a given width):
 * the most recently used ones are kept in memory (8 KiB at most each, 32 MiB in all).
 */
const CACHED_TILES = 4096;

class TileCache {
  readonly #tiles = new Map<string, Buffer>();

  get(key: string): Buffer | undefined {
    const tile = this.#tiles.get(key);
    if (tile) {
      this.#tiles.delete(key);
      this.#tiles.set(key, tile);
    }
    return tile;
  }

  keep(key: string, tile: Buffer): void {
    this.#tiles.set(key, tile);
    if (this.#tiles.size > CACHED_TILES) this.#tiles.delete(this.#tiles.keys().next().value!);
  }
}

const caches = new WeakMap<Platform, TileCache>();

function cacheOf(platform: Platform): TileCache {
  let cache = caches.get(platform);
  if (!cache) {
    cache = new TileCache();
    caches.set(platform, cache);
  }
  return cache;
}

const cacheKey = (ref: TileRef) => `${ref.level}/${ref.index}/${ref.width}`;

/**
 * Tiles by "level/index", at least as wide as asked (refs a checkpoint covers): from memory when there,
 * the rest in one query.
 */
export async function readStoredTiles(platform: Platform, refs: readonly TileRef[]): Promise<Map<string, Buffer>> {
  const cache = cacheOf(platform);
  const found = new Map<string, Buffer>();
  const missing: TileRef[] = [];
  for (const ref of refs) {
    const cached = cache.get(cacheKey(ref));
    if (cached) found.set(`${ref.level}/${ref.index}`, cached);
    else missing.push(ref);
  }
  if (missing.length === 0) return found;
  const read = await store.readTiles(platform.db.pool, missing);
  for (const ref of missing) {
    const key = `${ref.level}/${ref.index}`;
    const tile = read.get(key);
    if (!tile) continue;
    if (tile.length >= ref.width * HASH_SIZE) cache.keep(cacheKey(ref), tile.subarray(0, ref.width * HASH_SIZE));
    found.set(key, tile);
  }
  return found;
}

/** A node reader over the stored tiles, for the tree of `size` (a size some checkpoint covers). */
export function storedNodeReader(platform: Platform, size: number): NodeReader {
  return tileNodeReader(size, (refs) => readStoredTiles(platform, refs));
}

/** A hash tile's first `width` hashes, or undefined when the store has fewer. */
export async function hashTile(
  platform: Platform,
  level: number,
  index: number,
  width: number,
): Promise<Buffer | undefined> {
  const tiles = await readStoredTiles(platform, [{ level, index, width }]);
  const tile = tiles.get(`${level}/${index}`);
  if (!tile || tile.length < width * HASH_SIZE) return undefined;
  return tile.length === width * HASH_SIZE ? tile : tile.subarray(0, width * HASH_SIZE);
}

/** The entry bundle of tile `index` with its first `width` entries, or undefined when the store has fewer. */
export async function entryBundle(platform: Platform, index: number, width: number): Promise<Buffer | undefined> {
  const leaves = await store.leavesInRange(platform.db.pool, index * TILE_WIDTH, index * TILE_WIDTH + width);
  return leaves.length === width ? encodeEntryBundle(leaves) : undefined;
}
