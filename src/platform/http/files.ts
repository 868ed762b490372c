import type { FastifyReply } from 'fastify';
import mime from 'mime-types';
import type { BlobStore } from '../blobs/index.ts';

// the extensions people's programs expect, where the registry's first choice is a rarer one
const preferredExtension: Record<string, string> = {
  'image/jpeg': 'jpg',
  'video/quicktime': 'mov',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/aac': 'aac',
  'audio/opus': 'opus',
  'audio/webm': 'webm',
};

/** The file name with the extension its content type calls for ("evidence-12.mp4"), so it opens in the right program. */
export function downloadName(name: string, mediaType: string): string {
  const extension = preferredExtension[mediaType] ?? mime.extension(mediaType);
  return extension && !name.toLowerCase().endsWith(`.${extension}`) ? `${name}.${extension}` : name;
}

/**
 * Sends a stored file to staff as a download: never cached, never shown inline, with its SHA-256
 * in a header so the receiver can check what they got against the chain of custody.
 */
export function sendStoredFile(
  reply: FastifyReply,
  blobs: BlobStore,
  file: { sha256: string; mediaType: string; name: string },
) {
  return reply
    .type(file.mediaType)
    .header('content-disposition', `attachment; filename="${downloadName(file.name, file.mediaType)}"`)
    .header('x-content-sha256', file.sha256)
    .header('cache-control', 'no-store')
    .send(blobs.open(file.sha256));
}
