import {
  EMPTY_ROOT,
  openNote,
  parseAddCheckpoint,
  parseCheckpoint,
  splitNote,
  verifyConsistency,
  type Checkpoint,
} from '../platform/tlog/index.ts';
import type { CheckpointStore, CosignedState } from './store.ts';
import type { TrustedLogs } from './logs.ts';

export interface WitnessAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface WitnessIdentity {
  name: string;
  /** the cosignature verifier string (`<name>+<key id>+<base64(0x04 || key)>`) that checks this witness's lines */
  verifier: string;
  /** the cosignature line (no newline) over a checkpoint note text at a time in seconds */
  cosign(text: string, timestamp: number): string;
}

const SIZE_TYPE = 'text/x.tlog.size';

function plain(status: number, message: string): WitnessAnswer {
  return { status, contentType: 'text/plain; charset=utf-8', body: `${message}\n` };
}

function conflict(storedSize: number): WitnessAnswer {
  return { status: 409, contentType: SIZE_TYPE, body: `${storedSize}\n` };
}

interface Submission {
  oldSize: number;
  proof: Buffer[];
  note: string;
  text: string;
  checkpoint: Checkpoint;
}

/**
 * The witness's rules (c2sp.org/tlog-witness), apart from HTTP: it cosigns a log's checkpoint only when the
 * checkpoint carries the log's signature and a consistency proof from the last checkpoint it cosigned for
 * that log verifies. Updates for one log run one at a time: checking the old size and storing the new
 * checkpoint are one step, so two requests from the same old size cannot both be cosigned.
 */
export class Witness {
  readonly #identity: WitnessIdentity;
  readonly #logs: TrustedLogs;
  readonly #store: CheckpointStore;
  readonly #now: () => number;
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(identity: WitnessIdentity, logs: TrustedLogs, store: CheckpointStore, now: () => number = Date.now) {
    this.#identity = identity;
    this.#logs = logs;
    this.#store = store;
    this.#now = now;
  }

  get name(): string {
    return this.#identity.name;
  }

  get verifier(): string {
    return this.#identity.verifier;
  }

  async addCheckpoint(body: string): Promise<WitnessAnswer> {
    const submission = readSubmission(body);
    if ('status' in submission) return submission;
    const { checkpoint, note, oldSize } = submission;
    const verifiers = this.#logs.get(checkpoint.origin);
    if (!verifiers) return plain(404, `This witness does not follow the log "${checkpoint.origin}".`);
    try {
      openNote(note, verifiers);
    } catch {
      return plain(403, `The checkpoint carries no valid signature from a key trusted for "${checkpoint.origin}".`);
    }
    if (oldSize > checkpoint.size) return plain(400, 'The old size is larger than the checkpoint size.');
    return this.#serialized(checkpoint.origin, () => this.#update(submission));
  }

  async #update(submission: Submission): Promise<WitnessAnswer> {
    const { checkpoint, oldSize, proof } = submission;
    const stored = await this.#store.get(checkpoint.origin);
    const storedSize = stored?.size ?? 0;
    if (oldSize !== storedSize) return conflict(storedSize);
    const storedRoot = stored ? Buffer.from(stored.root, 'base64') : EMPTY_ROOT;
    const refusal = checkConsistency(oldSize, storedRoot, checkpoint, proof);
    if (refusal) return refusal;
    const line = this.#identity.cosign(submission.text, Math.floor(this.#now() / 1000));
    const state: CosignedState = {
      origin: checkpoint.origin,
      size: checkpoint.size,
      root: checkpoint.root.toString('base64'),
      checkpoint: `${submission.note}${line}\n`,
    };
    await this.#store.put(state);
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: `${line}\n` };
  }

  /** Runs one update for a log after the ones already queued for it, whatever their outcome. */
  #serialized<T>(origin: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(origin) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.#queues.set(origin, tail);
    void tail.then(() => {
      if (this.#queues.get(origin) === tail) this.#queues.delete(origin);
    });
    return next;
  }

  /** Plain text for people: who this witness is and how far it has followed each log. */
  async statusText(): Promise<string> {
    const lines = [`witness ${this.#identity.name}`, `verifier ${this.#identity.verifier}`, 'logs:'];
    for (const origin of this.#logs.origins()) {
      const state = await this.#store.get(origin);
      lines.push(state ? `${origin} size ${state.size} root ${state.root}` : `${origin} size 0 (nothing cosigned yet)`);
    }
    return lines.join('\n');
  }
}

function readSubmission(body: string): Submission | WitnessAnswer {
  let parsed: ReturnType<typeof parseAddCheckpoint>;
  let text: string;
  let checkpoint: Checkpoint;
  try {
    parsed = parseAddCheckpoint(body);
    text = splitNote(parsed.checkpointNote).text;
    checkpoint = parseCheckpoint(text);
  } catch (error) {
    return plain(400, `The request is not an add-checkpoint body: ${(error as Error).message}`);
  }
  return { oldSize: parsed.oldSize, proof: parsed.proof, note: parsed.checkpointNote, text, checkpoint };
}

/** Why the new checkpoint does not extend the stored one, or null when it does. */
function checkConsistency(
  oldSize: number,
  oldRoot: Buffer,
  checkpoint: Checkpoint,
  proof: Buffer[],
): WitnessAnswer | null {
  if (oldSize === checkpoint.size) {
    // the spec answers a same-size fork with 409: the log must learn the witness holds another root
    if (!oldRoot.equals(checkpoint.root)) return conflict(oldSize);
    if (proof.length > 0) return plain(422, 'A checkpoint of the stored size takes an empty proof.');
    return null;
  }
  if (oldSize === 0) {
    return proof.length > 0 ? plain(422, 'The proof from size 0 must be empty.') : null;
  }
  if (!verifyConsistency(oldSize, checkpoint.size, proof, oldRoot, checkpoint.root)) {
    return plain(422, `The consistency proof from size ${oldSize} to ${checkpoint.size} does not verify.`);
  }
  return null;
}
