import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { sourceWorker } from '../workers.ts';

/** What a drawing worker is sent, and answers. */
export type DrawRequest<I> = { id: number; input: I };
export type DrawAnswer = { id: number; pdf: Uint8Array } | { id: number; error: string };

interface Waiting {
  resolve(pdf: Uint8Array): void;
  reject(error: Error): void;
}

/**
 * PDFs drawn on worker threads, one per core: a document costs about 10 ms of CPU, and twenty asked for
 * at once would otherwise queue on the thread that answers every request. A worker keeps the process
 * alive only while it has work.
 */
export class DrawPool<I> {
  readonly #workers: Worker[] = [];
  readonly #busy = new Map<Worker, number>();
  readonly #waiting = new Map<number, Waiting>();
  #next = 0;

  constructor(
    private readonly file: URL,
    private readonly size = availableParallelism(),
  ) {}

  draw(input: I): Promise<Uint8Array> {
    const worker = this.#worker();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#busy.set(worker, (this.#busy.get(worker) ?? 0) + 1);
      worker.ref();
      worker.postMessage({ id, input } satisfies DrawRequest<I>);
    });
  }

  /** The least busy worker, starting one more while there are fewer than `size`. */
  #worker(): Worker {
    const idle = this.#workers.find((w) => (this.#busy.get(w) ?? 0) === 0);
    if (idle) return idle;
    if (this.#workers.length < this.size) {
      const worker = sourceWorker(this.file);
      worker.on('message', (answer: DrawAnswer) => this.#answered(worker, answer));
      worker.on('error', (error) => this.#failed(worker, error));
      this.#workers.push(worker);
      return worker;
    }
    return this.#workers.reduce((a, b) => ((this.#busy.get(a) ?? 0) <= (this.#busy.get(b) ?? 0) ? a : b));
  }

  #answered(worker: Worker, answer: DrawAnswer): void {
    const left = (this.#busy.get(worker) ?? 1) - 1;
    this.#busy.set(worker, left);
    if (left === 0) worker.unref();
    const waiting = this.#waiting.get(answer.id);
    if (!waiting) return;
    this.#waiting.delete(answer.id);
    if ('error' in answer) waiting.reject(new Error(answer.error));
    else waiting.resolve(answer.pdf);
  }

  /** A worker that died takes its waiting drawings with it; the next drawing starts a new one. */
  #failed(worker: Worker, error: Error): void {
    this.#workers.splice(this.#workers.indexOf(worker), 1);
    this.#busy.delete(worker);
    for (const waiting of this.#waiting.values()) waiting.reject(error);
    this.#waiting.clear();
  }
}
