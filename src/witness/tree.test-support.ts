import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  formatCheckpoint,
  leafHash,
  noteSigner,
  rootFromLeafHashes,
  signNote,
  verifierString,
} from '../platform/tlog/index.ts';

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 6962 §2.1.2 SUBPROOF, computed straight from the definition over the leaf hashes. */
function subproof(m: number, leaves: Buffer[], complete: boolean): Buffer[] {
  const n = leaves.length;
  if (m === n) return complete ? [] : [rootFromLeafHashes(leaves)];
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) return [...subproof(m, leaves.slice(0, k), complete), rootFromLeafHashes(leaves.slice(k))];
  return [...subproof(m - k, leaves.slice(k), false), rootFromLeafHashes(leaves.slice(0, k))];
}

/** A log kept in memory for tests: its entries' leaf hashes and an Ed25519 key to sign checkpoints. */
export class TestLog {
  readonly origin: string;
  readonly verifier: string;
  readonly #key: KeyObject;
  readonly #leaves: Buffer[] = [];

  constructor(origin: string, key: KeyObject = generateKeyPairSync('ed25519').privateKey) {
    this.origin = origin;
    this.#key = key;
    this.verifier = verifierString(origin, key);
  }

  /** "<origin> <verifier key>", as the witness is told about the log */
  get logEntry(): string {
    return `${this.origin} ${this.verifier}`;
  }

  get size(): number {
    return this.#leaves.length;
  }

  append(count: number, label = 'entry'): this {
    for (let i = 0; i < count; i++) this.#leaves.push(leafHash(Buffer.from(`${label} ${this.#leaves.length}`)));
    return this;
  }

  root(size = this.size): Buffer {
    return rootFromLeafHashes(this.#leaves.slice(0, size));
  }

  checkpointText(size = this.size): string {
    return formatCheckpoint({ origin: this.origin, size, root: this.root(size) });
  }

  /** The signed checkpoint note; another key (same name) signs it when given. */
  checkpoint(size = this.size, key: KeyObject = this.#key): string {
    return signNote(this.checkpointText(size), noteSigner(this.origin, key));
  }

  proof(oldSize: number, newSize = this.size): Buffer[] {
    if (oldSize === 0) return [];
    return subproof(oldSize, this.#leaves.slice(0, newSize), true);
  }

  /** The same log (same key) with the entry at `index` rewritten: a history the log must not be able to sell. */
  forkAt(index: number): TestLog {
    const fork = new TestLog(this.origin, this.#key);
    fork.#leaves.push(...this.#leaves);
    fork.#leaves[index] = leafHash(Buffer.from(`rewritten ${index}`));
    return fork;
  }
}
