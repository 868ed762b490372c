import { boxAt, boxesIn, childOf, fullBox, isDescriptive, Malformed, neutralise, uint, type Box } from './iso-bmff.ts';
import type { Patch } from './patches.ts';

/**
 * Cleans a `moov` box read into `data`, in place. Its metadata, in the movie, a track or a track's media: user data
 * (QuickTime's ©xyz place, ©mak and ©mod phone, ©day), Apple's `meta` keys (com.apple.quicktime.location.ISO6709,
 * .make, .model, .software, .creationdate), XMP and other `uuid` boxes, free space. Each such box becomes a `free` box
 * of the same size with nothing in it, and the dates of mvhd, tkhd and mdhd are zeroed: nothing moves, so the sample
 * offsets (`stco`, `co64`) still point at the same bytes of `mdat`. Returns the ranges elsewhere in the file to zero
 * as well: the samples of timed metadata tracks, where action cameras and some phones write a position along the
 * recording.
 */
export function cleanMovie(data: Buffer, fileSize: number): Patch[] {
  const moov = boxAt(data, 0, data.length);
  const elsewhere: Patch[] = [];
  for (const box of boxesIn(data, moov.payload, moov.end)) {
    if (box.type === 'cmov') throw new Malformed('a compressed movie header');
    if (box.type === 'mvhd') zeroDates(data, box);
    else if (box.type === 'trak') elsewhere.push(...cleanTrack(data, box, fileSize));
    else if (isDescriptive(box)) neutralise(data, box);
  }
  return elsewhere;
}

/** mvhd, tkhd and mdhd start with the creation and modification times: 32 bits each, 64 in version 1. */
function zeroDates(data: Buffer, box: Box): void {
  const { version, fields } = fullBox(data, box);
  if (version > 1) throw new Malformed(`${box.type} version ${version}`);
  const end = fields + 2 * (version === 1 ? 8 : 4);
  if (end > box.end) throw new Malformed(`${box.type} cut short`);
  data.fill(0, fields, end);
}

function cleanTrack(data: Buffer, trak: Box, fileSize: number): Patch[] {
  let timedMetadata = false;
  let table: Box | undefined;
  for (const box of boxesIn(data, trak.payload, trak.end)) {
    if (box.type === 'tkhd') zeroDates(data, box);
    else if (isDescriptive(box)) neutralise(data, box);
    else if (box.type === 'mdia') {
      for (const part of boxesIn(data, box.payload, box.end)) {
        if (part.type === 'mdhd') zeroDates(data, part);
        else if (part.type === 'hdlr') timedMetadata = handlerType(data, part) === 'meta';
        else if (part.type === 'minf') table = childOf(data, part, 'stbl');
        else if (isDescriptive(part)) neutralise(data, part);
      }
    }
  }
  if (!timedMetadata) return [];
  if (!table) throw new Malformed('a metadata track without a sample table');
  return sampleRanges(data, table, fileSize);
}

/** hdlr: version and flags, 32 bits QuickTime calls the component type, then the handler type. */
function handlerType(data: Buffer, hdlr: Box): string {
  const { fields } = fullBox(data, hdlr);
  uint(data, fields + 4, 4, hdlr.end);
  return data.toString('latin1', fields + 4, fields + 8);
}

interface SampleTable {
  /** Each sample's size, or one size for all. */
  sizes: { fixed: number; count: number; table: number[] };
  /** From which chunk (numbered from 1) on, how many samples each chunk holds. */
  runs: Array<{ first: number; perChunk: number }>;
  chunkOffsets: number[];
}

/** Where a track's samples lie in the file: one range per chunk. */
function sampleRanges(data: Buffer, stbl: Box, fileSize: number): Patch[] {
  const { sizes, runs, chunkOffsets } = readSampleTable(data, stbl);
  if (runs[0]?.first !== 1) throw new Malformed('a sample-to-chunk table that does not start at chunk 1');
  const ranges: Patch[] = [];
  let sample = 0;
  let run = 0;
  for (let chunk = 0; chunk < chunkOffsets.length && sample < sizes.count; chunk++) {
    while (run + 1 < runs.length && runs[run + 1]!.first <= chunk + 1) run++;
    const count = Math.min(runs[run]!.perChunk, sizes.count - sample);
    let length = sizes.fixed * count;
    if (sizes.fixed === 0) for (let i = 0; i < count; i++) length += sizes.table[sample + i]!;
    sample += count;
    const start = chunkOffsets[chunk]!;
    if (start + length > fileSize) throw new Malformed(`samples at ${start} past the end of the file`);
    if (length > 0) ranges.push({ start, length });
  }
  return ranges;
}

function readSampleTable(data: Buffer, stbl: Box): SampleTable {
  let sizes: SampleTable['sizes'] | undefined;
  let runs: SampleTable['runs'] | undefined;
  let chunkOffsets: number[] | undefined;
  for (const box of boxesIn(data, stbl.payload, stbl.end)) {
    if (box.type === 'stz2') throw new Malformed('compact sample sizes');
    if (!['stsz', 'stsc', 'stco', 'co64'].includes(box.type)) continue;
    const { fields } = fullBox(data, box);
    if (box.type === 'stsz') {
      const fixed = uint(data, fields, 4, box.end);
      const count = uint(data, fields + 4, 4, box.end);
      sizes = { fixed, count, table: fixed === 0 ? entries(data, box, fields + 8, count, 4) : [] };
    } else if (box.type === 'stsc') {
      const table = entries(data, box, fields + 4, uint(data, fields, 4, box.end) * 3, 4);
      runs = [];
      for (let i = 0; i < table.length; i += 3) {
        if (i > 0 && table[i]! <= table[i - 3]!) throw new Malformed('a sample-to-chunk table out of order');
        runs.push({ first: table[i]!, perChunk: table[i + 1]! });
      }
    } else if (box.type === 'stco' || box.type === 'co64') {
      const width = box.type === 'co64' ? 8 : 4;
      chunkOffsets = entries(data, box, fields + 4, uint(data, fields, 4, box.end), width);
    }
  }
  if (!sizes || !runs || !chunkOffsets) throw new Malformed('an incomplete sample table');
  return { sizes, runs, chunkOffsets };
}

/** `count` numbers of `width` bytes from `at`, all inside the box. */
function entries(data: Buffer, box: Box, at: number, count: number, width: number): number[] {
  if (at + count * width > box.end) throw new Malformed(`${box.type} lists more entries than it holds`);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = uint(data, at + i * width, width, box.end);
  return out;
}
