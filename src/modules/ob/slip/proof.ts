import type { Platform } from '../../../platform/module.ts';

/** The proof that an entry is in the published national log, with the signed checkpoint it proves against. */
export interface EntryProof {
  leafIndex: number;
  treeSize: number;
  /** hex */
  leafHash: string;
  /** base64 hashes, RFC 9162 order */
  proof: string[];
  /** the signed note */
  checkpoint: string;
}

/** The entry's inclusion proof, or null while it is not yet in a published checkpoint (the log is not yet running). */
export async function entryProof(_platform: Platform, _entryId: string): Promise<EntryProof | null> {
  return null;
}
