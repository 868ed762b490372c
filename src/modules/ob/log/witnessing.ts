import type { Platform } from '../../../platform/module.ts';
import {
  consistencyProof,
  cosignatureVerifier,
  splitNote,
  verifyCosignatureLine,
} from '../../../platform/tlog/index.ts';
import { addCheckpoint } from '../../../witness/index.ts';
import { logEvents } from './integrator.ts';
import { storedNodeReader } from './tile-reader.ts';
import { logSettings, type LogWitness } from './settings.ts';
import * as store from './store.ts';

/** A witness is asked at most this often, however fast checkpoints come. */
const MIN_ROUND_GAP_MS = 1000;
/** A witness that missed a checkpoint (down, slow) is asked again this often. */
const RETRY_MS = 5000;

type Outcome = 'cosigned' | 'current' | 'refused';

/** Asks one witness to cosign `checkpoint`, from the size it last cosigned; on a 409, once more from the size it names. */
async function askWitness(
  platform: Platform,
  witness: LogWitness,
  checkpoint: store.CheckpointRow,
  knownSize: number,
): Promise<Outcome> {
  const { witnessTimeoutMs } = platform.config.settings.of(logSettings);
  const reader = storedNodeReader(platform, checkpoint.size);
  let oldSize = Math.min(knownSize, checkpoint.size);
  for (let attempt = 0; attempt < 2; attempt++) {
    const proof = await consistencyProof(oldSize, checkpoint.size, reader);
    const answer = await addCheckpoint(
      witness.url,
      { oldSize, proof, checkpointNote: checkpoint.note },
      { timeoutMs: witnessTimeoutMs },
    );
    if (answer.status === 'cosigned') {
      const text = splitNote(checkpoint.note).text;
      const verifier = cosignatureVerifier(witness.verifier);
      const line = answer.lines.find((l) => verifyCosignatureLine(l, text, verifier).ok);
      if (!line) {
        platform.log.warn({ witness: witness.url }, 'a witness answered with no cosignature its key verifies');
        return 'refused';
      }
      const at = platform.clock.now();
      await store.storeCosignature(platform.db.pool, { size: checkpoint.size, witness: witness.name, line, at });
      return 'cosigned';
    }
    if (answer.status === 'conflict' && answer.size > checkpoint.size) {
      // another instance has already taken it further
      await store.rememberWitnessSize(platform.db.pool, witness.name, answer.size, platform.clock.now());
      return 'current';
    }
    if (answer.status === 'refused') {
      platform.log.warn({ witness: witness.url, answer }, 'a witness did not cosign the checkpoint');
      return 'refused';
    }
    oldSize = answer.size;
  }
  platform.log.warn({ witness: witness.url, size: checkpoint.size }, 'a witness holds a size it cannot move on from');
  return 'refused';
}

/** One round: the latest checkpoint to every configured witness that has not cosigned it. Never throws. */
export async function witnessNow(platform: Platform): Promise<void> {
  const { witnesses } = platform.config.settings.of(logSettings);
  if (witnesses.length === 0) return;
  const checkpoint = await store.latestCheckpoint(platform.db.pool);
  if (!checkpoint || checkpoint.size === 0) return;
  const sizes = await store.witnessSizes(platform.db.pool);
  await Promise.all(
    witnesses.map(async (witness) => {
      const known = sizes.get(witness.name) ?? 0;
      if (known >= checkpoint.size) return;
      try {
        await askWitness(platform, witness, checkpoint, known);
      } catch (error) {
        platform.log.warn({ err: error, witness: witness.url }, 'could not send the checkpoint to a witness');
      }
    }),
  );
}

/**
 * Sends each new checkpoint to the witnesses from a serving instance: a round after each checkpoint this
 * instance signs, one round at a time, at most one a second (a checkpoint during a round runs one more
 * after it), and every few seconds anyway for a witness that missed one. A witness that is down only
 * misses rounds; the log never waits for it.
 */
export class WitnessSender {
  #running: Promise<void> | undefined;
  #again = false;
  #lastStart = 0;
  #stopped = true;
  #retry: NodeJS.Timeout | undefined;
  readonly #onCheckpoint = () => this.request();

  constructor(private readonly platform: Platform) {}

  start(): void {
    if (!this.#stopped || this.platform.config.settings.of(logSettings).witnesses.length === 0) return;
    this.#stopped = false;
    logEvents(this.platform).on('checkpoint', this.#onCheckpoint);
    this.#retry = setInterval(() => this.request(), RETRY_MS).unref();
    this.request();
  }

  request(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    const wait = Math.max(0, this.#lastStart + MIN_ROUND_GAP_MS - Date.now());
    this.#running = new Promise<void>((resolve) => setTimeout(resolve, wait).unref())
      .then(() => {
        if (this.#stopped) return;
        this.#lastStart = Date.now();
        return witnessNow(this.platform);
      })
      .catch((error: unknown) => this.platform.log.warn({ err: error }, 'the witnessing round failed'))
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.request();
        }
      });
  }

  /** Stops sending; a round under way ends first. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#retry);
    logEvents(this.platform).off('checkpoint', this.#onCheckpoint);
    await this.#running;
  }
}
