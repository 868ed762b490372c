import { constants, inflateRawSync } from 'node:zlib';

/**
 * What an uploaded PDF may unpack to before pdf-lib is let near it. pdf-lib inflates every
 * compressed stream in full, in JavaScript, on the event loop: a 1.9 MB PDF whose object stream
 * inflates to 1.9 GB held Sauti for 40 s and took it to 3.1 GB of resident memory. A receipt PDF
 * unpacks to a few kilobytes; this allows far more and refuses the rest, checked with zlib (in C,
 * and stopping at the bound) before any parse.
 */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;
const MAX_LAYERS = 4;

/** Filters pdf-lib decodes that expand without zlib's help (looked for with #xx escapes in names undone, as pdf-lib reads them). */
const FORBIDDEN = /LZWDecode|RunLengthDecode/;

/** True when every stream in the PDF (and every stream inside those) inflates within MAX_INFLATED_BYTES in all. */
export function unpacksWithinBounds(bytes: Uint8Array): boolean {
  const budget = { left: MAX_INFLATED_BYTES };
  return withinBounds(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), budget, 0);
}

function withinBounds(data: Buffer, budget: { left: number }, layer: number): boolean {
  if (layer > MAX_LAYERS) return false;
  if (FORBIDDEN.test(textOutsideStreams(data))) return false;
  // a stream's data may itself be compressed again (a chain of filters)
  if (layer > 0 && looksDeflated(data) && !inflatesWithin(data, budget, layer)) return false;
  for (let at = 0; ;) {
    const start = data.indexOf('stream', at, 'latin1');
    if (start < 0) return true;
    let body = start + 6;
    if (data[body] === 0x0d) body++;
    if (data[body] === 0x0a) body++;
    const found = data.indexOf('endstream', body, 'latin1');
    const end = found < 0 ? data.length : found;
    at = end + 9;
    const stream = data.subarray(body, end);
    if (looksDeflated(stream) && !inflatesWithin(stream, budget, layer)) return false;
  }
}

/** The zlib header pdf-lib accepts for FlateDecode (it does not look at the window size, so neither does this). */
function looksDeflated(data: Buffer): boolean {
  if (data.length < 2) return false;
  const cmf = data[0]!;
  const flg = data[1]!;
  return (cmf & 0x0f) === 8 && ((cmf << 8) + flg) % 31 === 0 && (flg & 0x20) === 0;
}

function inflatesWithin(stream: Buffer, budget: { left: number }, layer: number): boolean {
  let out: Buffer;
  try {
    // a truncated stream gives what it has, as pdf-lib would
    out = inflateRawSync(stream.subarray(2), {
      maxOutputLength: Math.max(1, budget.left),
      finishFlush: constants.Z_SYNC_FLUSH,
    });
  } catch {
    // too large, or damaged in a way pdf-lib's more lenient inflater might read on past
    return false;
  }
  budget.left -= out.length;
  return budget.left >= 0 && withinBounds(out, budget, layer + 1);
}

/** The PDF's text with the bodies of its streams left out (binary data would match anything) and name escapes undone. */
function textOutsideStreams(data: Buffer): string {
  const text = data.toString('latin1');
  return text
    .replace(/stream\r?\n[\s\S]*?endstream/g, 'stream endstream')
    .replace(/#([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
