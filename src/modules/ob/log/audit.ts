import type { Database } from '../../../platform/db/database.ts';
import { HASH_SIZE, openNote, parseCheckpoint, TILE_WIDTH, type NoteVerifier } from '../../../platform/tlog/index.ts';
import { formatObNumber } from '../ob-number.ts';
import { rebuiltLeafHashes } from './audit-rebuild.ts';
import { entryAtLeaf, levelZeroTiles, logTotals } from './audit-store.ts';
import { AuditWorkers, defaultAuditWorkers, type RangeHashes } from './audit-workers.ts';
import { MerkleStack } from './merkle-stack.ts';
import { allCheckpoints, type CheckpointRow } from './store.ts';

/** Leaves read per query (a whole number of tiles); the next chunk is read while this one is hashed. */
const CHUNK = 32 * TILE_WIDTH;

export interface AuditFinding {
  problem: string;
  /** the first entry whose stored content no longer matches its leaf in the tree */
  entry?: { station: string; obNumber: string; leafIndex: number };
}

export type AuditResult =
  { ok: true; entries: number; checkpoints: number; seconds: number } | ({ ok: false } & AuditFinding);

/** Each checkpoint's signature and text, against the row it is stored in. */
function checkCheckpoints(checkpoints: readonly CheckpointRow[], verifier: NoteVerifier): AuditFinding | undefined {
  for (const row of checkpoints) {
    try {
      const checkpoint = parseCheckpoint(openNote(row.note, [verifier]).text);
      if (checkpoint.size !== row.size || !checkpoint.root.equals(row.root) || checkpoint.origin !== verifier.name)
        return { problem: `the stored checkpoint of size ${row.size} does not say what its row says` };
    } catch (error) {
      return {
        problem: `the checkpoint of size ${row.size} is not signed by the log's key: ${(error as Error).message}`,
      };
    }
  }
  return undefined;
}

/** Reads ahead: the hashes and published tiles of the next few ranges are on their way while one is checked. */
function rangesAhead(db: Database, size: number, chunk: number, workers: AuditWorkers | undefined) {
  const inFlight: Array<Promise<{ from: number; to: number; got: RangeHashes; tiles: Map<number, Buffer> }>> = [];
  let next = 0;
  const ahead = workers ? 2 * workers.size : 2;
  return {
    async take() {
      while (inFlight.length < ahead && next < size) {
        const from = next;
        const to = Math.min(from + chunk, size);
        const reading = Promise.all([
          workers ? workers.hashes(from, to) : rebuiltLeafHashes(db.pool, from, to),
          levelZeroTiles(db.pool, Math.floor(from / TILE_WIDTH), Math.ceil(to / TILE_WIDTH)),
        ]).then(([got, tiles]) => ({ from, to, got, tiles }));
        reading.catch(() => undefined);
        inFlight.push(reading);
        next = to;
      }
      return inFlight.shift();
    },
  };
}

async function entryOf(db: Database, leafIndex: number): Promise<AuditFinding['entry']> {
  const entry = await entryAtLeaf(db.pool, leafIndex);
  return entry && { station: entry.station_id, obNumber: `OB ${formatObNumber(entry)}`, leafIndex };
}

/** Compares a range's rebuilt leaves with the published tile hashes and grows the tree; a finding stops it. */
function checkRange(
  range: { from: number; to: number; got: RangeHashes; tiles: Map<number, Buffer> },
  tree: MerkleStack,
  atSize: (size: number) => AuditFinding | undefined,
): AuditFinding | number | undefined {
  const { from, to, got, tiles } = range;
  if ('missing' in got) return { problem: `leaf ${got.missing} of the tree has no entry in the book any more` };
  for (let index = from; index < to; index++) {
    const tile = tiles.get(Math.floor(index / TILE_WIDTH));
    const offset = (index % TILE_WIDTH) * HASH_SIZE;
    if (!tile || tile.length < offset + HASH_SIZE) return { problem: `the published tiles end before leaf ${index}` };
    const published = tile.subarray(offset, offset + HASH_SIZE);
    const at = (index - from) * HASH_SIZE;
    if (!published.equals(got.hashes.subarray(at, at + HASH_SIZE))) return index;
    tree.push(published);
    const finding = atSize(tree.size);
    if (finding) return finding;
  }
  return undefined;
}

export interface AuditOptions {
  /** threads rebuilding leaves beside this one (default: one per core for a large log, none for a small one) */
  workers?: number;
  /** leaves per range read and checked at once */
  chunk?: number;
}

/**
 * Audits the national log from the database: every entry's leaf rebuilt from its stored columns and
 * compared with the leaf hash published in the tiles, the tree's root recomputed leaf by leaf and compared
 * with every signed checkpoint (whose signatures are checked) on the way. Checkpoints whose roots are all
 * roots of prefixes of one list of leaves are consistent with one another.
 */
export async function auditLog(db: Database, verifier: NoteVerifier, options: AuditOptions = {}): Promise<AuditResult> {
  const started = process.hrtime.bigint();
  const checkpoints = await allCheckpoints(db.pool);
  const bad = checkCheckpoints(checkpoints, verifier);
  if (bad) return { ok: false, ...bad };
  const totals = await logTotals(db.pool);
  if (totals.entries !== totals.size + totals.queued)
    return { ok: false, problem: `${totals.entries} entries, but ${totals.size} leaves and ${totals.queued} queued` };
  const bySize = new Map(checkpoints.map((c) => [c.size, c]));
  if (checkpoints.some((c) => c.size > totals.size))
    return { ok: false, problem: 'a checkpoint is larger than the tree' };
  const tree = new MerkleStack();
  const atSize = (size: number): AuditFinding | undefined => {
    const checkpoint = bySize.get(size);
    if (checkpoint && !tree.root().equals(checkpoint.root))
      return { problem: `the checkpoint of size ${size} does not sign the root of the first ${size} leaves` };
    return undefined;
  };
  const chunk = options.chunk ?? CHUNK;
  const count = options.workers ?? defaultAuditWorkers(totals.size, chunk);
  const workers = count > 0 ? new AuditWorkers(count, db.connectionString) : undefined;
  try {
    const ranges = rangesAhead(db, totals.size, chunk, workers);
    for (let range = await ranges.take(); range; range = await ranges.take()) {
      const finding = checkRange(range, tree, atSize);
      if (typeof finding === 'number') {
        const problem = "the entry's stored content no longer matches its leaf in the log";
        const entry = await entryOf(db, finding);
        return entry ? { ok: false, problem, entry } : { ok: false, problem };
      }
      if (finding) return { ok: false, ...finding };
    }
  } finally {
    await workers?.close();
  }
  if (!tree.root().equals(totals.root))
    return { ok: false, problem: "the log's state does not hold the root of its leaves" };
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ok: true, entries: totals.size, checkpoints: checkpoints.length, seconds };
}
