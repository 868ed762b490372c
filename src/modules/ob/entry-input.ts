import { Problems } from '../../platform/http/errors.ts';
import { checkDetails } from './entry-details.ts';
import { cleanText } from '../../platform/text/index.ts';
import { readTypedInstant } from '../../platform/time/index.ts';
import { parseObNumber, type ObNumber } from './ob-number.ts';
import { isLocale, type Locale } from '../../platform/i18n/index.ts';

// What an OB entry may hold, and how what the desk typed becomes one (or a 400 naming each field).

/** Kinds the desk records (the day's close and footage come through their own commands). */
export const deskKinds = [
  'report',
  'lost_property',
  'found_property',
  'accident',
  'arrest',
  'release',
  'cell_visit',
  'booking_out',
  'booking_in',
  'firearm_issued',
  'firearm_returned',
  'general',
] as const;
export type DeskKind = (typeof deskKinds)[number];
export type EntryKind = DeskKind | 'footage' | 'day_close';

export const personRoles = [
  'complainant',
  'suspect',
  'witness',
  'arrested',
  'victim',
  'visitor',
  'finder',
  'owner',
  'driver',
] as const;
export const sexes = ['female', 'male', 'other'] as const;
export const releaseModes = ['bail', 'bond', 'court', 'free', 'transfer'] as const;
export const bookingPurposes = ['patrol', 'duty', 'escort', 'court', 'other'] as const;

export const LIMITS = {
  narrative: 4000,
  place: 300,
  name: 200,
  idNumber: 40,
  phone: 20,
  persons: 20,
  property: 50,
  propertyText: 300,
  links: 20,
  reason: 1000,
  short: 200,
  note: 500,
} as const;

export interface PersonInput {
  role: (typeof personRoles)[number];
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  age: number | null;
  sex: (typeof sexes)[number] | null;
}

export interface PropertyItem {
  description: string;
  quantity?: number;
  serial?: string;
}

/** A checked entry: clean text, known kind, times in the past, references still to be found at the station. */
export interface CheckedEntry {
  kind: DeskKind;
  occurredAt: Date;
  place: string;
  narrative: string;
  persons: PersonInput[];
  property: PropertyItem[];
  links: ObNumber[];
  amends: { ob: ObNumber; reason: string } | null;
  /** What the kind adds; `releaseOf`/`visitOf` are OB numbers, resolved to entries by the service. */
  details: Record<string, string | number>;
  releaseOf: ObNumber | null;
  /** The complainant's language, for the slip's SMS (never part of the entry). */
  language: Locale | null;
}

type Raw = Record<string, unknown>;

const text = (value: unknown, multiline = false) =>
  typeof value === 'string' || typeof value === 'number' ? cleanText(String(value), { multiline }) : '';

function oneOf<T extends string>(list: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** An instant typed as ISO 8601 with an offset, or as the form's local `YYYY-MM-DDTHH:MM` (in the station's zone). */
export function readInstant(value: unknown, zone: string): Date | undefined {
  return readTypedInstant(text(value), zone);
}

function checkTime(problems: Problems, field: string, value: unknown, now: Date, zone: string): Date {
  const when = readInstant(value, zone);
  if (!when) problems.add(field, 'ob.error.time');
  else if (when.getTime() > now.getTime() + 60_000) problems.add(field, 'ob.error.future');
  return when ?? now;
}

function limited(problems: Problems, field: string, value: string, max: number, required = false): string {
  if (required && value === '') problems.add(field, 'ob.error.required');
  else if (value.length > max) problems.add(field, 'ob.error.tooLong', { max });
  return value;
}

function checkPerson(problems: Problems, raw: unknown, i: number): PersonInput | undefined {
  const p = (raw ?? {}) as Raw;
  const field = (name: string) => `persons.${i}.${name}`;
  const role = oneOf(personRoles, p.role);
  if (!role) problems.add(field('role'), 'ob.error.personRole');
  const name = limited(problems, field('name'), text(p.name), LIMITS.name);
  const idNumber = limited(problems, field('idNumber'), text(p.idNumber).toUpperCase(), LIMITS.idNumber);
  const phone = text(p.phone).replace(/[\s-]/g, '');
  if (phone !== '' && !/^\+?\d{7,15}$/.test(phone)) problems.add(field('phone'), 'ob.error.phone');
  const ageText = text(p.age);
  const age = ageText === '' ? null : Number(ageText);
  if (age !== null && !(Number.isInteger(age) && age >= 0 && age <= 130)) problems.add(field('age'), 'ob.error.age');
  const sexText = text(p.sex);
  const sex = sexText === '' ? null : (oneOf(sexes, sexText) ?? null);
  if (sexText !== '' && !sex) problems.add(field('sex'), 'ob.error.sex');
  if (!role) return undefined;
  const empty = name === '' && idNumber === '' && phone === '' && age === null && sex === null;
  if (empty) return undefined;
  return { role, name: name || null, idNumber: idNumber || null, phone: phone || null, age, sex };
}

