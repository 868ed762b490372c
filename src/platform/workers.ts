import { Worker } from 'node:worker_threads';

// Sauti runs its TypeScript sources through tsx (bin/sauti.js registers it; tests import it). A worker
// thread does not inherit that, so it registers tsx itself before importing its source file.
const TSX = import.meta.resolve('tsx/esm/api');

/** A worker thread running the TypeScript file `file`, with `workerData`, whether or not this thread uses tsx. */
export function sourceWorker(file: URL, workerData?: unknown): Worker {
  const boot = `import(${JSON.stringify(TSX)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
