/** What the simulator answers: an HTTP status and a JSON body, or plain text as Africa's Talking's errors are. */
export interface SimAnswer {
  status: number;
  body: unknown;
  type?: 'json' | 'text';
}

export type JsonObject = Record<string, unknown>;

export function ok(body: unknown): SimAnswer {
  return { status: 200, body };
}

export function plain(status: number, message: string): SimAnswer {
  return { status, body: message, type: 'text' };
}

export function refused(status: number, error: string): SimAnswer {
  return { status, body: { error } };
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An http(s) URL the simulator can call, or undefined. */
export function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A number as it came in a query string, where an unencoded + turns into a space. */
export function numberFromQuery(value: string): string {
  const trimmed = value.trim();
  return /^\d/.test(trimmed) ? `+${trimmed}` : trimmed;
}
