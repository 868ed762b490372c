import type { Queryable } from '../../../platform/db/database.ts';
import {
  HASH_SIZE,
  leafHash,
  openNote,
  parseCheckpoint,
  TILE_WIDTH,
  type NoteVerifier,
} from '../../../platform/tlog/index.ts';
import { leafBytes, readLeaf } from '../leaf.ts';
import { formatObNumber } from '../ob-number.ts';
import { auditRows, levelZeroTiles, logTotals, type AuditRow } from './audit-store.ts';
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

/** The entry's leaf rebuilt from its stored columns, as the service built it (leaf.ts). */
export function rebuiltLeaf(row: AuditRow): Buffer {
  const persons = row.persons ?? [];
  let erased: Map<number, string> | undefined;
  if (row.erased_leaf) {
    const published = readLeaf(row.erased_leaf)?.persons ?? [];
    erased = new Map();
    persons.forEach((p, i) => p.erased && erased!.set(i, published[i]?.commitment ?? ''));
  }
  const amends =
    row.amends_day && row.amends_number ? formatObNumber({ day: row.amends_day, number: row.amends_number }) : null;
  return leafBytes(
    {
      stationId: row.station_id,
      obNumber: formatObNumber({ day: row.day, number: row.number }),
      kind: row.kind,
      occurredAt: row.occurred_at,
      recordedAt: row.recorded_at,
      amends,
      salt: row.salt,
      content: {
        recordedBy: row.recorded_by,
        recordedByServiceNumber: row.recorded_by_service_number,
        place: row.place,
        narrative: row.narrative,
        details: row.details,
        property: row.property,
        links: row.links,
        amendReason: row.amend_reason,
      },
      persons: persons.map((p) => ({
        role: p.role,
        name: p.name,
        idNumber: p.idNumber,
        phone: p.phone,
        age: p.age,
        sex: p.sex,
        salt: Buffer.from(p.salt, 'hex'),
      })),
    },
    erased,
  );
}

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

async function chunk(db: Queryable, from: number, to: number) {
  const [rows, tiles] = await Promise.all([
    auditRows(db, from, to),
    levelZeroTiles(db, from / TILE_WIDTH, Math.ceil(to / TILE_WIDTH)),
  ]);
  return { rows, tiles };
}

function entryOf(row: AuditRow) {
  return {
    station: row.station_id,
    obNumber: `OB ${formatObNumber({ day: row.day, number: row.number })}`,
    leafIndex: Number(row.leaf_index),
  };
}

/** Compares the chunk's rebuilt leaves with the published tile hashes and grows the tree; a finding stops it. */
function checkChunk(
  from: number,
  to: number,
  got: Awaited<ReturnType<typeof chunk>>,
  tree: MerkleStack,
  atSize: (size: number) => AuditFinding | undefined,
): AuditFinding | undefined {
  let at = 0;
  for (let index = from; index < to; index++) {
    const row = got.rows[at];
    if (!row || Number(row.leaf_index) !== index)
      return { problem: `leaf ${index} of the tree has no entry in the book any more` };
    at++;
    const tile = got.tiles.get(Math.floor(index / TILE_WIDTH));
    const offset = (index % TILE_WIDTH) * HASH_SIZE;
    if (!tile || tile.length < offset + HASH_SIZE) return { problem: `the published tiles end before leaf ${index}` };
    const hash = leafHash(rebuiltLeaf(row));
    if (!hash.equals(tile.subarray(offset, offset + HASH_SIZE)))
      return { problem: "the entry's stored content no longer matches its leaf in the log", entry: entryOf(row) };
    tree.push(hash);
    const finding = atSize(tree.size);
    if (finding) return finding;
  }
  return undefined;
}

/**
 * Audits the national log from the database: every entry's leaf rebuilt from its stored columns and
 * compared with the leaf hash published in the tiles, the tree's root recomputed leaf by leaf and compared
 * with every signed checkpoint (whose signatures are checked) on the way. Checkpoints whose roots are all
 * roots of prefixes of one list of leaves are consistent with one another.
 */
export async function auditLog(db: Queryable, verifier: NoteVerifier): Promise<AuditResult> {
  const started = process.hrtime.bigint();
  const checkpoints = await allCheckpoints(db);
  const bad = checkCheckpoints(checkpoints, verifier);
  if (bad) return { ok: false, ...bad };
  const totals = await logTotals(db);
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
  let next = totals.size > 0 ? chunk(db, 0, Math.min(CHUNK, totals.size)) : undefined;
  for (let from = 0; from < totals.size; from += CHUNK) {
    const to = Math.min(from + CHUNK, totals.size);
    const got = await next!;
    next = to < totals.size ? chunk(db, to, Math.min(to + CHUNK, totals.size)) : undefined;
    const finding = checkChunk(from, to, got, tree, atSize);
    if (finding) {
      await next?.catch(() => undefined);
      return { ok: false, ...finding };
    }
  }
  if (!tree.root().equals(totals.root))
    return { ok: false, problem: "the log's state does not hold the root of its leaves" };
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ok: true, entries: totals.size, checkpoints: checkpoints.length, seconds };
}
