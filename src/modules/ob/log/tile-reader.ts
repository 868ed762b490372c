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

const FULL_TILE_BYTES = TILE_WIDTH * HASH_SIZE;
/** Full tiles never change: the most recently used ones are kept in memory (8 KiB each, 32 MiB at most). */
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
    if (tile.length !== FULL_TILE_BYTES) return;
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

/** Tiles by "level/index": full ones from memory when there, the rest in one query. */
export async function readStoredTiles(platform: Platform, refs: readonly TileRef[]): Promise<Map<string, Buffer>> {
  const cache = cacheOf(platform);
  const found = new Map<string, Buffer>();
  const missing: TileRef[] = [];
  for (const ref of refs) {
    const key = `${ref.level}/${ref.index}`;
    const cached = ref.width === TILE_WIDTH ? cache.get(key) : undefined;
    if (cached) found.set(key, cached);
    else missing.push(ref);
  }
  if (missing.length > 0) {
    for (const [key, tile] of await store.readTiles(platform.db.pool, missing)) {
      cache.keep(key, tile);
      found.set(key, tile);
    }
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
