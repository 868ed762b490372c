import exifBeGone from 'exif-be-gone';
import type { Readable, Transform } from 'node:stream';
import type { BlobStore } from './index.ts';
import { planCleaning, type Expected } from './iso-bmff-clean.ts';
import { withFileSource } from './iso-bmff.ts';
import { patchStream } from './patches.ts';

// the package's CommonJS export is the transform class itself, which its types describe as a default export
const ExifTransformer = exifBeGone as unknown as new () => Transform;

/** Photo types whose metadata (EXIF, XMP, text chunks) can be removed without touching the picture. */
const strippable = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** What phones record (MP4, QuickTime, 3GP) and iPhones' HEIC photos: ISO base media files, cleaned in place. */
const isoBmff = new Map<string, Expected>([
  ['video/mp4', 'movie'],
  ['video/quicktime', 'movie'],
  ['video/3gpp', 'movie'],
  ['image/heic', 'photo'],
  ['image/heif', 'photo'],
]);

type StoredFile = { sha256: string; mediaType: string; sizeBytes: number };

/**
 * Stores a copy of a stored photo or video without its metadata (where it was taken, the camera and phone, the
 * time): the picture's and the recording's bytes are kept as they are, only the metadata is dropped (exif-be-gone)
 * or, in MP4, QuickTime, 3GP and HEIC files, overwritten in place. Returns the copy's SHA-256, or undefined when
 * the type has none to remove, the file had none, or its structure could not be read: then there is no copy and
 * the file as received is what is shown, never a copy said to be clean that may not be.
 */
export async function storeWithoutMetadata(blobs: BlobStore, file: StoredFile): Promise<string | undefined> {
  if (strippable.has(file.mediaType)) return storeCopy(blobs, file, new ExifTransformer());
  const expected = isoBmff.get(file.mediaType);
  if (!expected) return undefined;
  const cleaning = await withFileSource(blobs.path(file.sha256), (source) => planCleaning(source, expected));
  if (!cleaning.ok || cleaning.patches.length === 0) return undefined;
  return storeCopy(blobs, file, patchStream(cleaning.patches));
}

/** Streams the stored file through `transform` into a new blob; a copy identical to the file is not kept. */
async function storeCopy(blobs: BlobStore, file: StoredFile, transform: Transform): Promise<string | undefined> {
  const source: Readable = blobs.open(file.sha256);
  // pipe() does not pass a read error on: the copy fails with it rather than the process
  source.on('error', (error) => transform.destroy(error));
  const copy = await blobs.ingest(source.pipe(transform), file.sizeBytes);
  if (copy.sha256 === file.sha256) {
    await blobs.discard(copy);
    return undefined;
  }
  await blobs.keep(copy);
  return copy.sha256;
}
