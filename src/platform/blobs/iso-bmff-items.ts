import { boxAt, boxesIn, fullBox, Malformed, uint, type Box } from './iso-bmff.ts';
import type { Patch } from './patches.ts';

/**
 * A HEIF photo (HEIC from iPhones) keeps its metadata as items of the file-level `meta` box, listed in `iinf` and
 * located by `iloc` in `mdat` or in `meta`'s own `idat` (ISO/IEC 23008-12): an `Exif` item (GPS position, make
 * and model, dates) and XMP, a `mime` item of type application/rdf+xml. Their bytes are overwritten where they lie;
 * the boxes that describe the items, and every other item, stay as they are.
 */

/** Exif, plain XMP, or XMP stored compressed (`content_encoding`), which gets zeros only. */
type Kind = 'exif' | 'xmp' | 'encoded';

interface Extent {
  offset: number;
  length: number;
}

interface Location {
  item: number;
  method: number;
  dataReference: number;
  base: number;
  extents: Extent[];
}

/**
 * An Exif item becomes one that holds nothing: the 32-bit offset of its TIFF header (0: right after it) and a TIFF
 * header whose first directory has no entries. Readers that parse an item's Exif find a valid, empty one rather
 * than zeros they may refuse; everything after it is zeroed.
 */
const EMPTY_EXIF = Buffer.from([0, 0, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0]);

/** Likewise an XMP item becomes an empty XMP packet, zeros after it. */
const EMPTY_XMP = Buffer.from(
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/><?xpacket end="w"?>',
  'latin1',
);
const LEAD: Record<Kind, Buffer> = { exif: EMPTY_EXIF, xmp: EMPTY_XMP, encoded: Buffer.alloc(0) };

/**
 * What to overwrite for the items of a `meta` box read into `data`, which starts at `fileOffset`. Undefined when the
 * box lists no items (it is not a HEIF item box).
 */
export function cleanItems(data: Buffer, fileOffset: number, fileSize: number): Patch[] | undefined {
  const meta = boxAt(data, 0, data.length);
  const children = new Map<string, Box>();
  for (const box of boxesIn(data, fullBox(data, meta).fields, meta.end)) {
    if (!children.has(box.type)) children.set(box.type, box);
  }
  const iinf = children.get('iinf');
  if (!iinf) return undefined;
  const kinds = metadataItems(data, iinf);
  if (kinds.size === 0) return [];
  const iloc = children.get('iloc');
  if (!iloc) throw new Malformed('metadata items without locations');
  const idat = children.get('idat');
  const within = { fileSize, idat: idat && { start: fileOffset + idat.payload, end: fileOffset + idat.end } };
  const cleaned: Array<{ kind: Kind; ranges: Extent[] }> = [];
  // the item boxes themselves, around the idat where an item may lie
  const boxes = within.idat ?? { start: fileOffset + meta.end, end: fileOffset + meta.end };
  const others: Extent[] = [
    { offset: fileOffset, length: boxes.start - fileOffset },
    { offset: boxes.end, length: fileOffset + meta.end - boxes.end },
  ];
  for (const location of locations(data, iloc)) {
    const kind = kinds.get(location.item);
    if (kind) cleaned.push({ kind, ranges: inFile(location, within) });
    else others.push(...otherItem(location, within));
  }
  for (const { ranges } of cleaned) {
    if (ranges.some((r) => others.some((o) => r.offset < o.offset + o.length && o.offset < r.offset + r.length))) {
      throw new Malformed('a metadata item overlaps the picture or the item boxes');
    }
  }
  return cleaned.flatMap(({ kind, ranges }) => overwrite(ranges, LEAD[kind]));
}

/** Where another item's bytes lie, as far as they can be told: metadata is never overwritten where they are. */
function otherItem(location: Location, within: Within): Extent[] {
  try {
    return inFile(location, within);
  } catch {
    return [];
  }
}

/** From `iinf`: which items are Exif and which XMP. */
function metadataItems(data: Buffer, iinf: Box): Map<number, Kind> {
  const { version, fields } = fullBox(data, iinf);
  const kinds = new Map<number, Kind>();
  for (const infe of boxesIn(data, fields + (version === 0 ? 2 : 4), iinf.end)) {
    if (infe.type !== 'infe') continue;
    const entry = itemInfo(data, infe);
    if (entry.type === 'Exif') kinds.set(entry.item, 'exif');
    const contentType = entry.contentType.split(';')[0]!.trim().toLowerCase();
    if (contentType === 'application/rdf+xml' || contentType === 'application/xmp+xml') {
      kinds.set(entry.item, entry.encoding === '' ? 'xmp' : 'encoded');
    }
  }
  return kinds;
}

