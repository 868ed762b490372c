import type { FastifyReply, FastifyRequest } from 'fastify';
import mime from 'mime-types';
import parseRange from 'range-parser';
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

/**
 * Shows a stored file in the page (a photo, a recording, a video) to staff who may read it: never cached, sandboxed,
 * and in parts when the browser asks for a range (RFC 9110: 206 with Content-Range; 416 for a range past the end),
 * as players do to start a video without fetching all of it.
 */
export async function showStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  blobs: BlobStore,
  file: { sha256: string; mediaType: string; size: number },
): Promise<FastifyReply> {
  reply
    .type(file.mediaType)
    .header('accept-ranges', 'bytes')
    .header('content-disposition', 'inline')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-content-sha256', file.sha256)
    .header('cache-control', 'no-store');
  const asked = request.headers.range;
  const ranges = asked ? parseRange(file.size, asked, { combine: true }) : undefined;
  if (ranges === -1) {
    reply.code(416).header('content-range', `bytes */${file.size}`);
    return reply.send();
  }
  // a range the parser cannot read, or several at once, is answered with the whole file (RFC 9110 allows it)
  if (ranges === undefined || ranges === -2 || ranges.length !== 1) return reply.send(blobs.open(file.sha256));
  const { start, end } = ranges[0]!;
  return reply
    .code(206)
    .header('content-range', `bytes ${start}-${end}/${file.size}`)
    .header('content-length', String(end - start + 1))
    .send(blobs.open(file.sha256, { start, end }));
}

/** Does this request start showing a file (no range, or one from its first byte)? Only that is a view to audit. */
export function startsFile(request: FastifyRequest): boolean {
  const asked = request.headers.range;
  return !asked || /^bytes=0-/.test(asked.trim());
}
