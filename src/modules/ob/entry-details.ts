import type { Problems } from '../../platform/http/errors.ts';
import { cleanText } from '../../platform/text/index.ts';
import { bookingPurposes, LIMITS, readInstant, releaseModes, type DeskKind, type PersonInput } from './entry-input.ts';

// What each kind of entry adds to the common fields, checked; kept flat so a form and the API send the same names.

type Raw = Record<string, unknown>;
type Details = Record<string, string | number>;

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? cleanText(String(value)) : '';

function required(problems: Problems, raw: Raw, field: string, max: number): string {
  const value = text(raw[field]);
  if (value === '') problems.add(field, 'ob.error.required');
  else if (value.length > max) problems.add(field, 'ob.error.tooLong', { max });
  return value;
}

function optional(problems: Problems, raw: Raw, field: string, max: number): string {
  const value = text(raw[field]);
  if (value.length > max) problems.add(field, 'ob.error.tooLong', { max });
  return value;
}

function choice(problems: Problems, raw: Raw, field: string, list: readonly string[]): string {
  const value = text(raw[field]);
  if (!list.includes(value)) problems.add(field, value === '' ? 'ob.error.required' : 'ob.error.choice');
  return value;
}

function arrestDetails(problems: Problems, raw: Raw, persons: PersonInput[], now: Date, zone: string): Details {
  const arrestedAt = readInstant(raw.arrestedAt, zone);
  if (!arrestedAt) problems.add('arrestedAt', text(raw.arrestedAt) === '' ? 'ob.error.required' : 'ob.error.time');
  else if (arrestedAt.getTime() > now.getTime() + 60_000) problems.add('arrestedAt', 'ob.error.future');
  const arrestedBy = required(problems, raw, 'arrestedBy', LIMITS.short);
  const reason = required(problems, raw, 'reason', LIMITS.reason);
  if (!persons.some((p) => p.role === 'arrested' && p.name)) problems.add('persons', 'ob.error.arrestedName');
  return { arrestedAt: (arrestedAt ?? now).toISOString(), arrestedBy, reason };
}

/** The kind's own fields, checked (references to other entries are read by checkEntry). */
export function checkDetails(
  problems: Problems,
  kind: DeskKind,
  raw: Raw,
  persons: PersonInput[],
  now: Date,
  zone: string,
): Details {
  switch (kind) {
    case 'arrest':
      return arrestDetails(problems, raw, persons, now, zone);
    case 'release': {
      const mode = choice(problems, raw, 'releaseMode', releaseModes);
      const note = optional(problems, raw, 'releaseNote', LIMITS.note);
      return note ? { mode, note } : { mode };
    }
    case 'booking_out':
    case 'booking_in': {
      const officers = required(problems, raw, 'officers', LIMITS.note);
      const purpose = choice(problems, raw, 'purpose', bookingPurposes);
      return { officers, purpose };
    }
    case 'firearm_issued':
    case 'firearm_returned': {
      const firearmSerial = required(problems, raw, 'firearmSerial', 60);
      const officers = required(problems, raw, 'officers', LIMITS.short);
      const roundsText = text(raw.rounds);
      const rounds = roundsText === '' ? 0 : Number(roundsText);
      if (!(Number.isInteger(rounds) && rounds >= 0 && rounds <= 1000)) problems.add('rounds', 'ob.error.rounds');
      return { firearmSerial, officers, rounds };
    }
    case 'accident': {
      const vehicles = optional(problems, raw, 'vehicles', LIMITS.note);
      const injuries = text(raw.injuries) || 'none';
      if (!['none', 'injured', 'fatal'].includes(injuries)) problems.add('injuries', 'ob.error.choice');
      return vehicles ? { vehicles, injuries } : { injuries };
    }
    default:
      return {};
  }
}
