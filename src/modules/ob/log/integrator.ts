import { EventEmitter } from 'node:events';
import type { Platform } from '../../../platform/module.ts';
import { extendTiles, formatCheckpoint, leafHash, signNote } from '../../../platform/tlog/index.ts';
import { logKey } from './key.ts';
import { logSettings } from './settings.ts';
import * as store from './store.ts';

/** How many queued entries one transaction takes into the tree. */
export const BATCH_SIZE = 4096;

/** What the log tells listeners in this process: `checkpoint` (size) after each checkpoint it signs. */
const events = new WeakMap<Platform, EventEmitter>();

export function logEvents(platform: Platform): EventEmitter {
  let emitter = events.get(platform);
  if (!emitter) {
    emitter = new EventEmitter();
    emitter.setMaxListeners(100);
    events.set(platform, emitter);
  }
  return emitter;
}

/**
 * One batch, in one transaction under the log's state row lock: the oldest queued entries get the next
 * leaf indices, the tiles grow, the queue rows go. Answers the committed size and root, and whether the
 * committed tree is larger than the largest signed checkpoint.
 */
async function integrateBatch(
  platform: Platform,
): Promise<{ size: number; root: Buffer; unsigned: boolean; taken: number }> {
  const client = await platform.db.pool.connect();
  try {
    await client.query('begin');
    const state = await store.lockState(client);
    const queued = await store.queuedLeaves(client, BATCH_SIZE);
    if (queued.length === 0) {
      await client.query('commit');
      return { size: state.size, root: state.root, unsigned: state.signed < state.size, taken: 0 };
    }
    const edges = await store.partialTiles(client);
    const extended = extendTiles(
      state.size,
      (level) => edges.get(level),
      queued.map((q) => leafHash(q.leaf)),
    );
    await store.writeBatch(client, {
      firstIndex: state.size,
      entryIds: queued.map((q) => q.entry_id),
      size: extended.size,
      root: extended.root,
      tiles: extended.tiles,
    });
    await client.query('commit');
    return { size: extended.size, root: extended.root, unsigned: true, taken: queued.length };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Signs a checkpoint of a committed tree. The leaves of a committed size never change, so whichever
 * instance signs it signs the same root; a checkpoint already stored for that size is kept.
 */
async function signCheckpoint(platform: Platform, size: number, root: Buffer): Promise<void> {
  const key = await logKey(platform);
  const note = signNote(formatCheckpoint({ origin: key.origin, size, root }), key.signer);
  await store.insertCheckpoint(platform.db.pool, { size, root, note, createdAt: platform.clock.now() });
  logEvents(platform).emit('checkpoint', size);
}

/**
 * Integrates every entry queued so far and signs a checkpoint over the result (tests call it; the
 * background integrator runs it in a loop). Several callers, in one process or many, are serialized by
 * the database; each returns once what was queued before it began is in a signed checkpoint.
 */
export async function integrateNow(platform: Platform): Promise<{ size: number; integrated: number }> {
  let integrated = 0;
  for (;;) {
    const batch = await integrateBatch(platform);
    integrated += batch.taken;
    if (batch.unsigned) await signCheckpoint(platform, batch.size, batch.root);
    if (batch.taken < BATCH_SIZE) return { size: batch.size, integrated };
  }
}

/** The integrator each serving instance runs: integrate, then wait a moment, until stopped. */
export class BackgroundIntegrator {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(private readonly platform: Platform) {}

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    // unref: a loop left running (a platform closed while its workers started) never holds a process open
    this.#timer = setTimeout(() => {
      this.#running = this.#pass().finally(() => {
        this.#running = undefined;
        this.#schedule(this.platform.config.settings.of(logSettings).intervalMs);
      });
    }, delayMs).unref();
  }

  async #pass(): Promise<void> {
    try {
      await integrateNow(this.platform);
    } catch (error) {
      if (!this.#stopped) this.platform.log.error({ err: error }, 'the national log could not integrate entries');
    }
  }

  /** Stops after the pass under way, if any. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
}
