/** What became of one request the simulator made to Sauti (a delivery report or an incoming SMS). */
export interface Delivery {
  at: string;
  /** the HTTP status Sauti answered, when it answered */
  status?: number;
  /** the start of Sauti's answer */
  body?: string;
  /** why there was no answer (timed out, refused connection) */
  error?: string;
}

const KEPT_BODY_CHARS = 2000;

function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error) return error.cause instanceof Error ? error.cause.message : error.message;
  return String(error);
}

/** POSTs form fields as Africa's Talking does; never throws. Cut short when the simulator closes. */
export async function postForm(
  url: string,
  fields: Record<string, string>,
  options: { timeoutMs: number; signal: AbortSignal; now: () => Date },
): Promise<Delivery> {
  const at = options.now().toISOString();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
      redirect: 'manual',
    });
    const body = (await response.text()).slice(0, KEPT_BODY_CHARS);
    return { at, status: response.status, body };
  } catch (error) {
    return { at, error: reasonOf(error, options.timeoutMs) };
  }
}

/** A delivery that Africa's Talking would try again: no answer, or anything but a 2xx. */
export function failed(delivery: Delivery): boolean {
  return delivery.status === undefined || delivery.status < 200 || delivery.status > 299;
}
