import exifBeGone from 'exif-be-gone';
import type { Transform } from 'node:stream';
import type { BlobStore } from './index.ts';

// the package's CommonJS export is the transform class itself, which its types describe as a default export
const ExifTransformer = exifBeGone as unknown as new () => Transform;

/** Photo types whose metadata (EXIF, XMP, text chunks) can be removed without touching the picture. */
const strippable = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Stores a copy of a stored photo without its metadata (where it was taken, the camera and phone, the time): the
 * picture's bytes are kept as they are, only the metadata segments are dropped (exif-be-gone). Returns the copy's
 * SHA-256, or undefined when the type has none to remove or the file had none.
 */
export async function storeWithoutMetadata(
  blobs: BlobStore,
  file: { sha256: string; mediaType: string; sizeBytes: number },
): Promise<string | undefined> {
  if (!strippable.has(file.mediaType)) return undefined;
  const source = blobs.open(file.sha256);
  const stripped = new ExifTransformer();
  // pipe() does not pass a read error on: the copy fails with it rather than the process
  source.on('error', (error) => stripped.destroy(error));
  const copy = await blobs.ingest(source.pipe(stripped), file.sizeBytes);
  if (copy.sha256 === file.sha256) {
    await blobs.discard(copy);
    return undefined;
  }
  await blobs.keep(copy);
  return copy.sha256;
}
