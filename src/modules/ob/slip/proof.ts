import type { Platform } from '../../../platform/module.ts';
import { proofOfEntry, type InclusionProof } from '../log/index.ts';

/** The proof that an entry is in the published national log, with the signed checkpoint it proves against. */
export type EntryProof = InclusionProof;

/** The entry's inclusion proof, or null while it is not yet in a published checkpoint. */
export function entryProof(platform: Platform, entryId: string): Promise<EntryProof | null> {
  return proofOfEntry(platform, entryId);
}
