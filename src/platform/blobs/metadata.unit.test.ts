import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { assertNoMarkers, clean, couldNotClean, walk } from '../../../test/iso-bmff-checks.ts';
import { box, fullBox, latin1, phonePhoto, phoneVideo, u32, u64 } from '../../../test/iso-bmff-fixtures.ts';
import { BlobStore } from './index.ts';
import { planCleaning, type Expected } from './iso-bmff-clean.ts';
import { bufferSource } from './iso-bmff.ts';
import { storeWithoutMetadata } from './metadata.ts';
import { patchBuffer } from './patches.ts';

describe('a file that cannot be read is not cleaned, and nothing throws', () => {
  test('garbage, an empty file, and another type', async () => {
    await couldNotClean(Buffer.alloc(0), 'movie');
    await couldNotClean(Buffer.from('this is not a video at all, only text that goes on'), 'movie');
    await couldNotClean(phonePhoto().file, 'movie');
    await couldNotClean(phoneVideo().file, 'photo');
  });

  test('a file cut short anywhere inside a box', async () => {
    for (const layout of [phoneVideo({ moovFirst: true }), phoneVideo({ co64: true }), phonePhoto()]) {
      const expected: Expected = layout.at['moov'] ? 'movie' : 'photo';
      const ends = new Set(Object.values(layout.at).map(([, end]) => end));
      for (let cut = 1; cut < layout.file.length; cut++) {
        if (ends.has(cut)) continue;
        await couldNotClean(layout.file.subarray(0, cut), expected);
      }
    }
  });

  test('sizes that do not add up', async () => {
    const ftyp = box('ftyp', latin1('isom'), u32(0));
    const cases = [
      Buffer.concat([ftyp, u32(4), latin1('moov')]),
      Buffer.concat([ftyp, u32(1), latin1('moov'), u64(2 ** 60)]),
      Buffer.concat([ftyp, u32(1), latin1('moov'), u64(12)]),
      Buffer.concat([ftyp, box('moov', u32(64), latin1('udta'))]),
      Buffer.concat([ftyp, box('moov', box('trak', u32(3), latin1('tkhd')))]),
      Buffer.concat([ftyp, box('moov', fullBox('mvhd', 0, 0, u32(1)))]),
      Buffer.concat([ftyp, box('moov', fullBox('mvhd', 7, 0, Buffer.alloc(96)))]),
      Buffer.concat([ftyp, box('moov', box('cmov', Buffer.alloc(20)))]),
      Buffer.concat([phoneVideo().file, latin1('trail')]),
    ];
    for (const file of cases) await couldNotClean(file, 'movie');
  });

  test('item locations that do not add up', async () => {
    const photo = phonePhoto({ ilocVersion: 1 });
    const iloc = walk(photo.file, photo.at['meta']![0] + 12, photo.at['meta']![1]).find((f) => f.type === 'iloc')!;
    const mutate = (at: number, bytes: Buffer) => {
      const file = Buffer.from(photo.file);
      bytes.copy(file, at);
      return file;
    };
    const fields = iloc.start + 12;
    // field sizes of 3 bytes; an extent past the end of the file; the Exif item over the picture
    await couldNotClean(mutate(fields, Buffer.from([0x33, 0x30])), 'photo');
    const exifExtent = fields + 2 + 2 + (2 + 2 + 2 + 4 + 2 + 8) + (2 + 2 + 2 + 4 + 2);
    await couldNotClean(mutate(exifExtent, u32(photo.file.length)), 'photo');
    await couldNotClean(mutate(exifExtent, u32(0)), 'photo');
  });

  test('a timed metadata track whose sample table cannot be read', async () => {
    const layout = phoneVideo({ moovFirst: true, metadataTrack: true });
    const stsz = walk(layout.file).filter((f) => f.type === 'stsz')[1]!;
    const file = Buffer.from(layout.file);
    file.write('stz2', stsz.start + 4, 'latin1');
    await couldNotClean(file, 'movie');
  });

  test('a timed metadata track whose samples would lie inside the movie header', async () => {
    const layout = phoneVideo({ moovFirst: true, metadataTrack: true });
    const stco = walk(layout.file).filter((f) => f.type === 'stco')[1]!;
    const file = Buffer.from(layout.file);
    file.writeUInt32BE(layout.at['moov']![0] + 8, stco.start + 16);
    await couldNotClean(file, 'movie');
  });

  test('a flood of tiny boxes is refused rather than walked for ever', async () => {
    const free = box('free');
    const file = Buffer.concat([box('ftyp', latin1('isom'), u32(0)), ...Array.from({ length: 20_001 }, () => free)]);
    await couldNotClean(file, 'movie');
  });

  test('random damage never throws, and whatever is cleaned keeps its length', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const originals: Array<[Buffer, Expected]> = [
      [phoneVideo({ moovFirst: true, metadataTrack: true }).file, 'movie'],
      [phonePhoto({ ilocVersion: 2, fieldSize: 8 }).file, 'photo'],
    ];
    for (let round = 0; round < 3000; round++) {
      const [original, expected] = originals[round % 2]!;
      const file = Buffer.from(original);
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--)
        file[Math.floor(random() * file.length)] = Math.floor(random() * 256);
      const plan = await planCleaning(bufferSource(file), expected);
      if (plan.ok) assert.equal(patchBuffer(file, plan.patches).length, file.length);
    }
  });
});

