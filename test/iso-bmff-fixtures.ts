/**
 * Phone-like MP4 and HEIC files built box by box for tests: where a phone writes the place, the phone and the time,
 * with what each test needs to know about where things lie in the file.
 */

export const PLACE = '+01.2921+036.8219+1650.000/';
export const MAKE = 'TECNO';
export const MODEL = 'SPARK 10 Pro';
export const SOFTWARE = 'KI5q-H6915AB-T-GL-230412V1234';
export const TAKEN = '2026-11-14T09:41:07+0300';
/** What the file must not carry once cleaned. */
export const MARKERS = [PLACE, MAKE, MODEL, SOFTWARE, TAKEN, 'com.apple.quicktime.location.ISO6709'];

export const u8 = (n: number) => Buffer.from([n]);
export const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
export const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
export const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};
export const latin1 = (s: string) => Buffer.from(s, 'latin1');
export const cstring = (s: string) => Buffer.concat([Buffer.from(s, 'utf8'), u8(0)]);

export function box(type: string, ...parts: Buffer[]): Buffer {
  const payload = Buffer.concat(parts);
  return Buffer.concat([u32(8 + payload.length), latin1(type), payload]);
}

/** A box with the 64-bit size (the 32-bit one says 1). */
export function largeBox(type: string, ...parts: Buffer[]): Buffer {
  const payload = Buffer.concat(parts);
  return Buffer.concat([u32(1), latin1(type), u64(16 + payload.length), payload]);
}

export const fullBox = (type: string, version: number, flags: number, ...parts: Buffer[]) =>
  box(type, u8(version), u8(flags >> 16), u16(flags & 0xffff), ...parts);

