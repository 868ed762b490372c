import type { Platform } from '../../../platform/module.ts';
import { logEvents } from './integrator.ts';
import * as store from './store.ts';

/**
 * How long this process serves tiles and proofs against the latest checkpoint it has read before reading
 * again. Checkpoints signed in this process are seen at once; another instance's within this time (the
 * checkpoint itself is cached for 2 s by HTTP caches anyway).
 */
const FRESH_MS = 500;

interface Known {
  checkpoint: store.CheckpointRow | undefined;
  readAt: number;
  /** moves on when this process signs a checkpoint: a read begun before it may miss that one */
  generation: number;
  reading?: Promise<store.CheckpointRow | undefined> | undefined;
}

const known = new WeakMap<Platform, Known>();

function knownOf(platform: Platform): Known {
  let k = known.get(platform);
  if (!k) {
    const fresh: Known = { checkpoint: undefined, readAt: -Infinity, generation: 0 };
    logEvents(platform).on('checkpoint', () => {
      fresh.generation++;
      fresh.readAt = -Infinity;
      fresh.reading = undefined;
    });
    known.set(platform, fresh);
    k = fresh;
  }
  return k;
}

/**
 * The latest signed checkpoint, from memory while it is fresh and at least `covering` leaves large; read
 * from the database otherwise (one read at a time, shared by the requests waiting on it).
 */
export async function latestCheckpoint(platform: Platform, covering = 0): Promise<store.CheckpointRow | undefined> {
  const k = knownOf(platform);
  if (performance.now() - k.readAt < FRESH_MS && (k.checkpoint?.size ?? 0) >= covering) return k.checkpoint;
  if (!k.reading) {
    const { generation } = k;
    const readAt = performance.now();
    const reading = store.latestCheckpoint(platform.db.pool).finally(() => {
      if (k.reading === reading) k.reading = undefined;
    });
    k.reading = reading;
    void reading.then(
      (checkpoint) => {
        if (k.generation === generation) Object.assign(k, { checkpoint, readAt });
      },
      () => undefined,
    );
  }
  return k.reading;
}