function checkProperty(problems: Problems, raw: unknown, i: number): PropertyItem | undefined {
  const item = (typeof raw === 'string' ? { description: raw } : (raw ?? {})) as Raw;
  const description = limited(problems, `property.${i}.description`, text(item.description), LIMITS.propertyText);
  const serial = limited(problems, `property.${i}.serial`, text(item.serial), LIMITS.short);
  const quantityText = text(item.quantity);
  const quantity = quantityText === '' ? undefined : Number(quantityText);
  if (quantity !== undefined && !(Number.isInteger(quantity) && quantity >= 1 && quantity <= 100_000))
    problems.add(`property.${i}.quantity`, 'ob.error.quantity');
  if (description === '') {
    if (serial !== '' || quantity !== undefined) problems.add(`property.${i}.description`, 'ob.error.required');
    return undefined;
  }
  return { description, ...(quantity !== undefined ? { quantity } : {}), ...(serial ? { serial } : {}) };
}

function list(value: unknown, max: number, problems: Problems, field: string): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  if (!Array.isArray(value)) {
    problems.add(field, 'ob.error.list');
    return [];
  }
  if (value.length > max) problems.add(field, 'ob.error.tooMany', { max });
  return value.slice(0, max);
}

function obReference(problems: Problems, field: string, value: unknown, required: boolean): ObNumber | null {
  const typed = text(value);
  if (typed === '') {
    if (required) problems.add(field, 'ob.error.required');
    return null;
  }
  const ob = parseObNumber(typed);
  if (!ob) problems.add(field, 'ob.error.obNumber');
  return ob ?? null;
}

/**
 * Checks what the desk sent: every problem at once as a 400 naming its field, nothing stored.
 * `now` is the platform's clock; times may not be in the future.
 */
export function checkEntry(body: unknown, now: Date, zone: string): CheckedEntry {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Raw;
  const problems = new Problems();
  const kind = oneOf(deskKinds, raw.kind);
  if (!kind) problems.add('kind', raw.kind === undefined || raw.kind === '' ? 'ob.error.required' : 'ob.error.kind');
  const occurredAt = checkTime(problems, 'occurredAt', raw.occurredAt, now, zone);
  const place = limited(problems, 'place', text(raw.place), LIMITS.place);
  const narrative = limited(problems, 'narrative', text(raw.narrative, true), LIMITS.narrative, true);
  const persons = list(raw.persons, LIMITS.persons, problems, 'persons')
    .map((p, i) => checkPerson(problems, p, i))
    .filter((p): p is PersonInput => p !== undefined);
  const property = list(raw.property, LIMITS.property, problems, 'property')
    .map((p, i) => checkProperty(problems, p, i))
    .filter((p): p is PropertyItem => p !== undefined);
  if ((kind === 'lost_property' || kind === 'found_property') && property.length === 0)
    problems.add('property', 'ob.error.propertyNeeded');
  const links = list(raw.links, LIMITS.links, problems, 'links')
    .map((l, i) => obReference(problems, `links.${i}`, l, true))
    .filter((l): l is ObNumber => l !== null);
  const amendsOb = obReference(problems, 'amends', raw.amends, false);
  const reason = limited(problems, 'amendReason', text(raw.amendReason, true), LIMITS.reason, amendsOb !== null);
  const releaseOf = kind === 'release' ? obReference(problems, 'releaseOf', raw.releaseOf, true) : null;
  const details = kind ? checkDetails(problems, kind, raw, persons, now, zone) : {};
  const languageText = text(raw.language);
  const language = isLocale(languageText) ? languageText : null;
  if (languageText !== '' && !language) problems.add('language', 'ob.error.language');
  problems.throwIfAny();
  return {
    kind: kind!,
    occurredAt,
    place,
    narrative,
    persons,
    property,
    links,
    amends: amendsOb ? { ob: amendsOb, reason } : null,
    details,
    releaseOf,
    language,
  };
}
