import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
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

/** Of the given SHA-256 names, those some stored record points at. */
export type ReferenceCheck = (sha256s: string[]) => Promise<Set<string>>;

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The files one request keeps. Unless the request calls recorded() (its records committed), what
 * it wrote is removed when it ends: see BlobStore.batch.
 */
export class BlobBatch {
  /** Blobs this request kept, with how many times. */
  readonly held = new Map<string, number>();
  /** Blobs that did not exist before this request wrote them. */
  readonly created = new Set<string>();
  private done = false;

  /** The records that point at these files have committed: the files stay. */
  recorded(): void {
    this.done = true;
  }

  get isRecorded(): boolean {
    return this.done;
  }
}

/**
 * Content-addressed blobs on disk: a file's name is its SHA-256, so identical evidence is kept
 * once and any file can be re-hashed against its name to prove it is unchanged.
 *
 * A file is kept before the record that points at it commits, so a record never names a missing
 * file. A refused request takes its files back (batch), and the sweep removes files no record
 * names that are older than a grace period (a crash between keeping and recording). Files are
 * shared by identical content, so neither ever removes a file a stored record names, nor one a
 * request of this process is holding; keeping an existing file renews its time, which the sweep's
 * grace period counts from.
 */
export class BlobStore {
  /** Blobs held by requests of this process that have not yet recorded or been refused. */
  private readonly holds = new Map<string, number>();
  /** One operation at a time per blob (keeping, removing), in this process. */
  private readonly locks = new Map<string, Promise<void>>();
  private readonly scope = new AsyncLocalStorage<BlobBatch>();

  /**
   * @param referenced which of some blobs stored records name; without it nothing is ever removed.
   */
  constructor(
    readonly dir: string,
    private readonly referenced?: ReferenceCheck,
  ) {}

  async init(): Promise<void> {
    await mkdir(join(this.dir, 'tmp'), { recursive: true });
  }

  path(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256');
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

  /**
   * Moves an ingested file to its content address (idempotent for identical content: an existing
   * file is kept and its time renewed). Inside batch(), the file is held for that request.
   */
  async keep(blob: IngestedBlob): Promise<void> {
    const target = this.path(blob.sha256);
    const batch = this.scope.getStore();
    await this.exclusive(blob.sha256, async () => {
      if (batch) {
        batch.held.set(blob.sha256, (batch.held.get(blob.sha256) ?? 0) + 1);
        this.holds.set(blob.sha256, (this.holds.get(blob.sha256) ?? 0) + 1);
      }
      if (await this.has(blob.sha256)) {
        await rm(blob.tempPath, { force: true });
        const now = new Date();
        await utimes(target, now, now);
        return;
      }
      await mkdir(join(target, '..'), { recursive: true });
      await rename(blob.tempPath, target);
      batch?.created.add(blob.sha256);
    });
  }

  /**
   * Runs one request's work (reading its files, storing its record). Files kept inside `work`
   * belong to the request: unless it calls batch.recorded() (it was refused, or it threw), each
   * file it wrote is removed when it ends, except where a stored record or another request in
   * flight uses the same content. A file that was already there is never removed by a refusal.
   */
  async batch<T>(work: (batch: BlobBatch) => Promise<T>): Promise<T> {
    const batch = new BlobBatch();
    try {
      return await this.scope.run(batch, () => work(batch));
    } finally {
      for (const [sha256, count] of batch.held) {
        const left = (this.holds.get(sha256) ?? 0) - count;
        if (left > 0) this.holds.set(sha256, left);
        else this.holds.delete(sha256);
      }
      if (!batch.isRecorded) {
        for (const sha256 of batch.created) {
          // a failure here (the database gone) leaves the file to the sweep rather than hiding the request's own error
          await this.removeIfUnused(sha256).catch(() => false);
        }
      }
    }
  }

  /**
   * Removes a blob unless a request of this process holds it, a stored record names it, or (with
   * `olderThan`) it was kept or renewed since then. True when it was removed.
   */
  async removeIfUnused(sha256: string, olderThan?: Date): Promise<boolean> {
    const check = this.referenced;
    if (!check) return false;
    return this.exclusive(sha256, async () => {
      if ((this.holds.get(sha256) ?? 0) > 0) return false;
      const path = this.path(sha256);
      let modified: Date;
      try {
        modified = (await stat(path)).mtime;
      } catch {
        return false;
      }
      if (olderThan && modified >= olderThan) return false;
      if ((await check([sha256])).has(sha256)) return false;
      await rm(path, { force: true });
      return true;
    });
  }

  /**
   * Removes blobs older than `olderThan` that no stored record names, and temporary files of
   * ingests that never finished. Returns how many files it removed.
   */
  async sweep(olderThan: Date): Promise<number> {
    const check = this.referenced;
    if (!check) return 0;
    let removed = 0;
    const candidates: string[] = [];
    const flush = async () => {
      const names = candidates.splice(0);
      if (names.length === 0) return;
      const used = await check(names);
      for (const sha256 of names) if (!used.has(sha256) && (await this.removeIfUnused(sha256, olderThan))) removed += 1;
    };
    for (const first of await this.listDir(this.dir)) {
      if (!/^[0-9a-f]{2}$/.test(first)) continue;
      for (const second of await this.listDir(join(this.dir, first))) {
        if (!/^[0-9a-f]{2}$/.test(second)) continue;
        for (const name of await this.listDir(join(this.dir, first, second))) {
          if (!SHA256.test(name) || !name.startsWith(first + second)) continue;
          const modified = await stat(join(this.dir, first, second, name)).then(
            (s) => s.mtime,
            () => undefined,
          );
          if (modified && modified < olderThan) candidates.push(name);
          if (candidates.length >= 500) await flush();
        }
      }
    }
    await flush();
    for (const name of await this.listDir(join(this.dir, 'tmp'))) {
      const path = join(this.dir, 'tmp', name);
      const modified = await stat(path).then(
        (s) => s.mtime,
        () => undefined,
      );
      if (modified && modified < olderThan) {
        await rm(path, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  private async listDir(path: string): Promise<string[]> {
    return readdir(path).catch(() => []);
  }

  private async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    this.locks.set(key, mine);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.locks.get(key) === mine) this.locks.delete(key);
    }
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

  /** The blob's bytes, or those from `range.start` to `range.end` (both included). */
  open(sha256: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.path(sha256), range);
  }

  /** Re-hashes a stored blob: true when its content still matches its name. */
  async verify(sha256: string): Promise<boolean> {
    const hash = createHash('sha256');
    await pipeline(this.open(sha256), hash);
    return hash.digest('hex') === sha256;
  }
}
