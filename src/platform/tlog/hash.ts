import * as crypto from 'node:crypto';

const { createHash } = crypto;

/** Size in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

// crypto.hash (Node 20.12+) hashes a small buffer about twice as fast as createHash, which audits over
// millions of leaves and nodes notice; older Node 20 releases fall back to createHash.
const oneShotHash: ((algorithm: string, data: Buffer, encoding: 'buffer') => Buffer) | undefined =
  typeof crypto.hash === 'function' ? crypto.hash : undefined;
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE);

/** RFC 6962 leaf hash: SHA-256(0x00 || entry). */
export function leafHash(entry: Uint8Array): Buffer {
  if (oneShotHash === undefined) return createHash('sha256').update(LEAF_PREFIX).update(entry).digest();
  const input = Buffer.allocUnsafe(1 + entry.length);
  input[0] = 0x00;
  input.set(entry, 1);
  return oneShotHash('sha256', input, 'buffer');
}

/** RFC 6962 interior node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (oneShotHash === undefined || left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  }
  nodeInput[0] = 0x01;
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return oneShotHash('sha256', nodeInput, 'buffer');
}

/** Root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/**
 * RFC 6962 Merkle Tree Hash over leaf hashes, in one pass: a stack holds the roots of the perfect subtrees
 * seen so far (at most one per height), merged as each leaf completes them, then folded right to left.
 */
export function rootFromLeafHashes(hashes: readonly Buffer[]): Buffer {
  const n = hashes.length;
  if (n === 0) return EMPTY_ROOT;
  const stack: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    let hash = hashes[i]!;
    // merge once per trailing one bit of i: each is a completed pair of equal-height subtrees
    for (let count = i; count % 2 === 1; count = (count - 1) / 2) hash = nodeHash(stack.pop()!, hash);
    stack.push(hash);
  }
  let root = stack.pop()!;
  while (stack.length > 0) root = nodeHash(stack.pop()!, root);
  return root;
}

/** Root of a perfect subtree whose 2^k leaves (already hashes) sit back to back in `data` from `offset`. */
export function perfectRoot(data: Buffer, offset: number, count: number): Buffer {
  if (count === 1) return Buffer.from(data.subarray(offset, offset + HASH_SIZE));
  const level: Buffer[] = new Array<Buffer>(count / 2);
  for (let i = 0; i < count / 2; i++) {
    const at = offset + 2 * i * HASH_SIZE;
    level[i] = nodeHash(data.subarray(at, at + HASH_SIZE), data.subarray(at + HASH_SIZE, at + 2 * HASH_SIZE));
  }
  for (let width = count / 4; width >= 1; width /= 2) {
    for (let i = 0; i < width; i++) level[i] = nodeHash(level[2 * i]!, level[2 * i + 1]!);
  }
  return level[0]!;
}

/** Largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
