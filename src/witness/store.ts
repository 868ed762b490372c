import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** What the witness remembers of one log: the last checkpoint it cosigned. */
export interface CosignedState {
  origin: string;
  size: number;
  /** base64 of the root hash, as the checkpoint writes it */
  root: string;
  /** the checkpoint note as the log sent it, with the witness's cosignature appended */
  checkpoint: string;
}

/**
 * One file per log under `<data>/checkpoints/`, replaced whole on every update (temporary file, fsync,
 * rename, fsync of the directory), so a crash leaves either the old state or the new one, never half of either.
 */
export class CheckpointStore {
  readonly #dir: string;
  readonly #cache = new Map<string, CosignedState | null>();

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'checkpoints');
  }

  async open(): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
  }

  /** The file is named by a hash of the origin: origins hold slashes and may be longer than a file name. */
  fileOf(origin: string): string {
    return join(this.#dir, `${createHash('sha256').update(origin).digest('hex').slice(0, 32)}.json`);
  }

  async get(origin: string): Promise<CosignedState | null> {
    const cached = this.#cache.get(origin);
    if (cached !== undefined) return cached;
    let state: CosignedState | null = null;
    try {
      state = parseState(await readFile(this.fileOf(origin), 'utf8'), origin);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.#cache.set(origin, state);
    return state;
  }

  async put(state: CosignedState): Promise<void> {
    const file = this.fileOf(state.origin);
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    // from here the file holds the new state, even if syncing the directory fails
    this.#cache.set(state.origin, state);
    const dir = await open(this.#dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

function parseState(json: string, origin: string): CosignedState {
  const value = JSON.parse(json) as Partial<CosignedState>;
  if (
    value.origin !== origin ||
    typeof value.size !== 'number' ||
    !Number.isSafeInteger(value.size) ||
    value.size < 0 ||
    typeof value.root !== 'string' ||
    typeof value.checkpoint !== 'string'
  ) {
    throw new Error(`The stored checkpoint of ${origin} is not readable; the witness will not guess its state.`);
  }
  return value as CosignedState;
}
