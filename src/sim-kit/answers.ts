/** What a simulator answers: an HTTP status and a JSON body, or plain text when `type` says so. */
export interface SimAnswer {
  status: number;
  body: unknown;
  type?: 'json' | 'text';
}

export type JsonObject = Record<string, unknown>;

export function ok(body: unknown): SimAnswer {
  return { status: 200, body };
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
