import { parseSize } from './checkpoint.ts';
import { HASH_SIZE } from './hash.ts';
import { decodeBase64Strict } from './keys.ts';

/** c2sp.org/tlog-witness allows at most this many consistency proof lines. */
export const MAX_ADD_CHECKPOINT_PROOF_LINES = 63;

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Buffer[];
  /** The signed checkpoint note, as the log serves it. */
  checkpointNote: string;
}

/** A malformed add-checkpoint body (answer 400 Bad Request). */
export class AddCheckpointError extends Error {
  override name = 'AddCheckpointError';
}

/** The body of POST <witness>/add-checkpoint: `old <size>`, proof hashes in base64, a blank line, the checkpoint. */
export function formatAddCheckpoint(request: {
  oldSize: number;
  proof: readonly Buffer[];
  checkpointNote: string;
}): string {
  const { oldSize, proof, checkpointNote } = request;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0) throw new AddCheckpointError('old size is a non-negative integer');
  if (proof.length > MAX_ADD_CHECKPOINT_PROOF_LINES) {
    throw new AddCheckpointError(`at most ${MAX_ADD_CHECKPOINT_PROOF_LINES} proof hashes`);
  }
  if (proof.some((h) => h.length !== HASH_SIZE)) throw new AddCheckpointError('proof hashes are 32 bytes');
  if (!checkpointNote.endsWith('\n')) throw new AddCheckpointError('the checkpoint note ends in a newline');
  const proofLines = proof.map((h) => `${h.toString('base64')}\n`).join('');
  return `old ${oldSize}\n${proofLines}\n${checkpointNote}`;
}

/** Parses an add-checkpoint body; throws AddCheckpointError. The checkpoint note is returned unverified. */
export function parseAddCheckpoint(body: string): AddCheckpointRequest {
  if (typeof body !== 'string') throw new AddCheckpointError('the body is text');
  let at = body.indexOf('\n');
  if (at < 0) throw new AddCheckpointError('the body starts with an "old <size>" line');
  const first = body.slice(0, at);
  const oldSize = first.startsWith('old ') ? parseSize(first.slice(4)) : undefined;
  if (oldSize === undefined) throw new AddCheckpointError(`malformed old size line ${JSON.stringify(first)}`);
  const proof: Buffer[] = [];
  for (;;) {
    const start = at + 1;
    at = body.indexOf('\n', start);
    if (at < 0) throw new AddCheckpointError('the proof lines end with a blank line before the checkpoint');
    const line = body.slice(start, at);
    if (line === '') break;
    if (proof.length === MAX_ADD_CHECKPOINT_PROOF_LINES) {
      throw new AddCheckpointError(`more than ${MAX_ADD_CHECKPOINT_PROOF_LINES} proof lines`);
    }
    const hash = decodeBase64Strict(line);
    if (hash === undefined || hash.length !== HASH_SIZE) {
      throw new AddCheckpointError('each proof line is the base64 of a 32-byte hash');
    }
    proof.push(hash);
  }
  const checkpointNote = body.slice(at + 1);
  if (checkpointNote.length === 0) throw new AddCheckpointError('the body carries no checkpoint');
  return { oldSize, proof, checkpointNote };
}
