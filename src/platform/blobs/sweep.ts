import type { AnyJobDefinition } from '../jobs/index.ts';
import type { Platform, SautiModule } from '../module.ts';
import { hashColumns, type HashColumn } from './store.ts';

/** Daily: files no record names, older than the grace period, are removed. */
export const BLOB_SWEEP_QUEUE = 'blobs.orphan-sweep';
/** A file younger than this is left alone: the request that kept it may still be storing its record. */
export const BLOB_GRACE_MS = 24 * 3600_000;

export interface BlobColumns {
  /** Columns naming stored files. */
  files: HashColumn[];
  /** Columns holding a digest of something else. */
  notFiles: HashColumn[];
}

/** What every module declares about its SHA-256 columns. */
export function blobColumns(modules: readonly SautiModule[]): BlobColumns {
  return {
    files: modules.flatMap((m) => m.hashColumns?.files ?? []),
    notFiles: modules.flatMap((m) => m.hashColumns?.notFiles ?? []),
  };
}

const key = (c: HashColumn) => `${c.table}.${c.column}`;

/**
 * Removes orphan files: named by no record, and last kept longer than the grace period before
 * `now` (the platform's clock against the files' own times). It refuses to run while the database
 * has a SHA-256 column no module declared, so a new table of files can never have its files swept
 * away because nobody said it holds them.
 */
export async function sweepOrphanBlobs(
  platform: Platform,
  columns: BlobColumns,
  now = platform.clock.now(),
): Promise<number> {
  const declared = new Set([...columns.files, ...columns.notFiles].map(key));
  const undeclared = (await hashColumns(platform.db.pool)).filter((c) => !declared.has(key(c)));
  if (undeclared.length > 0) {
    throw new Error(
      `the orphan file sweep did not run: ${undeclared.map(key).join(', ')} not declared in a module's hashColumns`,
    );
  }
  return platform.blobs.sweep(new Date(now.getTime() - BLOB_GRACE_MS));
}

export function blobSweepJob(platform: Platform, columns: BlobColumns): AnyJobDefinition {
  return {
    queue: BLOB_SWEEP_QUEUE,
    every: '40 3 * * *',
    run: async () => void (await sweepOrphanBlobs(platform, columns)),
  };
}
