import { formatAddCheckpoint, parseSize } from '../platform/tlog/index.ts';

export interface AddCheckpointInput {
  /** the size of the checkpoint the witness last cosigned, as far as the log knows (0 at first contact) */
  oldSize: number;
  /** the consistency proof from oldSize to the checkpoint's size (empty from 0) */
  proof: readonly Buffer[];
  /** the checkpoint as a signed note carrying the log's signature */
  checkpointNote: string;
}

export type AddCheckpointResult =
  /** the witness's signature lines (without newlines), to be checked with the witness's verifier key */
  | { status: 'cosigned'; lines: string[] }
  /**
   * the witness holds another size: send again from `size` with a proof from there. A size equal to the
   * checkpoint's own means the witness holds a different root for that size.
   */
  | { status: 'conflict'; size: number }
  /** any other answer; code 0 when no answer came (unreachable, timed out) */
  | { status: 'refused'; code: number; message: string };

const MAX_MESSAGE = 500;

function refused(code: number, message: string): AddCheckpointResult {
  return { status: 'refused', code, message: message.trim().slice(0, MAX_MESSAGE) };
}

/** The part of the URL before /add-checkpoint: the witness's submission prefix, with or without its final slash. */
function endpointOf(witnessUrl: string): string {
  return `${witnessUrl.replace(/\/+$/, '')}/add-checkpoint`;
}

function readCosignatures(body: string): AddCheckpointResult {
  const lines = body.split('\n').filter((line) => line !== '');
  if (lines.length === 0 || !lines.every((line) => line.startsWith('\u2014 '))) {
    return refused(200, `The witness answered 200 without signature lines: ${body}`);
  }
  return { status: 'cosigned', lines };
}

function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer in time';
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

/** Asks one witness to cosign a checkpoint (c2sp.org/tlog-witness add-checkpoint). Never throws for the network. */
export async function addCheckpoint(
  witnessUrl: string,
  input: AddCheckpointInput,
  options: { timeoutMs: number },
): Promise<AddCheckpointResult> {
  const body = formatAddCheckpoint(input);
  let response: Response;
  let text: string;
  try {
    response = await fetch(endpointOf(witnessUrl), {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    return refused(0, `Witness ${witnessUrl}: ${networkReason(error)}`);
  }
  if (response.status === 200) return readCosignatures(text);
  if (response.status === 409) {
    const size = text.endsWith('\n') ? parseSize(text.slice(0, -1)) : undefined;
    const contentType = response.headers.get('content-type') ?? '';
    if (size !== undefined && contentType.split(';')[0]!.trim() === 'text/x.tlog.size') {
      return { status: 'conflict', size };
    }
  }
  return refused(response.status, text || response.statusText);
}