const XMP_USER_TYPE = Buffer.from('be7acfcb97a942e89c71999491e3afac', 'hex');
export const xmpPacket = () =>
  `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description ` +
  `exif:GPSLatitude="1,17.526N" exif:GPSLongitude="36,49.314E" tiff:Make="${MAKE}" tiff:Model="${MODEL}" ` +
  `xmp:CreateDate="${TAKEN}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
export const xmpBox = () => box('uuid', XMP_USER_TYPE, latin1(xmpPacket()));

/** A creation and a modification time that are not zero (seconds since 1904). */
const WHEN = 3_846_000_000;
const matrix = Buffer.concat([
  u32(0x10000),
  u32(0),
  u32(0),
  u32(0),
  u32(0x10000),
  u32(0),
  u32(0),
  u32(0),
  u32(0x40000000),
]);

export const mvhd = () =>
  fullBox(
    'mvhd',
    0,
    0,
    u32(WHEN),
    u32(WHEN + 5),
    u32(1000),
    u32(3000),
    u32(0x10000),
    u16(0x100),
    Buffer.alloc(10),
    matrix,
    Buffer.alloc(24),
    u32(3),
  );
const mvhdV1 = () =>
  fullBox(
    'mvhd',
    1,
    0,
    u64(WHEN),
    u64(WHEN + 5),
    u32(1000),
    u64(3000),
    u32(0x10000),
    u16(0x100),
    Buffer.alloc(10),
    matrix,
    Buffer.alloc(24),
    u32(3),
  );
const tkhd = (id: number) =>
  fullBox(
    'tkhd',
    0,
    3,
    u32(WHEN),
    u32(WHEN + 5),
    u32(id),
    u32(0),
    u32(3000),
    Buffer.alloc(8),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    matrix,
    u32(1280 << 16),
    u32(720 << 16),
  );
const mdhd = (timescale: number) =>
  fullBox('mdhd', 0, 0, u32(WHEN), u32(WHEN + 5), u32(timescale), u32(3 * timescale), u16(0x55c4), u16(0));
const hdlr = (handler: string, name: string) =>
  fullBox('hdlr', 0, 0, u32(0), latin1(handler), Buffer.alloc(12), cstring(name));

/** QuickTime user data: ©xyz (the place), ©mak, ©mod, ©day, as Android phones write them. */
const qtText = (type: string, value: string) => box(type, u16(Buffer.byteLength(value)), u16(0x15c7), latin1(value));
export const movieUserData = () =>
  box(
    'udta',
    qtText('\xa9xyz', PLACE),
    qtText('\xa9mak', MAKE),
    qtText('\xa9mod', MODEL),
    qtText('\xa9day', TAKEN),
    u32(0),
  );

/** Apple's metadata: keys named in `keys`, their values in `ilst` by index (QuickTime's meta is no full box). */
export function appleMetadata(): Buffer {
  const entries: Array<[string, string]> = [
    ['com.apple.quicktime.location.ISO6709', PLACE],
    ['com.apple.quicktime.make', MAKE],
    ['com.apple.quicktime.model', MODEL],
    ['com.apple.quicktime.software', SOFTWARE],
    ['com.apple.quicktime.creationdate', TAKEN],
  ];
  const keys = fullBox(
    'keys',
    0,
    0,
    u32(entries.length),
    ...entries.map(([key]) => Buffer.concat([u32(8 + key.length), latin1('mdta'), latin1(key)])),
  );
  const values = entries.map(([, value], i) =>
    Buffer.concat([u32(8 + 16 + value.length), u32(i + 1), box('data', u32(1), u32(0), latin1(value))]),
  );
  return box('meta', hdlr('mdta', ''), keys, box('ilst', ...values));
}

export interface Samples {
  sizes: number[];
  /** Where the track's one chunk starts in the file. */
  offset: number;
  co64: boolean;
}

function sampleTable(entry: Buffer, samples: Samples): Buffer {
  const { sizes, offset, co64 } = samples;
  return box(
    'stbl',
    fullBox('stsd', 0, 0, u32(1), entry),
    fullBox('stts', 0, 0, u32(1), u32(sizes.length), u32(1000)),
    fullBox('stsc', 0, 0, u32(1), u32(1), u32(sizes.length), u32(1)),
    fullBox('stsz', 0, 0, u32(0), u32(sizes.length), ...sizes.map(u32)),
    co64 ? fullBox('co64', 0, 0, u32(1), u64(offset)) : fullBox('stco', 0, 0, u32(1), u32(offset)),
  );
}

const dinf = () => box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
const videoEntry = () =>
  box(
    'avc1',
    Buffer.alloc(6),
    u16(1),
    Buffer.alloc(16),
    u16(1280),
    u16(720),
    u32(0x480000),
    u32(0x480000),
    u32(0),
    u16(1),
    Buffer.alloc(32),
    u16(24),
    u16(0xffff),
    box('avcC', Buffer.from([1, 0x64, 0, 0x1f, 0xff, 0xe0, 0])),
  );

export function videoTrack(samples: Samples, trackMetadata = true): Buffer {
  const media = box(
    'mdia',
    mdhd(30000),
    hdlr('vide', 'VideoHandle'),
    box('minf', fullBox('vmhd', 0, 1, Buffer.alloc(8)), dinf(), sampleTable(videoEntry(), samples)),
  );
  const trackMeta = trackMetadata ? [box('udta', qtText('\xa9mod', MODEL)), appleMetadata()] : [];
  return box('trak', tkhd(1), media, ...trackMeta);
}

/** A timed metadata track (as action cameras and some phones write): its samples carry the place. */
export function metadataTrack(samples: Samples): Buffer {
  const entry = box(
    'mebx',
    Buffer.alloc(6),
    u16(1),
    box('keys', box('\0\0\0\x01', box('keyd', latin1('mdta'), latin1('com.apple.quicktime.location.ISO6709')))),
  );
  const media = box(
    'mdia',
    mdhd(600),
    hdlr('meta', 'MetadataHandler'),
    box('minf', box('nmhd', u32(0)), dinf(), sampleTable(entry, samples)),
  );
  return box('trak', tkhd(2), media);
}

export interface Layout {
  file: Buffer;
  /** Where each named part lies in the file: [start, end). */
  at: Record<string, [number, number]>;
}

export function lay(parts: Array<[string, Buffer]>): Layout {
  const at: Layout['at'] = {};
  let offset = 0;
  for (const [name, part] of parts) {
    at[name] = [offset, offset + part.length];
    offset += part.length;
  }
  return { file: Buffer.concat(parts.map(([, part]) => part)), at };
}

export interface VideoOptions {
  /** moov before mdat, as a phone writes for streaming ("fast start"). */
  moovFirst?: boolean;
  co64?: boolean;
  /** An XMP uuid box at the top of the file rather than in moov. */
  xmpAtTop?: boolean;
  metadataTrack?: boolean;
  version1Header?: boolean;
}

export const VIDEO_SAMPLES = [180, 64, 96];
export const PLACE_SAMPLES = [48, 48];

/** An MP4 as a phone records it, and where its parts lie. */
export function phoneVideo(options: VideoOptions = {}): Layout {
  const ftyp = box('ftyp', latin1('isom'), u32(0x200), latin1('isomiso2avc1mp41'));
  const video = Buffer.alloc(
    VIDEO_SAMPLES.reduce((a, b) => a + b),
    0x5a,
  );
  video.write('frame data, not metadata', 3, 'latin1');
  const places = Buffer.concat(
    PLACE_SAMPLES.map((n) => Buffer.concat([latin1(PLACE), Buffer.alloc(n - PLACE.length, 0x20)])),
  );
  const mdat = (large: boolean) =>
    (large ? largeBox : box)('mdat', video, options.metadataTrack ? places : Buffer.alloc(0));
  const moov = (mdatPayload: number) =>
    box(
      'moov',
      options.version1Header ? mvhdV1() : mvhd(),
      videoTrack({ sizes: VIDEO_SAMPLES, offset: mdatPayload, co64: options.co64 ?? false }),
      ...(options.metadataTrack
        ? [metadataTrack({ sizes: PLACE_SAMPLES, offset: mdatPayload + video.length, co64: false })]
        : []),
      movieUserData(),
      appleMetadata(),
      ...(options.xmpAtTop ? [] : [xmpBox()]),
    );
  const top = options.xmpAtTop ? [['uuid', xmpBox()] as [string, Buffer]] : [];
  const large = options.co64 ?? false;
  const header = large ? 16 : 8;
  if (options.moovFirst) {
    const moovLength = moov(0).length;
    const start = ftyp.length + top.reduce((n, [, b]) => n + b.length, 0) + moovLength + header;
    return lay([['ftyp', ftyp], ...top, ['moov', moov(start)], ['mdat', mdat(large)]]);
  }
  const start = ftyp.length + top.reduce((n, [, b]) => n + b.length, 0) + header;
  return lay([['ftyp', ftyp], ...top, ['mdat', mdat(large)], ['moov', moov(start)]]);
}

/** Exif as a HEIF item holds it: the offset of the TIFF header, then "Exif\0\0" and the TIFF structure. */
export function exifItem(): Buffer {
  const tiff = Buffer.concat([latin1('MM\0*\0\0\0\x08'), latin1(`GPS ${PLACE} ${MAKE} ${MODEL} ${TAKEN} ${SOFTWARE}`)]);
  return Buffer.concat([u32(6), latin1('Exif\0\0'), tiff]);
}

export interface PhotoOptions {
  ilocVersion?: 0 | 1 | 2;
  /** Bytes of each iloc offset and length field. */
  fieldSize?: 4 | 8;
  /** The Exif item in two extents of mdat, as some writers split it. */
  splitExif?: boolean;
  /** The XMP item's content encoding (`deflate`: stored compressed). */
  xmpEncoding?: string;
}

/** A HEIC as an iPhone writes it: the picture, an Exif item in mdat and XMP in idat. */
export function phonePhoto(options: PhotoOptions = {}): Layout & { picture: [number, number]; exif: Buffer } {
  const version = options.ilocVersion ?? 1;
  const size = options.fieldSize ?? 4;
  const picture = Buffer.alloc(400, 0x26);
  picture.write('HEVC picture', 0, 'latin1');
  const exif = exifItem();
  const xmp = latin1(xmpPacket());
  const num = (n: number, bytes: number) => (bytes === 8 ? u64(n) : bytes === 4 ? u32(n) : Buffer.alloc(0));
  const id = (n: number) => (version === 2 ? u32(n) : u16(n));
  const infe = (item: number, type: string, ...rest: Buffer[]) =>
    fullBox('infe', 2, 0, u16(item), u16(0), latin1(type), cstring(''), ...rest);
  const iinf = fullBox(
    'iinf',
    0,
    0,
    u16(3),
    infe(1, 'hvc1'),
    infe(2, 'Exif'),
    infe(3, 'mime', cstring('application/rdf+xml'), ...(options.xmpEncoding ? [cstring(options.xmpEncoding)] : [])),
  );
  const half = Math.floor(exif.length / 2);
  // version 0 has no construction method: XMP goes in mdat after Exif rather than in idat
  const xmpInIdat = version > 0;
  const iloc = (mdatPayload: number) => {
    const method = (m: number) => (version === 0 ? Buffer.alloc(0) : u16(m));
    const extent = (offset: number, length: number) => Buffer.concat([num(offset, size), num(length, size)]);
    const exifExtents = options.splitExif
      ? [extent(picture.length + exif.length - half, half), extent(picture.length, exif.length - half)]
      : [extent(picture.length, exif.length)];
    const item = (n: number, m: number, base: number, extents: Buffer[]) =>
      Buffer.concat([id(n), method(m), u16(0), num(base, size), u16(extents.length), ...extents]);
    return fullBox(
      'iloc',
      version,
      0,
      u16((size << 12) | (size << 8) | (size << 4)),
      version === 2 ? u32(3) : u16(3),
      item(1, 0, mdatPayload, [extent(0, picture.length)]),
      item(2, 0, mdatPayload, exifExtents),
      xmpInIdat
        ? item(3, 1, 0, [extent(0, xmp.length)])
        : item(3, 0, mdatPayload, [extent(picture.length + exif.length, xmp.length)]),
    );
  };
  const exifData = options.splitExif ? Buffer.concat([exif.subarray(half), exif.subarray(0, half)]) : exif;
  const meta = (mdatPayload: number) =>
    fullBox(
      'meta',
      0,
      0,
      hdlr('pict', ''),
      fullBox('pitm', 0, 0, u16(1)),
      iinf,
      iloc(mdatPayload),
      ...(xmpInIdat ? [box('idat', xmp)] : []),
      box(
        'iprp',
        box('ipco', fullBox('ispe', 0, 0, u32(64), u32(64))),
        fullBox('ipma', 0, 0, u32(1), u16(1), u8(1), u8(0x81)),
      ),
    );
  const ftyp = box('ftyp', latin1('heic'), u32(0), latin1('mif1heicmiaf'));
  const start = ftyp.length + meta(0).length + 8;
  const mdat = box('mdat', picture, exifData, xmpInIdat ? Buffer.alloc(0) : xmp);
  const layout = lay([
    ['ftyp', ftyp],
    ['meta', meta(start)],
    ['mdat', mdat],
  ]);
  return { ...layout, picture: [start, start + picture.length], exif };
}
