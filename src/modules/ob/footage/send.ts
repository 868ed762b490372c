import { createReadStream } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BlobStore } from '../../../platform/blobs/index.ts';

export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The one range a `Range` header asks for (RFC 9110 §14): `bytes=a-b`, `bytes=a-` or `bytes=-n`.
 * undefined: no header, or one this answer may ignore (several ranges, another unit) — the whole
 * file is sent. 'unsatisfiable': a range starting past the end.
 */
export function requestedRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec((header ?? '').trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end };
}

/**
 * Streams a stored file from disk, never held in memory: the whole of it, or the one range asked
 * for (206), so a player can seek in gigabytes of video. Never cached; its SHA-256 is in a header
 * to check what was received against the chain of custody. A file is named by its content, so
 * its hash is its strong validator (ETag, If-Range).
 */
export function sendFootageFile(
  request: FastifyRequest,
  reply: FastifyReply,
  blobs: BlobStore,
  file: { sha256: string; sizeBytes: number; mediaType: string; name: string; disposition: 'inline' | 'attachment' },
): FastifyReply {
  const etag = `"${file.sha256}"`;
  reply
    .type(file.mediaType)
    .header('content-disposition', `${file.disposition}; filename="${file.name}"`)
    .header('x-content-sha256', file.sha256)
    .header('cache-control', 'no-store')
    .header('accept-ranges', 'bytes')
    .header('etag', etag);
  const ifRange = request.headers['if-range'];
  const range =
    ifRange === undefined || ifRange === etag ? requestedRange(request.headers.range, file.sizeBytes) : undefined;
  if (range === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${file.sizeBytes}`).send();
  }
  const path = blobs.path(file.sha256);
  if (!range) return reply.header('content-length', file.sizeBytes).send(createReadStream(path));
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${file.sizeBytes}`)
    .header('content-length', range.end - range.start + 1)
    .send(createReadStream(path, { start: range.start, end: range.end }));
}
