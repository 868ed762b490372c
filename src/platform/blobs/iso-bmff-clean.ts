import {
  isDescriptive,
  Malformed,
  readBox,
  sizeFieldsEnd,
  topLevelBoxes,
  type Box,
  type ByteSource,
} from './iso-bmff.ts';
import { cleanItems } from './iso-bmff-items.ts';
import { cleanMovie } from './iso-bmff-movie.ts';
import type { Patch } from './patches.ts';

/** What a file is expected to be: a recording (a `moov` header) or a HEIF photo (items in a `meta` box). */
export type Expected = 'movie' | 'photo';

/** The bytes to overwrite so that a file no longer carries its metadata, or why that could not be done. */
export type Cleaning = { ok: true; patches: Patch[] } | { ok: false; reason: string };

/** A phone's hour-long recording has a header of a few megabytes; a photo's item boxes take a few kilobytes. */
const MAX_MOVIE_HEADER = 64 * 1024 * 1024;
const MAX_ITEM_BOXES = 16 * 1024 * 1024;

/**
 * Works out how to remove an ISO base media file's metadata without moving a byte: every change is an overwrite of
 * the same length. The file is only read. Anything that does not add up (a box cut short or overrunning, a field
 * out of range, a layout this does not read) gives `ok: false`, never a half-cleaned result.
 */
export async function planCleaning(source: ByteSource, expected: Expected): Promise<Cleaning> {
  try {
    const patches: Patch[] = [];
    let found = false;
    for await (const box of topLevelBoxes(source)) {
      if (box.type === 'moov') {
        patches.push(...(await movie(source, box)));
        found ||= expected === 'movie';
      } else if (box.type === 'meta') {
        const items = cleanItems(await readBox(source, box, MAX_ITEM_BOXES), box.start, source.size);
        patches.push(...(items ?? neutralised(box)));
        found ||= expected === 'photo' && items !== undefined;
      } else if (isDescriptive(box) || box.type === 'prft') {
        // prft: the wall-clock time a fragment was made
        patches.push(...neutralised(box));
      }
    }
    if (!found) return { ok: false, reason: expected === 'movie' ? 'no movie header' : 'no item boxes' };
    return { ok: true, patches };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

async function movie(source: ByteSource, box: Box): Promise<Patch[]> {
  const before = await readBox(source, box, MAX_MOVIE_HEADER);
  const after = Buffer.from(before);
  const elsewhere = cleanMovie(after, source.size);
  if (elsewhere.some((range) => range.start < box.end && box.start < range.start + range.length)) {
    throw new Malformed('samples inside the movie header');
  }
  const header = after.equals(before) ? [] : [{ start: box.start, length: after.length, data: after }];
  return [...header, ...elsewhere];
}

/** A top-level box made `free`, as patches: its type, then zeros over the rest. */
function neutralised(box: Box): Patch[] {
  const fields = sizeFieldsEnd(box);
  const patches: Patch[] = [{ start: fields, length: box.end - fields }];
  if (box.type !== 'free') patches.push({ start: box.start + 4, length: 4, data: Buffer.from('free', 'latin1') });
  return patches.filter((patch) => patch.length > 0);
}
