import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseVerifier, type NoteVerifier } from '../platform/tlog/index.ts';

export const LOGS_FILE = 'logs';

/** The logs a witness follows: each origin with the public keys whose signatures it accepts on that log's checkpoints. */
export class TrustedLogs {
  readonly #byOrigin = new Map<string, NoteVerifier[]>();

  /** One "<origin> <verifier string>" entry; the same origin given twice trusts both keys (a key rotation). */
  add(entry: string): void {
    const trimmed = entry.trim();
    const space = trimmed.lastIndexOf(' ');
    if (space <= 0) throw new Error(`A log is "<origin> <verifier key>", not "${entry}".`);
    const origin = trimmed.slice(0, space).trim();
    const verifier = parseVerifier(trimmed.slice(space + 1));
    const known = this.#byOrigin.get(origin) ?? [];
    this.#byOrigin.set(origin, [...known, verifier]);
  }

  get(origin: string): NoteVerifier[] | undefined {
    return this.#byOrigin.get(origin);
  }

  origins(): string[] {
    return [...this.#byOrigin.keys()].sort();
  }

  get size(): number {
    return this.#byOrigin.size;
  }
}

/** Logs named on the command line, then those in `<data>/logs` (one per line; lines starting with # are comments). */
export async function loadTrustedLogs(dataDir: string, entries: readonly string[]): Promise<TrustedLogs> {
  const logs = new TrustedLogs();
  for (const entry of entries) logs.add(entry);
  let file = '';
  try {
    file = await readFile(join(dataDir, LOGS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  file.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    try {
      logs.add(line);
    } catch (error) {
      throw new Error(`${join(dataDir, LOGS_FILE)} line ${index + 1}: ${(error as Error).message}`, { cause: error });
    }
  });
  return logs;
}
