import { DarajaError } from './errors.ts';

export interface Transport {
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** Daraja's answer: its HTTP status and its JSON object (undefined when the body was not a JSON object). */
export interface DarajaAnswer {
  status: number;
  body: Record<string, unknown> | undefined;
}

const MAX_ANSWER_CHARS = 64 * 1024;

function readJson(text: string): Record<string, unknown> | undefined {
  if (text.length > MAX_ANSWER_CHARS) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One HTTP call to Daraja within the timeout (sending and reading the whole answer). Network failures become
 * DarajaErrors; any HTTP status is returned for the caller to read. The Authorization header is never in a message.
 */
export async function callDaraja(
  transport: Transport,
  what: string,
  path: string,
  init: { method: 'GET' | 'POST'; authorization: string; body?: unknown },
): Promise<DarajaAnswer> {
  const headers: Record<string, string> = { authorization: init.authorization, accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await transport.fetch(`${transport.baseUrl}${path}`, {
      method: init.method,
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(transport.timeoutMs),
      redirect: 'error',
    });
    return { status: response.status, body: readJson(await response.text()) };
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new DarajaError(
        'timeout',
        `M-Pesa did not answer the ${what} within ${transport.timeoutMs} ms`,
        {},
        {
          cause: error,
        },
      );
    }
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new DarajaError(
      'unreachable',
      `M-Pesa could not be reached for the ${what}: ${reason}`,
      {},
      { cause: error },
    );
  }
}

export function stringField(body: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = body?.[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Daraja's error answer ({requestId, errorCode, errorMessage}) as a `refused` error, or `unexpected` without one. */
export function refusal(what: string, answer: DarajaAnswer): DarajaError {
  const errorCode = stringField(answer.body, 'errorCode') ?? stringField(answer.body, 'ResponseCode');
  const errorMessage = stringField(answer.body, 'errorMessage') ?? stringField(answer.body, 'ResponseDescription');
  const requestId = stringField(answer.body, 'requestId');
  const details = {
    status: answer.status,
    ...(errorCode !== undefined ? { errorCode } : {}),
    ...(errorMessage !== undefined ? { errorMessage } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
  if (errorCode === undefined) {
    return new DarajaError(
      'unexpected',
      `M-Pesa answered the ${what} with HTTP ${answer.status} and no error code`,
      details,
    );
  }
  return new DarajaError(
    'refused',
    `M-Pesa refused the ${what}: ${errorCode}${errorMessage ? ` ${errorMessage}` : ''}`,
    details,
  );
}