/** An `infe` box: versions 0 and 1 name a content type only; 2 and 3 an item type, and a content type for `mime`. */
function itemInfo(data: Buffer, infe: Box): { item: number; type: string; contentType: string; encoding: string } {
  const { version, fields } = fullBox(data, infe);
  if (version > 3) throw new Malformed(`infe version ${version}`);
  const idBytes = version === 3 ? 4 : 2;
  const item = uint(data, fields, idBytes, infe.end);
  let at = fields + idBytes + 2;
  let type = '';
  if (version >= 2) {
    uint(data, at, 4, infe.end);
    type = data.toString('latin1', at, at + 4);
    at += 4;
  }
  const name = text(data, at, infe.end);
  if (version >= 2 && type !== 'mime') return { item, type, contentType: '', encoding: '' };
  const contentType = text(data, name.next, infe.end);
  const encoding = contentType.next < infe.end ? text(data, contentType.next, infe.end).value : '';
  return { item, type, contentType: contentType.value, encoding };
}

/** A null-terminated UTF-8 string; a missing terminator ends it at the box's end. */
function text(data: Buffer, at: number, end: number): { value: string; next: number } {
  if (at > end) throw new Malformed(`a string at ${at} past its box`);
  const nul = data.subarray(at, end).indexOf(0);
  const stop = nul === -1 ? end : at + nul;
  return { value: data.toString('utf8', at, stop), next: Math.min(stop + 1, end) };
}

/** Far more extents than a photo's items have (a grid of tiles has hundreds). */
const MAX_EXTENTS = 100_000;

/** The `iloc` box: field widths come from its header and depend on its version. */
function locations(data: Buffer, iloc: Box): Location[] {
  const { version, fields } = fullBox(data, iloc);
  if (version > 2) throw new Malformed(`iloc version ${version}`);
  const widths = uint(data, fields, 2, iloc.end);
  const [offsetSize, lengthSize, baseSize, indexSize] = [
    widths >> 12,
    (widths >> 8) & 15,
    (widths >> 4) & 15,
    widths & 15,
  ];
  for (const size of [offsetSize, lengthSize, baseSize, version === 0 ? 0 : indexSize]) {
    if (size !== 0 && size !== 4 && size !== 8) throw new Malformed(`an iloc field of ${size} bytes`);
  }
  let at = fields + 2;
  const read = (bytes: number) => {
    const value = uint(data, at, bytes, iloc.end);
    at += bytes;
    return value;
  };
  const wide = version === 2 ? 4 : 2;
  const count = read(wide);
  const out: Location[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const item = read(wide);
    const method = version === 0 ? 0 : read(2) & 15;
    const dataReference = read(2);
    const base = read(baseSize);
    const extents: Extent[] = [];
    for (let e = read(2); e > 0; e--) {
      if (++total > MAX_EXTENTS) throw new Malformed('too many item extents');
      if (version > 0) read(indexSize);
      extents.push({ offset: read(offsetSize), length: read(lengthSize) });
    }
    out.push({ item, method, dataReference, base, extents });
  }
  return out;
}

interface Within {
  fileSize: number;
  idat: { start: number; end: number } | undefined;
}

/** Where an item's extents lie in the file: method 0 counts from the file's start, 1 from the start of `idat`. */
function inFile(location: Location, { fileSize, idat }: Within): Extent[] {
  const { item, method } = location;
  if (location.dataReference !== 0) throw new Malformed(`item ${item} is stored by reference`);
  if (method > 1) throw new Malformed(`item ${item} is located by construction method ${method}`);
  const within = method === 0 ? { start: 0, end: fileSize } : idat;
  if (!within) throw new Malformed(`item ${item} is in an idat box there is not`);
  return location.extents.map(({ offset, length }) => {
    const start = within.start + location.base + offset;
    // a length of 0 means the rest of the data the extent is in
    const size = length === 0 ? within.end - start : length;
    if (size < 0 || start + size > within.end) throw new Malformed(`item ${item} lies outside its data`);
    return { offset: start, length: size };
  });
}

/** Writes `lead` over the start of an item's bytes, spread over its extents in order, and zeros over the rest. */
function overwrite(ranges: Extent[], lead: Buffer): Patch[] {
  const total = ranges.reduce((sum, r) => sum + r.length, 0);
  const head = total >= lead.length ? lead : Buffer.alloc(0);
  const patches: Patch[] = [];
  let written = 0;
  for (const { offset, length } of ranges) {
    const part = Math.max(0, Math.min(length, head.length - written));
    if (part > 0) patches.push({ start: offset, length: part, data: head.subarray(written, written + part) });
    if (length > part) patches.push({ start: offset + part, length: length - part });
    written += part;
  }
  return patches;
}
