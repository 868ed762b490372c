import { EMPTY_ROOT, HASH_SIZE, nodeHash, splitPoint } from './hash.ts';

/** A perfect subtree: the node at height `level` (0 = a leaf hash) covering leaves [index·2^level, (index+1)·2^level). */
export interface NodeId {
  level: number;
  index: number;
}

/** Returns the hashes of the given perfect-subtree nodes, in the same order. */
export type NodeReader = (ids: readonly NodeId[]) => Promise<Buffer[]>;

/** A hash in a proof: the root of a run of perfect subtrees, largest first, folded right to left. */
type Term = NodeId[];

function checkSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

/** The perfect subtrees that make up leaves [from, to), left to right (largest first when `from` is aligned). */
export function rangeNodes(from: number, to: number): NodeId[] {
  const nodes: NodeId[] = [];
  while (from < to) {
    let width = 1;
    let level = 0;
    while (from % (width * 2) === 0 && from + width * 2 <= to) {
      width *= 2;
      level++;
    }
    nodes.push({ level, index: from / width });
    from += width;
  }
  return nodes;
}

/** RFC 9162 §2.1.3.1, unrolled: the terms of the inclusion proof of leaf `index` in a tree of `size`. */
function inclusionTerms(index: number, size: number): Term[] {
  const terms: Term[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (index < mid) {
      terms.push(rangeNodes(mid, hi));
      hi = mid;
    } else {
      terms.push(rangeNodes(lo, mid));
      lo = mid;
    }
  }
  return terms.reverse();
}

/** RFC 9162 §2.1.4.1 SUBPROOF, unrolled: the terms of the consistency proof from `m` to `n` (0 < m < n). */
function consistencyTerms(m: number, n: number): Term[] {
  const terms: Term[] = [];
  let lo = 0;
  let hi = n;
  let wholeOldTree = true;
  for (;;) {
    if (m === hi - lo) {
      if (!wholeOldTree) terms.push(rangeNodes(lo, hi));
      break;
    }
    const k = splitPoint(hi - lo);
    if (m <= k) {
      terms.push(rangeNodes(lo + k, hi));
      hi = lo + k;
    } else {
      terms.push(rangeNodes(lo, lo + k));
      m -= k;
      lo += k;
      wholeOldTree = false;
    }
  }
  return terms.reverse();
}

const nodeKey = (id: NodeId): string => `${id.level}/${id.index}`;

/** Reads every node the terms need in one call, then folds each term into its hash. */
async function assemble(terms: readonly Term[], read: NodeReader): Promise<Buffer[]> {
  const unique = new Map<string, NodeId>();
  for (const term of terms) for (const id of term) unique.set(nodeKey(id), id);
  if (unique.size === 0) return [];
  const ids = [...unique.values()];
  const hashes = await read(ids);
  if (!Array.isArray(hashes) || hashes.length !== ids.length) {
    throw new Error(`the node reader returned ${hashes?.length} hashes for ${ids.length} nodes`);
  }
  const byKey = new Map<string, Buffer>();
  ids.forEach((id, i) => {
    const hash = hashes[i];
    if (!Buffer.isBuffer(hash) || hash.length !== HASH_SIZE) throw new Error(`node ${nodeKey(id)} is not a hash`);
    byKey.set(nodeKey(id), hash);
  });
  return terms.map((term) => {
    let acc = byKey.get(nodeKey(term[term.length - 1]!))!;
    for (let i = term.length - 2; i >= 0; i--) acc = nodeHash(byKey.get(nodeKey(term[i]!))!, acc);
    return acc;
  });
}

/** The inclusion proof of leaf `index` in the tree of `size` (RFC 9162 §2.1.3.1). */
export async function inclusionProof(index: number, size: number, read: NodeReader): Promise<Buffer[]> {
  checkSize(index, 'index');
  checkSize(size, 'size');
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  return assemble(inclusionTerms(index, size), read);
}

/** The consistency proof from the tree of `m` to the tree of `n` (RFC 9162 §2.1.4.1); empty when m is 0 or n. */
export async function consistencyProof(m: number, n: number, read: NodeReader): Promise<Buffer[]> {
  checkSize(m, 'old size');
  checkSize(n, 'new size');
  if (m > n) throw new RangeError(`no consistency proof from ${m} down to ${n}`);
  if (m === 0 || m === n) return [];
  return assemble(consistencyTerms(m, n), read);
}

/** The root hash of the tree of `size`. */
export async function treeRoot(size: number, read: NodeReader): Promise<Buffer> {
  checkSize(size, 'size');
  if (size === 0) return EMPTY_ROOT;
  const [root] = await assemble([rangeNodes(0, size)], read);
  return root!;
}
