import { Problems } from '../../../platform/http/errors.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { readInstant } from '../entry-input.ts';

export const MAX_CAMERA_ID = 100;
export const MAX_FOOTAGE_NARRATIVE = 4000;
export const MAX_FOOTAGE_PLACE = 300;
/** The longest span one lodging may cover: a body camera's shift. */
export const MAX_SPAN_HOURS = 24;

/** What the officer says about the footage being lodged. */
export interface CheckedFootage {
  cameraId: string;
  from: Date;
  to: Date;
  place: string;
  narrative: string;
}

type Raw = Record<string, unknown>;

const text = (value: unknown, multiline = false): string =>
  typeof value === 'string' || typeof value === 'number' ? cleanText(String(value), { multiline }) : '';

function limited(problems: Problems, field: string, value: string, max: number, required: boolean): string {
  if (required && value === '') problems.add(field, 'ob.error.required');
  else if (value.length > max) problems.add(field, 'ob.error.tooLong', { max });
  return value;
}

function instant(problems: Problems, field: string, value: unknown, now: Date, zone: string): Date | undefined {
  const when = readInstant(value, zone);
  if (!when) problems.add(field, 'ob.error.time');
  else if (when.getTime() > now.getTime() + 60_000) problems.add(field, 'ob.error.future');
  return when;
}

/**
 * Checks the lodging's fields (camera, the span the footage covers, place, narrative); every
 * problem is a 400 naming its field. Times are ISO 8601 with an offset, or the form's local time.
 */
export function checkFootage(body: unknown, now: Date, zone: string): CheckedFootage {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Raw;
  const problems = new Problems();
  const cameraId = limited(problems, 'cameraId', text(raw.cameraId), MAX_CAMERA_ID, true);
  const from = instant(problems, 'from', raw.from, now, zone);
  const to = instant(problems, 'to', raw.to, now, zone);
  if (from && to && to < from) problems.add('to', 'ob.footage.error.toBeforeFrom');
  else if (from && to && to.getTime() - from.getTime() > MAX_SPAN_HOURS * 3600_000)
    problems.add('to', 'ob.footage.error.spanTooLong', { hours: MAX_SPAN_HOURS });
  const place = limited(problems, 'place', text(raw.place), MAX_FOOTAGE_PLACE, false);
  const narrative = limited(problems, 'narrative', text(raw.narrative, true), MAX_FOOTAGE_NARRATIVE, true);
  problems.throwIfAny();
  return { cameraId, from: from!, to: to!, place, narrative };
}
