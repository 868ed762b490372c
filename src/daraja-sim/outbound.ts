/** What became of one request the simulator made to Sauti (a callback, a validation or a confirmation). */
export interface Delivery {
  at: string;
  /** the HTTP status Sauti answered, when it answered */
  status?: number;
  /** Sauti's answer when it was JSON */
  answer?: unknown;
  /** why there was no answer (timed out, refused connection) */
  error?: string;
}

/** POSTs JSON as Daraja does; never throws. Cut short when the simulator closes. */
export async function postJson(
  url: string,
  body: unknown,
  options: { timeoutMs: number; signal: AbortSignal; now: () => Date },
): Promise<Delivery> {
  const at = options.now().toISOString();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
      redirect: 'manual',
    });
    const text = await response.text();
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    return { at, status: response.status, ...(answer !== undefined ? { answer } : {}) };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs} ms`
        : error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
    return { at, error: reason };
  }
}
