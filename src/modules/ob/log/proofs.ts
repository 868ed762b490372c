import type { Platform } from '../../../platform/module.ts';
import { consistencyProof, inclusionProof, type NodeId } from '../../../platform/tlog/index.ts';
import type { LeafEvidence } from '../../../platform/tlog/evidence.ts';
import { latestCheckpoint } from './latest-checkpoint.ts';
import * as store from './store.ts';
import { storedNodeReader } from './tile-reader.ts';

/** An entry's inclusion proof, together with the signed checkpoint it proves against. */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  /** hex */
  leafHash: string;
  /** base64 hashes, RFC 9162 order */
  proof: string[];
  /** the signed note */
  checkpoint: string;
}

/** The leaf's inclusion proof in the checkpoint of `size`, with the leaf's own hash read in the same batch of tiles. */
async function inclusionIn(platform: Platform, leafIndex: number, size: number) {
  const reader = storedNodeReader(platform, size);
  let leaf: Buffer | undefined;
  const proof = await inclusionProof(leafIndex, size, async (ids: readonly NodeId[]) => {
    const hashes = await reader([...ids, { level: 0, index: leafIndex }]);
    leaf = hashes.pop();
    return hashes;
  });
  leaf ??= (await reader([{ level: 0, index: leafIndex }]))[0];
  return { leafHash: leaf!, proof: proof.map((h) => h.toString('base64')) };
}

/** The inclusion proof of leaf `leafIndex` in the latest checkpoint; null while no checkpoint holds it. */
export async function proofOfLeaf(platform: Platform, leafIndex: number): Promise<InclusionProof | null> {
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0) return null;
  const checkpoint = await latestCheckpoint(platform, leafIndex + 1);
  if (!checkpoint || checkpoint.size <= leafIndex) return null;
  const { leafHash, proof } = await inclusionIn(platform, leafIndex, checkpoint.size);
  return {
    leafIndex,
    treeSize: checkpoint.size,
    leafHash: leafHash.toString('hex'),
    proof,
    checkpoint: checkpoint.note,
  };
}

/**
 * What lets anyone check that an entry is in the national log with only the log's and the witnesses'
 * public keys: its public leaf and its inclusion proof in the largest checkpoint a witness has cosigned
 * (the latest checkpoint while none that holds the leaf has been); null while no checkpoint holds it.
 */
export async function evidenceOfLeaf(platform: Platform, leafIndex: number): Promise<LeafEvidence | null> {
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0) return null;
  const db = platform.db.pool;
  const witnessed = await store.largestWitnessedSize(db);
  const size = witnessed !== undefined && witnessed > leafIndex ? witnessed : undefined;
  const checkpoint = await store.checkpointWithCosignatures(db, size);
  if (!checkpoint || checkpoint.size <= leafIndex) return null;
  const [[leaf], { proof }] = await Promise.all([
    store.leavesInRange(db, leafIndex, leafIndex + 1),
    inclusionIn(platform, leafIndex, checkpoint.size),
  ]);
  if (!leaf) return null;
  return {
    leafIndex,
    treeSize: checkpoint.size,
    leaf: leaf.toString('base64'),
    proof,
    checkpoint: checkpoint.note + checkpoint.cosignatures.map((line) => `${line}\n`).join(''),
  };
}

/** The inclusion proof of an entry (by its id) in the latest checkpoint; null while the entry is not yet in one. */
export async function proofOfEntry(platform: Platform, entryId: string): Promise<InclusionProof | null> {
  const leafIndex = await store.leafIndexOfEntry(platform.db.pool, entryId);
  return leafIndex === undefined ? null : proofOfLeaf(platform, leafIndex);
}

export interface ConsistencyProof {
  from: { size: number; checkpoint: string };
  to: { size: number; checkpoint: string };
  /** base64 hashes */
  proof: string[];
}

/** The consistency proof between two published checkpoints (by size); null when either was never published. */
export async function consistencyBetween(
  platform: Platform,
  from: number,
  to: number,
): Promise<ConsistencyProof | null> {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from <= to)) return null;
  const found = await store.checkpointsOfSizes(platform.db.pool, [from, to]);
  const old = found.find((c) => c.size === from);
  const current = found.find((c) => c.size === to);
  if (!old || !current) return null;
  const proof = await consistencyProof(from, to, storedNodeReader(platform, to));
  return {
    from: { size: from, checkpoint: old.note },
    to: { size: to, checkpoint: current.note },
    proof: proof.map((h) => h.toString('base64')),
  };
}

/** The evidence for an entry (by its id); null while it is not yet in a checkpoint. */
export async function evidenceOfEntry(platform: Platform, entryId: string): Promise<LeafEvidence | null> {
  const leafIndex = await store.leafIndexOfEntry(platform.db.pool, entryId);
  return leafIndex === undefined ? null : evidenceOfLeaf(platform, leafIndex);
}
