import type { FastifyReply } from 'fastify';
import type { BlobStore } from '../blobs/index.ts';

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
    .header('content-disposition', `attachment; filename="${file.name}"`)
    .header('x-content-sha256', file.sha256)
    .header('cache-control', 'no-store')
    .send(blobs.open(file.sha256));
}