describe('storeWithoutMetadata', () => {
  async function withStore(use: (blobs: BlobStore, dir: string) => Promise<void>) {
    const dir = await mkdtemp(join(tmpdir(), 'sauti-metadata-'));
    try {
      const blobs = new BlobStore(dir);
      await blobs.init();
      await use(blobs, dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  async function store(blobs: BlobStore, data: Buffer, mediaType: string) {
    const blob = await blobs.ingest(Readable.from([data]), data.length);
    await blobs.keep(blob);
    return { sha256: blob.sha256, mediaType, sizeBytes: data.length };
  }
  const read = async (blobs: BlobStore, sha256: string) => Buffer.concat(await blobs.open(sha256).toArray());
  const files = async (dir: string) =>
    (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;

  for (const mediaType of ['video/mp4', 'video/quicktime', 'video/3gpp']) {
    test(`${mediaType}: a copy without metadata is stored beside the file as received`, async () => {
      await withStore(async (blobs) => {
        const { file } = phoneVideo({ moovFirst: true });
        const received = await store(blobs, file, mediaType);
        const shown = await storeWithoutMetadata(blobs, received);
        assert.ok(shown && shown !== received.sha256);
        const copy = await read(blobs, shown);
        assert.deepEqual(copy, await clean(file, 'movie'));
        assertNoMarkers(copy);
        assert.deepEqual(await read(blobs, received.sha256), file, 'the file as received is kept as it was');
      });
    });
  }

  test('image/heic and image/heif get a copy too', async () => {
    await withStore(async (blobs) => {
      for (const mediaType of ['image/heic', 'image/heif']) {
        const photo = phonePhoto();
        const shown = await storeWithoutMetadata(blobs, await store(blobs, photo.file, mediaType));
        assert.ok(shown);
        assertNoMarkers(await read(blobs, shown));
      }
    });
  });

  test('a video that cannot be read gets no copy: investigators see it as received, not labelled as cleaned', async () => {
    await withStore(async (blobs, dir) => {
      const damaged = phoneVideo({ moovFirst: true }).file.subarray(0, 500);
      const received = await store(blobs, damaged, 'video/mp4');
      const before = await files(dir);
      assert.equal(await storeWithoutMetadata(blobs, received), undefined);
      assert.equal(await files(dir), before, 'nothing else stored');
    });
  });

  test('a file with nothing to remove gets no copy; other types are left alone', async () => {
    await withStore(async (blobs) => {
      const once = await clean(phoneVideo({ moovFirst: true }).file, 'movie');
      assert.equal(await storeWithoutMetadata(blobs, await store(blobs, once, 'video/mp4')), undefined);
      const webm = await store(blobs, Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3]), 'video/webm');
      assert.equal(await storeWithoutMetadata(blobs, webm), undefined);
    });
  });
});
