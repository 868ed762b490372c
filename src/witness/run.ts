import { mkdir, open, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { closeWithGrace, listen } from '../sim-kit/http.ts';
import { loadOrCreateIdentity } from './identity.ts';
import { loadTrustedLogs, type TrustedLogs } from './logs.ts';
import { createWitnessServer } from './server.ts';
import { CheckpointStore } from './store.ts';
import { Witness } from './witness.ts';

export const LOCK_FILE = 'witness.lock';

export interface WitnessOptions {
  dataDir: string;
  host: string;
  port: number;
  /** fixed at the first start; later starts may repeat it or leave it out */
  name?: string;
  /** "<origin> <verifier key>" entries, added to those in `<data>/logs` */
  logs?: readonly string[];
  onError?: (error: unknown) => void;
  now?: () => number;
}

export interface RunningWitness {
  url: string;
  name: string;
  verifier: string;
  /** true when this start generated the key */
  createdKey: boolean;
  logs: TrustedLogs;
  server: Server;
  close(): Promise<void>;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One witness per data directory: a second one would check and store the same logs' state without seeing
 * the first one's updates, and could cosign two forks. A lock left by a process that is gone is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o644);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new Error(`Another witness (process ${holder}) is using ${dataDir}.`, { cause: error });
      }
      await rm(file, { force: true });
    }
  }
  throw new Error(`Cannot lock ${dataDir}.`);
}

/** Starts a witness: its key and name, the logs it follows, its stored checkpoints and its HTTP server. */
export async function startWitness(options: WitnessOptions): Promise<RunningWitness> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const unlock = await lockDataDir(options.dataDir);
  try {
    const { identity, created } = await loadOrCreateIdentity(options.dataDir, options.name);
    const logs = await loadTrustedLogs(options.dataDir, options.logs ?? []);
    if (logs.size === 0) {
      throw new Error(
        `No logs to witness: give --log "<origin> <verifier key>" or list them in ${options.dataDir}/logs.`,
      );
    }
    const store = new CheckpointStore(options.dataDir);
    await store.open();
    const witness = new Witness(identity, logs, store, options.now);
    const server = createWitnessServer(witness, options.onError);
    const url = await listen(server, options.port, options.host);
    return {
      url,
      name: identity.name,
      verifier: identity.verifier,
      createdKey: created,
      logs,
      server,
      async close() {
        await closeWithGrace(server);
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}
