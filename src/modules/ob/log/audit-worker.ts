import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { rebuiltLeafHashes } from './audit-rebuild.ts';

// One of the audit's workers: rebuilds the leaf hashes of the ranges it is sent, over its own connection.

export interface AuditTask {
  from: number;
  to: number;
}

export type AuditAnswer =
  { from: number; hashes: Uint8Array } | { from: number; missing: number } | { from: number; error: string };

const client = new pg.Client({ connectionString: (workerData as { connectionString: string }).connectionString });
const connected = client.connect();

// the thread is terminated when the audit is over, and its connection with it
parentPort!.on('message', (task: AuditTask) => {
  void connected
    .then(() => rebuiltLeafHashes(client, task.from, task.to))
    .then(
      (got) => {
        if ('missing' in got) parentPort!.postMessage({ from: task.from, missing: got.missing });
        else parentPort!.postMessage({ from: task.from, hashes: got.hashes }, [got.hashes.buffer as ArrayBuffer]);
      },
      (error: unknown) => parentPort!.postMessage({ from: task.from, error: String(error) }),
    );
});
