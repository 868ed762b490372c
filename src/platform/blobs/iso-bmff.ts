import { open } from 'node:fs/promises';

/**
 * Reading ISO base media files (MP4, QuickTime, 3GP, HEIF; ISO/IEC 14496-12): a file is a run of boxes, each a size,
 * a four-character type and a payload, and some boxes hold more boxes. Every read is checked against the end of
 * what holds it, so a file cut short or with sizes that do not add up is refused, never read past.
 */

/** The file is not what its boxes say: cut short, a size that overruns what holds it, a field out of range. */
export class Malformed extends Error {}

export interface Box {
  type: string;
  /** Where the box starts, where its payload starts, and where it ends (exclusive). */
  start: number;
  payload: number;
  end: number;
  /** Whether the size is the 64-bit one after the type (the 32-bit size field then says 1). */
  large: boolean;
}

/** The number of `bytes` (0, 1, 2, 3, 4 or 8) big-endian at `at`, which must lie before `end`. */
export function uint(data: Buffer, at: number, bytes: number, end = data.length): number {
  if (at < 0 || at + bytes > Math.min(end, data.length)) throw new Malformed(`field at ${at} overruns its box`);
  if (bytes === 0) return 0;
  if (bytes === 8) return safe(data.readBigUInt64BE(at), at);
  if (bytes === 1 || bytes === 2 || bytes === 3 || bytes === 4) return data.readUIntBE(at, bytes);
  throw new Malformed(`a ${bytes}-byte field at ${at}`);
}

function safe(value: bigint, at: number): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Malformed(`a 64-bit value at ${at} too large`);
  return Number(value);
}

/** The box whose header starts at `at`; it may reach as far as `end` (its parent's end, or the file's). */
export function boxAt(data: Buffer, at: number, end: number): Box {
  let size = uint(data, at, 4, end);
  const type = data.toString('latin1', at + 4, at + 8);
  let header = 8;
  if (size === 1) {
    size = uint(data, at + 8, 8, end);
    header = 16;
  } else if (size === 0) {
    size = end - at;
  }
  const large = header === 16;
  // a uuid box's 16-byte user type comes before its payload
  if (type === 'uuid') header += 16;
  if (size < header || at + size > end) throw new Malformed(`a ${JSON.stringify(type)} box of ${size} bytes overruns`);
  return { type, start: at, payload: at + header, end: at + size, large };
}

/** The boxes one after another from `from` to `end`. A QuickTime list may end with 4 zero bytes instead of a box. */
export function* boxesIn(data: Buffer, from: number, end: number): Generator<Box> {
  let at = from;
  while (at < end) {
    if (end - at < 8 && data.subarray(at, end).every((byte) => byte === 0)) return;
    const box = boxAt(data, at, end);
    yield box;
    at = box.end;
  }
}

/** A full box's version and where its fields start (after the version and 24 bits of flags). */
export function fullBox(data: Buffer, box: Box): { version: number; fields: number } {
  return { version: uint(data, box.payload, 1, box.end), fields: box.payload + 4 };
}

/** Of a box's children, the first of `type`. */
export function childOf(data: Buffer, box: Box, type: string): Box | undefined {
  for (const child of boxesIn(data, box.payload, box.end)) if (child.type === type) return child;
  return undefined;
}

/**
 * Boxes that only describe, emptied wherever a movie's header or the top of a file has them: user data (`udta`),
 * metadata (`meta`), `uuid` boxes (XMP's BE7ACFCB-97A9-42E8-9C71-999491E3AFAC, and cameras' own, which hold the make,
 * serial number and GPS), and free space, which may still hold metadata an editor let go of. Players skip them all.
 */
const DESCRIPTIVE = new Set(['udta', 'meta', 'uuid', 'free', 'skip']);

export const isDescriptive = (box: Box): boolean => DESCRIPTIVE.has(box.type);

/** Where a box's own fields end: after the size, the type and any 64-bit size (a user type is payload for `free`). */
export const sizeFieldsEnd = (box: Box): number => box.start + (box.large ? 16 : 8);

/** Turns a box read into `data` into a `free` box of the same size, its content zeroed: readers skip it. */
export function neutralise(data: Buffer, box: Box): void {
  data.write('free', box.start + 4, 'latin1');
  data.fill(0, sizeFieldsEnd(box), box.end);
}

/** Random access to a file's bytes: each read gives exactly what was asked or fails. */
export interface ByteSource {
  size: number;
  read(at: number, length: number): Promise<Buffer>;
}

export function bufferSource(data: Buffer): ByteSource {
  return {
    size: data.length,
    read: async (at, length) => {
      if (at < 0 || length < 0 || at + length > data.length) throw new Malformed(`read past the end at ${at}`);
      return Buffer.from(data.subarray(at, at + length));
    },
  };
}

/** Runs `use` on a file opened for reading, closing it afterwards. */
export async function withFileSource<T>(path: string, use: (source: ByteSource) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await use({
      size,
      read: async (at, length) => {
        if (at < 0 || length < 0 || at + length > size) throw new Malformed(`read past the end at ${at}`);
        const buffer = Buffer.alloc(length);
        for (let done = 0; done < length;) {
          const { bytesRead } = await handle.read(buffer, done, length - done, at + done);
          if (bytesRead === 0) throw new Malformed(`the file ended at ${at + done}`);
          done += bytesRead;
        }
        return buffer;
      },
    });
  } finally {
    await handle.close();
  }
}

/** A file has few boxes at its top (ftyp, moov, mdat...): more than this is not a phone's recording. */
const MAX_TOP_LEVEL_BOXES = 20_000;

/** The boxes at the top of a file, read one header at a time. */
export async function* topLevelBoxes(source: ByteSource): AsyncGenerator<Box> {
  let at = 0;
  for (let count = 0; at < source.size; count++) {
    if (count === MAX_TOP_LEVEL_BOXES) throw new Malformed('too many boxes');
    const head = await source.read(at, Math.min(32, source.size - at));
    const box = boxAt(head, 0, source.size - at);
    yield { ...box, start: at, payload: at + box.payload, end: at + box.end };
    at += box.end;
  }
}

/** A top-level box's bytes, if it is no larger than `limit`. */
export async function readBox(source: ByteSource, box: Box, limit: number): Promise<Buffer> {
  if (box.end - box.start > limit) throw new Malformed(`${box.type} box larger than ${limit} bytes`);
  return source.read(box.start, box.end - box.start);
}
