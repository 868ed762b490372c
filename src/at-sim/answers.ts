import type { SimAnswer } from '../sim-kit/answers.ts';

export { httpUrl, isObject, ok, type JsonObject, type SimAnswer } from '../sim-kit/answers.ts';

/** Plain text, as Africa's Talking's errors are. */
export function plain(status: number, message: string): SimAnswer {
  return { status, body: message, type: 'text' };
}

export function refused(status: number, error: string): SimAnswer {
  return { status, body: { error } };
}

/** A number as it came in a query string, where an unencoded + turns into a space. */
export function numberFromQuery(value: string): string {
  const trimmed = value.trim();
  return /^\d/.test(trimmed) ? `+${trimmed}` : trimmed;
}
