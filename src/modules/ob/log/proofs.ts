import type { Platform } from '../../../platform/module.ts';
import { consistencyProof, inclusionProof, type NodeId } from '../../../platform/tlog/index.ts';
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

/** The inclusion proof of leaf `leafIndex` in the latest checkpoint; null while no checkpoint holds it. */
export async function proofOfLeaf(platform: Platform, leafIndex: number): Promise<InclusionProof | null> {
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0) return null;
  const checkpoint = await latestCheckpoint(platform, leafIndex + 1);
  if (!checkpoint || checkpoint.size <= leafIndex) return null;
  const reader = storedNodeReader(platform, checkpoint.size);
  let leaf: Buffer | undefined;
  // the leaf's own hash is read with the proof's nodes, in the same batch of tiles
  const proof = await inclusionProof(leafIndex, checkpoint.size, async (ids: readonly NodeId[]) => {
    const hashes = await reader([...ids, { level: 0, index: leafIndex }]);
    leaf = hashes.pop();
    return hashes;
  });
  leaf ??= (await reader([{ level: 0, index: leafIndex }]))[0];
  return {
    leafIndex,
    treeSize: checkpoint.size,
    leafHash: leaf!.toString('hex'),
    proof: proof.map((h) => h.toString('base64')),
    checkpoint: checkpoint.note,
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
