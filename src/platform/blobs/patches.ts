import { Transform } from 'node:stream';

/** Bytes of a file overwritten in place: with `data` (as long as `length`), or with zeros where there is none. */
export interface Patch {
  start: number;
  length: number;
  data?: Buffer;
}

/** Patches ordered by where they start, applied to one chunk of a file after another. */
class Layer {
  private readonly patches: Patch[];
  private next = 0;

  constructor(patches: readonly Patch[]) {
    this.patches = [...patches].sort((a, b) => a.start - b.start);
  }

  /** The patches that touch the bytes of `chunk`, which start at `at` in the file (chunks come in order). */
  touching(at: number, length: number): Patch[] {
    while (this.next < this.patches.length && reach(this.patches[this.next]!) <= at) this.next++;
    const found: Patch[] = [];
    for (let i = this.next; i < this.patches.length && this.patches[i]!.start < at + length; i++) {
      if (reach(this.patches[i]!) > at) found.push(this.patches[i]!);
    }
    return found;
  }
}

const reach = (patch: Patch) => patch.start + patch.length;

function write(chunk: Buffer, at: number, patch: Patch): void {
  const from = Math.max(patch.start, at);
  const to = Math.min(reach(patch), at + chunk.length);
  if (patch.data) patch.data.copy(chunk, from - at, from - patch.start, to - patch.start);
  else chunk.fill(0, from - at, to - at);
}

/**
 * Applies patches to a file's chunks in order. Rewritten boxes are written first and zeroed ranges after them, so a
 * range to zero that lies inside a rewritten box stays zero.
 */
function patcher(patches: readonly Patch[]): (chunk: Buffer, at: number) => Buffer {
  const rewritten = new Layer(patches.filter((p) => p.data));
  const zeroed = new Layer(patches.filter((p) => !p.data));
  return (chunk, at) => {
    const touching = [...rewritten.touching(at, chunk.length), ...zeroed.touching(at, chunk.length)];
    if (touching.length === 0) return chunk;
    const out = Buffer.from(chunk);
    for (const patch of touching) write(out, at, patch);
    return out;
  };
}

export function patchBuffer(input: Buffer, patches: readonly Patch[]): Buffer {
  return Buffer.from(patcher(patches)(input, 0));
}

/** A stream that passes a file through with the patches applied; its length stays the same. */
export function patchStream(patches: readonly Patch[]): Transform {
  const patch = patcher(patches);
  let position = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const out = patch(chunk, position);
      position += chunk.length;
      done(null, out);
    },
  });
}
