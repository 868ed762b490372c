import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { sourceWorker } from '../../../platform/workers.ts';
import type { AuditAnswer, AuditTask } from './audit-worker.ts';

/** The leaf hashes of a range, or the first leaf of it that has no entry. */
export type RangeHashes = { hashes: Buffer } | { missing: number };

/** How many workers an audit of `size` leaves uses by default: one per core, none for a small log. */
export function defaultAuditWorkers(size: number, chunk: number): number {
  return size >= 4 * chunk ? Math.min(availableParallelism(), 4) : 0;
}

const WORKER = new URL('./audit-worker.ts', import.meta.url);

/** Threads that rebuild leaf hashes from the database in parallel, each over its own connection. */
export class AuditWorkers {
  readonly #workers: Worker[];
  readonly #waiting = new Map<number, { resolve: (got: RangeHashes) => void; reject: (error: Error) => void }>();
  #next = 0;

  constructor(count: number, connectionString: string) {
    this.#workers = Array.from({ length: count }, () => {
      const worker = sourceWorker(WORKER, { connectionString });
      worker.on('message', (answer: AuditAnswer) => this.#answered(answer));
      worker.on('error', (error) => this.#failAll(error));
      return worker;
    });
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Rebuilds leaves [from, to) on the next worker in turn. */
  hashes(from: number, to: number): Promise<RangeHashes> {
    const worker = this.#workers[this.#next++ % this.#workers.length]!;
    return new Promise((resolve, reject) => {
      this.#waiting.set(from, { resolve, reject });
      worker.postMessage({ from, to } satisfies AuditTask);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }

  #answered(answer: AuditAnswer): void {
    const waiting = this.#waiting.get(answer.from);
    if (!waiting) return;
    this.#waiting.delete(answer.from);
    if ('error' in answer) waiting.reject(new Error(answer.error));
    else if ('missing' in answer) waiting.resolve({ missing: answer.missing });
    else waiting.resolve({ hashes: Buffer.from(answer.hashes.buffer, answer.hashes.byteOffset, answer.hashes.length) });
  }

  #failAll(error: Error): void {
    for (const waiting of this.#waiting.values()) waiting.reject(error);
    this.#waiting.clear();
  }
}
