import { requestId } from './outcomes.ts';

/** What the simulator answers: an HTTP status and a JSON body. */
export interface SimAnswer {
  status: number;
  body: unknown;
}

export type JsonObject = Record<string, unknown>;

export function ok(body: unknown): SimAnswer {
  return { status: 200, body };
}

/** Daraja's error shape: {"requestId","errorCode","errorMessage"}. */
export function darajaError(status: number, errorCode: string, errorMessage: string): SimAnswer {
  return { status, body: { requestId: requestId(), errorCode, errorMessage } };
}

/** "Bad Request - Invalid <Field>", as Daraja names the field it refuses. */
export function invalidField(field: string): SimAnswer {
  return darajaError(400, '400.002.02', `Bad Request - Invalid ${field}`);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field Daraja takes as text or as a number ("174379" or 174379). */
export function loose(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
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
