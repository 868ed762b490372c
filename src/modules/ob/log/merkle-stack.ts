import { EMPTY_ROOT, nodeHash } from '../../../platform/tlog/index.ts';

/**
 * The RFC 6962 root of a growing list of leaf hashes, one leaf at a time in constant memory: the roots of
 * the perfect subtrees so far (at most one per height), merged as each leaf completes them. The root of
 * the leaves so far can be taken at any point, which is how an audit checks every checkpoint in one pass.
 */
export class MerkleStack {
  readonly #stack: Buffer[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(leafHash: Buffer): void {
    let hash = leafHash;
    for (let count = this.#size; count % 2 === 1; count = (count - 1) / 2) hash = nodeHash(this.#stack.pop()!, hash);
    this.#stack.push(hash);
    this.#size++;
  }

  root(): Buffer {
    if (this.#size === 0) return EMPTY_ROOT;
    let root = this.#stack[this.#stack.length - 1]!;
    for (let i = this.#stack.length - 2; i >= 0; i--) root = nodeHash(this.#stack[i]!, root);
    return root;
  }
}
