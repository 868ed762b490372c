import type { SimAnswer } from '../sim-kit/answers.ts';
import { requestId } from './outcomes.ts';

export { httpUrl, isObject, ok, type JsonObject, type SimAnswer } from '../sim-kit/answers.ts';

/** Daraja's error shape: {"requestId","errorCode","errorMessage"}. */
export function darajaError(status: number, errorCode: string, errorMessage: string): SimAnswer {
  return { status, body: { requestId: requestId(), errorCode, errorMessage } };
}

/** "Bad Request - Invalid <Field>", as Daraja names the field it refuses. */
export function invalidField(field: string): SimAnswer {
  return darajaError(400, '400.002.02', `Bad Request - Invalid ${field}`);
}

/** A field Daraja takes as text or as a number ("174379" or 174379). */
export function loose(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
