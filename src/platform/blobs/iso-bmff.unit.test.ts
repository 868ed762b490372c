import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertNoMarkers, clean, walk } from '../../../test/iso-bmff-checks.ts';
import {
  box,
  latin1,
  MARKERS,
  phonePhoto,
  phoneVideo,
  PLACE,
  VIDEO_SAMPLES,
  type Layout,
} from '../../../test/iso-bmff-fixtures.ts';
import { planCleaning } from './iso-bmff-clean.ts';
import { bufferSource } from './iso-bmff.ts';
import { patchBuffer, patchStream } from './patches.ts';

const METADATA = /^\/(moov\/((trak|trak\/mdia)\/)?)?(udta|meta|uuid|free|skip)$/;

/** Where a cleaned movie may differ from the file as received: metadata boxes, and the header's two dates. */
function allowedChanges(file: Buffer): Array<[number, number]> {
  return walk(file).flatMap(({ path, type, start, end }): Array<[number, number]> => {
    if (METADATA.test(path) && !(path === '/meta')) return [[start + 4, end]];
    if (type === 'mvhd' || type === 'tkhd' || type === 'mdhd') {
      const width = file[start + 8] === 1 ? 8 : 4;
      return [[start + 12, start + 12 + 2 * width]];
    }
    return [];
  });
}

function assertOnlyChanged(before: Buffer, after: Buffer, allowed: Array<[number, number]>): void {
  assert.equal(after.length, before.length, 'same length');
  for (let i = 0; i < before.length; i++) {
    if (before[i] !== after[i] && !allowed.some(([s, e]) => i >= s && i < e)) {
      assert.fail(`byte ${i} changed outside metadata`);
    }
  }
}

/** The offset of the TIFF header (0), a big-endian TIFF header, a first directory with no entries and no next. */
const EMPTY_EXIF = Buffer.from([0, 0, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0]);

const EMPTY_XMP = latin1(
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/><?xpacket end="w"?>',
);

const part = (layout: Layout, name: string, file = layout.file) => file.subarray(...layout.at[name]!);

describe('MP4, QuickTime and 3GP recordings', () => {
  const variants = [
    { name: 'moov before mdat (fast start), stco', options: { moovFirst: true } },
    { name: 'mdat before moov, stco', options: { moovFirst: false } },
    { name: 'mdat with a 64-bit size before moov, co64', options: { co64: true } },
    {
      name: 'moov first, 64-bit mdat, co64, version 1 header',
      options: { moovFirst: true, co64: true, version1Header: true },
    },
    { name: 'XMP in a uuid box at the top of the file', options: { moovFirst: true, xmpAtTop: true } },
  ];
  for (const { name, options } of variants) {
    test(`${name}: no place, phone or date left; same length; samples and offsets untouched`, async () => {
      const layout = phoneVideo(options);
      for (const marker of MARKERS) assert.ok(layout.file.includes(latin1(marker)), `the fixture carries ${marker}`);
      const out = await clean(layout.file, 'movie');
      assertNoMarkers(out);
      assert.equal(out.length, layout.file.length);
      assert.deepEqual(part(layout, 'mdat', out), part(layout, 'mdat'), 'the recording is untouched');
      assert.deepEqual(part(layout, 'ftyp', out), part(layout, 'ftyp'));
      assertOnlyChanged(layout.file, out, allowedChanges(layout.file));

      const before = walk(layout.file);
      const after = walk(out);
      assert.equal(after.length, before.length, 'no box moved');
      for (const [i, found] of before.entries()) {
        const now = after[i]!;
        assert.deepEqual([now.start, now.end], [found.start, found.end]);
        if (/(stco|co64|stsz|stsc|stsd|stts|hdlr)$/.test(found.path)) {
          assert.deepEqual(out.subarray(now.start, now.end), layout.file.subarray(found.start, found.end), found.path);
        }
        if (METADATA.test(found.path)) {
          assert.equal(now.type, 'free', `${found.path} is free`);
          const header = layout.file.readUInt32BE(found.start) === 1 ? 16 : 8;
          assert.ok(
            out.subarray(now.start + header, now.end).every((b) => b === 0),
            `${found.path} is empty`,
          );
        }
        if (/(mvhd|tkhd|mdhd)$/.test(found.path)) {
          const width = out[now.start + 8] === 1 ? 8 : 4;
          assert.ok(
            out.subarray(now.start + 12, now.start + 12 + 2 * width).every((b) => b === 0),
            'dates zeroed',
          );
        }
      }
      const cleaned = before.filter((f) => METADATA.test(f.path)).map((f) => f.path);
      assert.ok(
        cleaned.includes('/moov/udta') && cleaned.includes('/moov/meta') && cleaned.includes('/moov/trak/meta'),
      );
    });
  }

  test('a timed metadata track has its samples zeroed; the video samples are not touched', async () => {
    const layout = phoneVideo({ moovFirst: true, metadataTrack: true });
    const out = await clean(layout.file, 'movie');
    // the track's sample description still names the key it carries, not its value
    assertNoMarkers(out, MARKERS.slice(0, -1));
    const [mdatStart] = layout.at['mdat']!;
    const video = VIDEO_SAMPLES.reduce((a, b) => a + b);
    const videoBytes: [number, number] = [mdatStart + 8, mdatStart + 8 + video];
    assert.deepEqual(out.subarray(...videoBytes), layout.file.subarray(...videoBytes));
    assert.ok(out.subarray(videoBytes[1], layout.at['mdat']![1]).every((b) => b === 0));
  });

  test('free space is emptied too: an editor may have let go of metadata there without erasing it', async () => {
    const { file } = phoneVideo({ moovFirst: false });
    const leftover = box('free', latin1(`\xa9xyz ${PLACE}`));
    const out = await clean(Buffer.concat([file, leftover]), 'movie');
    assertNoMarkers(out);
    assert.deepEqual(out.subarray(file.length, file.length + 8), leftover.subarray(0, 8));
  });

  test('cleaning a cleaned file changes nothing more', async () => {
    const once = await clean(phoneVideo({ moovFirst: true, metadataTrack: true }).file, 'movie');
    assert.deepEqual(await clean(once, 'movie'), once);
  });

  test('the streamed copy, in chunks of any size, is the same as the whole file patched', async () => {
    const { file } = phoneVideo({ moovFirst: true, metadataTrack: true, xmpAtTop: true });
    const plan = await planCleaning(bufferSource(file), 'movie');
    assert.ok(plan.ok);
    const whole = patchBuffer(file, plan.patches);
    for (const size of [1, 7, 64, 4096]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < file.length; at += size) chunks.push(file.subarray(at, at + size));
      const out: Buffer[] = [];
      await pipeline(Readable.from(chunks), patchStream(plan.patches), async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) out.push(chunk);
      });
      assert.deepEqual(Buffer.concat(out), whole, `chunks of ${size}`);
      assert.ok(
        chunks.every((c, i) => c.equals(file.subarray(i * size, i * size + size))),
        'the input is not changed',
      );
    }
  });

  test('a last box that runs to the end of the file (size 0) is read', async () => {
    const layout = phoneVideo({ moovFirst: true });
    const file = Buffer.from(layout.file);
    file.writeUInt32BE(0, layout.at['mdat']![0]);
    const out = await clean(file, 'movie');
    assertNoMarkers(out);
    assert.deepEqual(part(layout, 'mdat', out), part(layout, 'mdat', file));
  });
});

