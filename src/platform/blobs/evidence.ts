import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { BlobTooLarge, type BlobStore, type IngestedBlob } from './index.ts';
import { TooLarge, UnsupportedType } from '../http/errors.ts';

export type EvidenceKind = 'photo' | 'video' | 'audio' | 'document';

/** Accepted evidence by its real content type (magic bytes), never by its name. */
const accepted: Record<string, EvidenceKind> = {
  'image/jpeg': 'photo',
  'image/png': 'photo',
  'image/webp': 'photo',
  'image/gif': 'photo',
  'image/heic': 'photo',
  'image/heif': 'photo',
  'image/avif': 'photo',
  'video/mp4': 'video',
  'video/quicktime': 'video',
  'video/webm': 'video',
  'video/3gpp': 'video',
  'video/3gpp2': 'video',
  'video/x-matroska': 'video',
  'video/x-msvideo': 'video',
  'audio/mpeg': 'audio',
  'audio/mp4': 'audio',
  'audio/x-m4a': 'audio',
  'audio/aac': 'audio',
  'audio/ogg': 'audio',
  'audio/opus': 'audio',
  'audio/wav': 'audio',
  'audio/x-wav': 'audio',
  'audio/amr': 'audio',
  'audio/webm': 'audio',
  'application/pdf': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.oasis.opendocument.text': 'document',
};

export const acceptAttribute = 'image/*,video/*,audio/*,application/pdf,.docx,.odt';

/** A file checked and kept in the blob store, ready to be recorded against a report. */
export interface AcceptedEvidence {
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  kind: EvidenceKind;
  receivedVia: string;
}

export async function detectEvidenceType(head: Buffer): Promise<{ mediaType: string; kind: EvidenceKind } | undefined> {
  const detected = await fileTypeFromBuffer(head);
  if (!detected) return undefined;
  const kind = accepted[detected.mime];
  return kind ? { mediaType: detected.mime, kind } : undefined;
}

/**
 * Streams a file into the blob store, checks its type by content, and keeps it. The blob is on
 * disk before any report row points at it, so a report can never reference a missing file.
 */
export async function acceptEvidence(
  blobs: BlobStore,
  source: Readable,
  maxBytes: number,
  field: string,
  receivedVia: string,
): Promise<AcceptedEvidence> {
  let blob: IngestedBlob;
  try {
    blob = await blobs.ingest(source, maxBytes);
  } catch (error) {
    if (error instanceof BlobTooLarge) throw new TooLarge(field, maxBytes);
    throw error;
  }
  const type = await detectEvidenceType(blob.head);
  if (!type) {
    await blobs.discard(blob);
    throw new UnsupportedType(field, undefined);
  }
  await blobs.keep(blob);
  return { sha256: blob.sha256, sizeBytes: blob.size, mediaType: type.mediaType, kind: type.kind, receivedVia };
}

export function acceptEvidenceFile(
  blobs: BlobStore,
  path: string,
  maxBytes: number,
  field: string,
  receivedVia: string,
): Promise<AcceptedEvidence> {
  return acceptEvidence(blobs, createReadStream(path), maxBytes, field, receivedVia);
}
