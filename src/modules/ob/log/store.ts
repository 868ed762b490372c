import type pg from 'pg';
import type { Queryable } from '../../../platform/db/database.ts';
import type { TileRef, TileWrite } from '../../../platform/tlog/index.ts';

// The national log's SQL: its state row, leaves, tiles, checkpoints and witnesses' cosignatures.

const FULL_TILE_BYTES = 8192;

export interface LogState {
  size: number;
  root: Buffer;
  /** The size of the largest signed checkpoint (0 before the first). */
  signed: number;
}

/** Locks the log's one state row for the caller's transaction: one integrator at a time, across instances. */
export async function lockState(client: pg.PoolClient): Promise<LogState> {
  const { rows } = await client.query<{ size: string; root: Buffer; signed: string | null }>(
    `select s.size, s.root, (select max(size) from ob_log_checkpoints) as signed from ob_log_state s for update`,
  );
  const row = rows[0]!;
  return { size: Number(row.size), root: row.root, signed: Number(row.signed ?? 0) };
}

export interface QueuedLeaf {
  entry_id: string;
  leaf: Buffer;
}

/** The oldest entries waiting for the log, with their leaves. */
export async function queuedLeaves(client: pg.PoolClient, limit: number): Promise<QueuedLeaf[]> {
  const { rows } = await client.query<QueuedLeaf>(
    `select q.entry_id, e.leaf from ob_log_queue q join ob_entries e on e.id = q.entry_id
     order by q.entry_id limit $1 for update of q skip locked`,
    [limit],
  );
  return rows;
}

/** The rightmost partial tile of each level that has one. */
export async function partialTiles(client: pg.PoolClient): Promise<Map<number, Buffer>> {
  const { rows } = await client.query<{ level: number; data: Buffer }>('select level, data from ob_log_partial_tiles');
  return new Map(rows.map((r) => [r.level, r.data]));
}

export interface Batch {
  firstIndex: number;
  entryIds: readonly string[];
  size: number;
  root: Buffer;
  tiles: readonly TileWrite[];
}

/** The partial tile each touched level ends with (null when it ends on a full tile). */
function lastPartials(tiles: readonly TileWrite[]): Map<number, TileWrite | null> {
  const last = new Map<number, TileWrite | null>();
  for (const tile of tiles) last.set(tile.level, tile.data.length < FULL_TILE_BYTES ? tile : null);
  return last;
}

/** Stores a batch: its leaves, the tiles that filled or grew, the queue rows it took, the new size and root. */
export async function writeBatch(client: pg.PoolClient, batch: Batch): Promise<void> {
  const full = batch.tiles.filter((t) => t.data.length === FULL_TILE_BYTES);
  const partial = [...lastPartials(batch.tiles)];
  const grown = partial.filter(([, t]) => t !== null).map(([, t]) => t!);
  const emptied = partial.filter(([, t]) => t === null).map(([level]) => level);
  await client.query(
    `with leaves as (
       insert into ob_log_leaves (leaf_index, entry_id)
       select $1::bigint + ord - 1, id from unnest($2::bigint[]) with ordinality as e(id, ord)
     ), taken as (
       delete from ob_log_queue where entry_id = any($2::bigint[])
     ), full_tiles as (
       insert into ob_log_tiles (level, tile_index, data) select * from unnest($3::smallint[], $4::bigint[], $5::bytea[])
     ), grown as (
       insert into ob_log_partial_tiles (level, tile_index, data)
       select * from unnest($6::smallint[], $7::bigint[], $8::bytea[])
       on conflict (level) do update set tile_index = excluded.tile_index, data = excluded.data
     ), emptied as (
       delete from ob_log_partial_tiles where level = any($9::smallint[])
     )
     update ob_log_state set size = $10, root = $11`,
    [
      batch.firstIndex,
      batch.entryIds,
      full.map((t) => t.level),
      full.map((t) => t.index),
      full.map((t) => t.data),
      grown.map((t) => t.level),
      grown.map((t) => t.index),
      grown.map((t) => t.data),
      emptied,
      batch.size,
      batch.root,
    ],
  );
}

export async function insertCheckpoint(
  db: Queryable,
  checkpoint: { size: number; root: Buffer; note: string; createdAt: Date },
): Promise<void> {
  await db.query(
    'insert into ob_log_checkpoints (size, root, note, created_at) values ($1, $2, $3, $4) on conflict (size) do nothing',
    [checkpoint.size, checkpoint.root, checkpoint.note, checkpoint.createdAt],
  );
}

export interface CheckpointRow {
  size: number;
  root: Buffer;
  note: string;
}

const checkpointRow = (r: { size: string; root: Buffer; note: string }): CheckpointRow => ({
  size: Number(r.size),
  root: r.root,
  note: r.note,
});

export async function latestCheckpoint(db: Queryable): Promise<CheckpointRow | undefined> {
  const { rows } = await db.query<{ size: string; root: Buffer; note: string }>(
    'select size, root, note from ob_log_checkpoints order by size desc limit 1',
  );
  return rows[0] && checkpointRow(rows[0]);
}

