import { HASH_SIZE } from './hash.ts';
import { decodeBase64Strict } from './keys.ts';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  extensions?: string[];
}

/** A checkpoint text that does not follow c2sp.org/tlog-checkpoint. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/** Parses a canonical decimal size (no sign, no leading zeros) that is a safe integer, or undefined. */
export function parseSize(s: string): number | undefined {
  if (!DECIMAL.test(s) || s.length > 16) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

function checkLine(line: string, what: string): void {
  if (line.length === 0) throw new CheckpointError(`the checkpoint's ${what} is empty`);
  if (line.includes('\n')) throw new CheckpointError(`the checkpoint's ${what} holds a newline`);
}

/** The note text of a checkpoint: origin, size and base64 root, each on its own line, then any extension lines. */
export function formatCheckpoint(c: Checkpoint): string {
  checkLine(c.origin, 'origin');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new CheckpointError('a tree size is a non-negative integer');
  if (!Buffer.isBuffer(c.root) || c.root.length !== HASH_SIZE) throw new CheckpointError('a root hash is 32 bytes');
  const extensions = c.extensions ?? [];
  for (const line of extensions) checkLine(line, 'extension line');
  return [c.origin, String(c.size), c.root.toString('base64'), ...extensions].map((l) => `${l}\n`).join('');
}

/** Parses a checkpoint's note text (not the signed note) strictly; throws CheckpointError. */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw new CheckpointError('a checkpoint ends in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointError('a checkpoint has an origin, a size and a root hash line');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new CheckpointError("the checkpoint's origin is empty");
  const size = parseSize(sizeLine);
  if (size === undefined) {
    throw new CheckpointError(`the checkpoint's size ${JSON.stringify(sizeLine)} is not a canonical decimal`);
  }
  const root = decodeBase64Strict(rootLine);
  if (root === undefined || root.length !== HASH_SIZE) {
    throw new CheckpointError("the checkpoint's root hash is not the base64 of 32 bytes");
  }
  if (extensions.some((l) => l.length === 0)) throw new CheckpointError("a checkpoint's extension line is empty");
  return extensions.length > 0 ? { origin, size, root, extensions } : { origin, size, root };
}
