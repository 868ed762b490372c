import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomToken } from '../crypto/index.ts';

/** How many leading bytes are kept for sniffing the content type. */
export const HEAD_BYTES = 4100;

export interface IngestedBlob {
  sha256: string;
  size: number;
  /** The first bytes, for magic-byte type detection. */
  head: Buffer;
  tempPath: string;
}

export class BlobTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`blob larger than ${limitBytes} bytes`);
  }
}

/**
 * Content-addressed blobs on disk: a file's name is its SHA-256, so identical evidence is kept
 * once and any file can be re-hashed against its name to prove it is unchanged.
 */
export class BlobStore {
  constructor(readonly dir: string) {}

  async init(): Promise<void> {
    await mkdir(join(this.dir, 'tmp'), { recursive: true });
  }

  path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Streams into a temporary file while hashing; nothing is kept until keep(). */
  async ingest(source: Readable, maxBytes: number): Promise<IngestedBlob> {
    const tempPath = join(this.dir, 'tmp', randomToken(12));
    const hash = createHash('sha256');
    const headParts: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new BlobTooLarge(maxBytes));
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          headParts.push(chunk.subarray(0, HEAD_BYTES - headLength));
          headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tempPath));
    } catch (error) {
      await rm(tempPath, { force: true });
      // multipart streams report their own truncation when a size limit is hit
      if ((source as Readable & { truncated?: boolean }).truncated) throw new BlobTooLarge(maxBytes);
      throw error;
    }
    if ((source as Readable & { truncated?: boolean }).truncated) {
      await rm(tempPath, { force: true });
      throw new BlobTooLarge(maxBytes);
    }
    return { sha256: hash.digest('hex'), size, head: Buffer.concat(headParts), tempPath };
  }

  /** Moves an ingested file to its content address (idempotent for identical content). */
  async keep(blob: IngestedBlob): Promise<void> {
    const target = this.path(blob.sha256);
    if (await this.has(blob.sha256)) {
      await rm(blob.tempPath, { force: true });
      return;
    }
    await mkdir(join(target, '..'), { recursive: true });
    await rename(blob.tempPath, target);
  }

  async discard(blob: IngestedBlob): Promise<void> {
    await rm(blob.tempPath, { force: true });
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await access(this.path(sha256));
      return true;
    } catch {
      return false;
    }
  }

  async size(sha256: string): Promise<number> {
    return (await stat(this.path(sha256))).size;
  }

  open(sha256: string): Readable {
    return createReadStream(this.path(sha256));
  }

  /** Re-hashes a stored blob: true when its content still matches its name. */
  async verify(sha256: string): Promise<boolean> {
    const hash = createHash('sha256');
    await pipeline(this.open(sha256), hash);
    return hash.digest('hex') === sha256;
  }
}
