// Test vectors of transparency-dev/merkle (testonly/constants.go): leaf inputs and the roots of their prefixes.
import { leafHash, nodeHash } from './hash.ts';

export const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));

export const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

export function leafHashes(): Buffer[] {
  return LEAF_INPUTS.map((e) => leafHash(e));
}

/** MTH over hashes[from, to), by RFC 6962's recursive definition (the tests' independent oracle). */
export function mth(hashes: readonly Buffer[], from: number, to: number): Buffer {
  if (to - from === 1) return hashes[from]!;
  let k = 1;
  while (k * 2 < to - from) k *= 2;
  return nodeHash(mth(hashes, from, from + k), mth(hashes, from + k, to));
}

/** RFC 9162 §2.1.3.1 PATH, recursively: the oracle for inclusion proofs. */
export function referenceInclusionProof(hashes: readonly Buffer[], index: number, from: number, to: number): Buffer[] {
  if (to - from === 1) return [];
  let k = 1;
  while (k * 2 < to - from) k *= 2;
  if (index < k) return [...referenceInclusionProof(hashes, index, from, from + k), mth(hashes, from + k, to)];
  return [...referenceInclusionProof(hashes, index - k, from + k, to), mth(hashes, from, from + k)];
}

/** RFC 9162 §2.1.4.1 SUBPROOF, recursively: the oracle for consistency proofs. */
export function referenceConsistencyProof(
  hashes: readonly Buffer[],
  m: number,
  from: number,
  to: number,
  complete = true,
): Buffer[] {
  const n = to - from;
  if (m === n) return complete ? [] : [mth(hashes, from, to)];
  let k = 1;
  while (k * 2 < n) k *= 2;
  if (m <= k) return [...referenceConsistencyProof(hashes, m, from, from + k, complete), mth(hashes, from + k, to)];
  return [...referenceConsistencyProof(hashes, m - k, from + k, to, false), mth(hashes, from, from + k)];
}

/** Roots of the prefixes of `hashes` at each of `sizes`, in one pass over the leaves. */
export function rootsAt(hashes: readonly Buffer[], sizes: readonly number[]): Map<number, Buffer> {
  const wanted = new Set(sizes);
  const roots = new Map<number, Buffer>();
  const stack: Buffer[] = [];
  const fold = () => stack.reduceRight<Buffer | undefined>((acc, h) => (acc ? nodeHash(h, acc) : h), undefined);
  for (let i = 0; i < hashes.length; i++) {
    let hash = hashes[i]!;
    for (let count = i; count % 2 === 1; count = (count - 1) / 2) hash = nodeHash(stack.pop()!, hash);
    stack.push(hash);
    if (wanted.has(i + 1)) roots.set(i + 1, fold()!);
  }
  return roots;
}

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
export function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}
