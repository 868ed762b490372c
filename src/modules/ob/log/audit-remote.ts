import { readFile, rename, writeFile } from 'node:fs/promises';
import {
  decodeEntryBundle,
  entriesPath,
  HASH_SIZE,
  leafHash,
  openNote,
  parseCheckpoint,
  parseVerifier,
  TILE_WIDTH,
  tilePath,
  tilesForSize,
  type Checkpoint,
} from '../../../platform/tlog/index.ts';
import { perfectRoot } from '../../../platform/tlog/hash.ts';
import { readLeaf } from '../leaf.ts';
import type { AuditFinding } from './audit.ts';
import { MerkleStack } from './merkle-stack.ts';

/** What an outside auditor remembers between runs: the last checkpoint it checked. */
interface AuditState {
  origin: string;
  size: number;
  /** base64 */
  root: string;
}

export type RemoteAuditResult =
  { ok: true; size: number; seconds: number; previous: number | undefined } | ({ ok: false } & AuditFinding);

const PARALLEL_FETCHES = 8;

async function fetchBytes(url: string): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Runs `work(i)` for i in [0, count), a few at a time, in order of start. */
async function inParallel(count: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_FETCHES, count) }, worker));
}

/** Every leaf hash (level-0 tiles back to back), each checked against its entry in the bundles. */
async function leafHashes(prefix: string, size: number): Promise<Buffer | AuditFinding> {
  const all = Buffer.alloc(size * HASH_SIZE);
  const tiles = Math.ceil(size / TILE_WIDTH);
  let finding: AuditFinding | undefined;
  await inParallel(tiles, async (n) => {
    const width = Math.min(TILE_WIDTH, size - n * TILE_WIDTH);
    const w = width === TILE_WIDTH ? undefined : width;
    const [tile, bundle] = await Promise.all([
      fetchBytes(`${prefix}/${tilePath(0, n, w)}`),
      fetchBytes(`${prefix}/${entriesPath(n, w)}`),
    ]);
    const entries = decodeEntryBundle(bundle);
    if (tile.length !== width * HASH_SIZE || entries.length !== width) {
      finding ??= { problem: `tile ${n} or its entry bundle does not hold ${width} leaves` };
      return;
    }
    tile.copy(all, n * TILE_WIDTH * HASH_SIZE);
    for (let i = 0; i < width; i++) {
      if (!leafHash(entries[i]!).equals(tile.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE))) {
        const leaf = readLeaf(entries[i]!);
        const leafIndex = n * TILE_WIDTH + i;
        const problem = 'an entry in the published bundle does not hash to its leaf in the tiles';
        const found = leaf
          ? { problem, entry: { station: leaf.stationId, obNumber: `OB ${leaf.obNumber}`, leafIndex } }
          : { problem: `${problem} (leaf ${leafIndex})` };
        if (!finding || (finding.entry?.leafIndex ?? Infinity) > leafIndex) finding = found;
        return;
      }
    }
  });
  return finding ?? all;
}

/** The higher-level tiles must hold the roots of the full tiles below them. */
async function checkUpperTiles(prefix: string, size: number, leaves: Buffer): Promise<AuditFinding | undefined> {
  let below = leaves;
  for (const { level, fullTiles, partialWidth } of tilesForSize(size).slice(1)) {
    const hashes = Buffer.alloc((fullTiles * TILE_WIDTH + partialWidth) * HASH_SIZE);
    for (let i = 0; i < hashes.length / HASH_SIZE; i++)
      perfectRoot(below, i * TILE_WIDTH * HASH_SIZE, TILE_WIDTH).copy(hashes, i * HASH_SIZE);
    const count = fullTiles + (partialWidth > 0 ? 1 : 0);
    for (let n = 0; n < count; n++) {
      const width = n < fullTiles ? TILE_WIDTH : partialWidth;
      const tile = await fetchBytes(`${prefix}/${tilePath(level, n, width)}`);
      const start = n * TILE_WIDTH * HASH_SIZE;
      if (!tile.equals(hashes.subarray(start, start + width * HASH_SIZE)))
        return { problem: `tile ${n} of level ${level} does not hold the roots of the tiles below it` };
    }
    below = hashes;
  }
  return undefined;
}

async function readState(file: string | undefined): Promise<AuditState | undefined> {
  if (!file) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as AuditState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeState(file: string, checkpoint: Checkpoint): Promise<void> {
  const state: AuditState = {
    origin: checkpoint.origin,
    size: checkpoint.size,
    root: checkpoint.root.toString('base64'),
  };
  await writeFile(`${file}.tmp`, `${JSON.stringify(state)}\n`);
  await rename(`${file}.tmp`, file);
}

/** The root of the tree and of its prefix of `previous` leaves, in one pass over the leaf hashes. */
function roots(leaves: Buffer, previous: number | undefined): { root: Buffer; prefixRoot: Buffer | undefined } {
  const tree = new MerkleStack();
  let prefixRoot: Buffer | undefined;
  for (let i = 0; i < leaves.length / HASH_SIZE; i++) {
    if (tree.size === previous) prefixRoot = tree.root();
    tree.push(leaves.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  }
  if (tree.size === previous) prefixRoot = tree.root();
  return { root: tree.root(), prefixRoot };
}

/**
 * Audits a deployment as an outsider: the checkpoint at `<url>/checkpoint` verified with the log's key,
 * every entry bundle hashed against the level-0 tiles, the tiles' root against the checkpoint, the higher
 * tiles against the lower, and (with a state file) the previous checkpoint this auditor saw as a prefix.
 */
export async function auditRemote(options: {
  url: string;
  key: string;
  stateFile?: string;
}): Promise<RemoteAuditResult> {
  const started = process.hrtime.bigint();
  const prefix = options.url.replace(/\/+$/, '');
  const verifier = parseVerifier(options.key);
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(
      openNote((await fetchBytes(`${prefix}/checkpoint`)).toString('utf8'), [verifier]).text,
    );
  } catch (error) {
    return { ok: false, problem: `the checkpoint does not verify with the key: ${(error as Error).message}` };
  }
  if (checkpoint.origin !== verifier.name)
    return { ok: false, problem: `the checkpoint's origin is ${checkpoint.origin}` };
  const previous = await readState(options.stateFile);
  if (previous && (previous.origin !== checkpoint.origin || previous.size > checkpoint.size))
    return { ok: false, problem: `the log went back from size ${previous.size} to ${checkpoint.size}` };
  const leaves = await leafHashes(prefix, checkpoint.size);
  if (!Buffer.isBuffer(leaves)) return { ok: false, ...leaves };
  const { root, prefixRoot } = roots(leaves, previous?.size);
  if (!root.equals(checkpoint.root)) return { ok: false, problem: "the tiles do not give the checkpoint's root" };
  if (previous && prefixRoot?.toString('base64') !== previous.root)
    return {
      ok: false,
      problem: `the tree is not consistent with the checkpoint of size ${previous.size} seen before`,
    };
  const upper = await checkUpperTiles(prefix, checkpoint.size, leaves);
  if (upper) return { ok: false, ...upper };
  if (options.stateFile) await writeState(options.stateFile, checkpoint);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ok: true, size: checkpoint.size, seconds, previous: previous?.size };
}