export async function checkpointsOfSizes(db: Queryable, sizes: readonly number[]): Promise<CheckpointRow[]> {
  const { rows } = await db.query<{ size: string; root: Buffer; note: string }>(
    'select size, root, note from ob_log_checkpoints where size = any($1::bigint[]) order by size',
    [sizes],
  );
  return rows.map(checkpointRow);
}

/** Every checkpoint, smallest first (the audit). */
export async function allCheckpoints(db: Queryable): Promise<CheckpointRow[]> {
  const { rows } = await db.query<{ size: string; root: Buffer; note: string }>(
    'select size, root, note from ob_log_checkpoints order by size',
  );
  return rows.map(checkpointRow);
}

/** The checkpoint the log serves: the latest, with the witnesses' cosignature lines for it. */
export function servedCheckpoint(db: Queryable): Promise<(CheckpointRow & { cosignatures: string[] }) | undefined> {
  return checkpointWithCosignatures(db, undefined);
}

/** The checkpoint of `size` (the latest when undefined) with the witnesses' cosignature lines for it. */
export async function checkpointWithCosignatures(
  db: Queryable,
  size: number | undefined,
): Promise<(CheckpointRow & { cosignatures: string[] }) | undefined> {
  const { rows } = await db.query<{ size: string; root: Buffer; note: string; lines: string[] }>(
    `select c.size, c.root, c.note,
       coalesce((select array_agg(w.line order by w.witness) from ob_log_cosignatures w where w.size = c.size), '{}') as lines
     from ob_log_checkpoints c where $1::bigint is null or c.size = $1 order by c.size desc limit 1`,
    [size ?? null],
  );
  return rows[0] && { ...checkpointRow(rows[0]), cosignatures: rows[0].lines };
}

/** The size of the largest checkpoint any witness has cosigned; undefined before the first. */
export async function largestWitnessedSize(db: Queryable): Promise<number | undefined> {
  const { rows } = await db.query<{ size: string | null }>('select max(size) as size from ob_log_cosignatures');
  return rows[0]?.size == null ? undefined : Number(rows[0].size);
}

/** Stored tiles by "level/index": a full one when there is one, else the level's partial tile at that index. */
export async function readTiles(db: Queryable, refs: readonly TileRef[]): Promise<Map<string, Buffer>> {
  const { rows } = await db.query<{ level: number; tile_index: string; data: Buffer }>(
    `with wanted as (select * from unnest($1::smallint[], $2::bigint[]) as w(level, tile_index))
     select t.level, t.tile_index, t.data from ob_log_tiles t join wanted w using (level, tile_index)
     union all
     select p.level, p.tile_index, p.data from ob_log_partial_tiles p join wanted w using (level, tile_index)`,
    [refs.map((r) => r.level), refs.map((r) => r.index)],
  );
  const tiles = new Map<string, Buffer>();
  for (const r of rows) {
    const key = `${r.level}/${r.tile_index}`;
    // the full tile wins over a partial row left at the same place
    if (!tiles.has(key) || r.data.length > tiles.get(key)!.length) tiles.set(key, r.data);
  }
  return tiles;
}

/** The leaves with indices in [from, to), in order (an entry bundle). */
export async function leavesInRange(db: Queryable, from: number, to: number): Promise<Buffer[]> {
  const { rows } = await db.query<{ leaf: Buffer }>(
    `select e.leaf from ob_log_leaves l join ob_entries e on e.id = l.entry_id
     where l.leaf_index >= $1 and l.leaf_index < $2 order by l.leaf_index`,
    [from, to],
  );
  return rows.map((r) => r.leaf);
}

export async function leafIndexOfEntry(db: Queryable, entryId: string): Promise<number | undefined> {
  if (!/^\d{1,18}$/.test(entryId)) return undefined;
  const { rows } = await db.query<{ leaf_index: string }>('select leaf_index from ob_log_leaves where entry_id = $1', [
    entryId,
  ]);
  return rows[0] ? Number(rows[0].leaf_index) : undefined;
}

/** The size each witness last cosigned. */
export async function witnessSizes(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ witness: string; size: string }>('select witness, size from ob_log_witnesses');
  return new Map(rows.map((r) => [r.witness, Number(r.size)]));
}

/** Keeps a witness's cosignature of a checkpoint and the size it has now cosigned (never going back). */
export async function storeCosignature(
  db: Queryable,
  cosignature: { size: number; witness: string; line: string; at: Date },
): Promise<void> {
  await db.query(
    `with line as (
       insert into ob_log_cosignatures (size, witness, line, created_at) values ($1, $2, $3, $4)
       on conflict (size, witness) do nothing
     )
     insert into ob_log_witnesses (witness, size, updated_at) values ($2, $1, $4)
     on conflict (witness) do update set size = greatest(ob_log_witnesses.size, excluded.size), updated_at = excluded.updated_at`,
    [cosignature.size, cosignature.witness, cosignature.line, cosignature.at],
  );
}

/** What a witness told us it holds (a 409): the next request starts from there. */
export async function rememberWitnessSize(db: Queryable, witness: string, size: number, at: Date): Promise<void> {
  await db.query(
    `insert into ob_log_witnesses (witness, size, updated_at) values ($1, $2, $3)
     on conflict (witness) do update set size = excluded.size, updated_at = excluded.updated_at`,
    [witness, size, at],
  );
}
