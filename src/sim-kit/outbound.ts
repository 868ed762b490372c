export interface PostOptions {
  timeoutMs: number;
  /** aborted when the simulator closes */
  signal: AbortSignal;
  now: () => Date;
}

/** One POST's fate: the status and text answered, or why there was no answer (timed out, refused connection). */
export type Posted = { at: string; status: number; text: string } | { at: string; error: string };

function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error) return error.cause instanceof Error ? error.cause.message : error.message;
  return String(error);
}

/** POSTs a body of the given content type without following redirects; never throws. */
export async function post(
  url: string,
  content: { type: string; body: string },
  options: PostOptions,
): Promise<Posted> {
  const at = options.now().toISOString();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': content.type },
      body: content.body,
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
      redirect: 'manual',
    });
    return { at, status: response.status, text: await response.text() };
  } catch (error) {
    return { at, error: reasonOf(error, options.timeoutMs) };
  }
}