describe('HEIC and HEIF photos', () => {
  const variants = [
    { ilocVersion: 0 as const, fieldSize: 4 as const },
    { ilocVersion: 1 as const, fieldSize: 4 as const },
    { ilocVersion: 1 as const, fieldSize: 8 as const, splitExif: true },
    { ilocVersion: 2 as const, fieldSize: 8 as const },
  ];
  for (const options of variants) {
    test(`iloc version ${options.ilocVersion}, ${options.fieldSize}-byte offsets${options.splitExif ? ', Exif in two extents' : ''}`, async () => {
      const photo = phonePhoto(options);
      for (const marker of MARKERS.slice(0, 5)) assert.ok(photo.file.includes(latin1(marker)));
      const out = await clean(photo.file, 'photo');
      assertNoMarkers(out);
      assert.equal(out.length, photo.file.length);
      assert.deepEqual(
        out.subarray(...photo.picture),
        photo.file.subarray(...photo.picture),
        'the picture is untouched',
      );
      assert.deepEqual(part(photo, 'ftyp', out), part(photo, 'ftyp'));
      const [metaStart, metaEnd] = photo.at['meta']!;
      const idat = walk(photo.file, metaStart + 12, metaEnd).find((f) => f.type === 'idat');
      for (let i = metaStart; i < metaEnd; i++) {
        if (out[i] !== photo.file[i])
          assert.ok(idat && i >= idat.start + 8 && i < idat.end, 'only idat content changes');
      }
      if (!options.splitExif) {
        const [, pictureEnd] = photo.picture;
        const item = out.subarray(pictureEnd, pictureEnd + photo.exif.length);
        assert.deepEqual(item.subarray(0, 18), EMPTY_EXIF, 'the Exif item holds an empty Exif');
        assert.ok(item.subarray(18).every((b) => b === 0));
      }
    });
  }

  test('an XMP item becomes an empty XMP packet; one stored compressed is zeroed', async () => {
    for (const [xmpEncoding, lead] of [
      ['', EMPTY_XMP],
      ['deflate', Buffer.alloc(0)],
    ] as const) {
      const photo = phonePhoto({ ilocVersion: 1, xmpEncoding });
      const out = await clean(photo.file, 'photo');
      const [metaStart, metaEnd] = photo.at['meta']!;
      const idat = walk(out, metaStart + 12, metaEnd).find((f) => f.type === 'idat')!;
      const item = out.subarray(idat.start + 8, idat.end);
      assert.deepEqual(item.subarray(0, lead.length), lead);
      assert.ok(item.subarray(lead.length).every((b) => b === 0));
    }
  });

  test('an Exif item in two extents becomes one empty Exif spread over them', async () => {
    const photo = phonePhoto({ splitExif: true });
    const out = await clean(photo.file, 'photo');
    const [, pictureEnd] = photo.picture;
    const half = Math.floor(photo.exif.length / 2);
    // the item's first extent is the second part of mdat after the picture
    const first = out.subarray(pictureEnd + photo.exif.length - half, pictureEnd + photo.exif.length);
    const second = out.subarray(pictureEnd, pictureEnd + photo.exif.length - half);
    const item = Buffer.concat([first, second]);
    assert.deepEqual(item.subarray(0, 18), EMPTY_EXIF);
    assert.ok(item.subarray(18).every((b) => b === 0));
  });
});
