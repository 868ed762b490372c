import { Problems } from '../../platform/http/errors.ts';
import { cleanText, normalisePhone } from '../../platform/text/index.ts';
import { readTypedInstant } from '../../platform/time/index.ts';
import { counties } from '../../jurisdiction/kenya/index.ts';
import { priceOffences, type PricedNotice } from './schedule.ts';

// What a traffic officer's notice may hold, and how what was typed becomes one (or a 400 naming each field).

const LIMITS = { driverName: 200, licenceNumber: 40, place: 300, courtOffence: 1000 } as const;
/** A notice for an offence seen today or in the last days; never one dated ahead. */
const OLDEST_OFFENCE_DAYS = 30;
export const MAX_OFFENCES = 20;

export interface NoticeInput {
  offences?: unknown;
  courtOffence?: unknown;
  registration?: unknown;
  driverName?: unknown;
  licenceNumber?: unknown;
  driverPhone?: unknown;
  place?: unknown;
  county?: unknown;
  offenceAt?: unknown;
  language?: unknown;
}

export interface CheckedNotice {
  priced: PricedNotice;
  /** an offence outside the schedule, described for the court */
  courtOffence: string | null;
  registration: string;
  driverName: string;
  licenceNumber: string | null;
  driverPhone: string | null;
  place: string;
  countyCode: string;
  offenceAt: Date;
  language: 'en' | 'sw';
}

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? cleanText(String(value)) : '';

/** A number plate as written on the vehicle (`KDA 123A`, `kmda-123a`) in the form kept: `KDA123A`. */
export function readRegistration(typed: unknown): string | undefined {
  const plain = text(typed).toUpperCase().replace(/[\s-]/g, '');
  return /^[A-Z0-9]{2,10}$/.test(plain) && /[A-Z]/.test(plain) && /[0-9]/.test(plain) ? plain : undefined;
}

/** A Kenyan mobile number (07…, 01…, +2547…, 2541…) as M-Pesa writes it: `2547XXXXXXXX`. */
export function readMobile(typed: unknown): string | undefined {
  return normalisePhone(text(typed))?.slice(1);
}

function limited(problems: Problems, field: keyof typeof LIMITS, value: string, required: boolean): string {
  if (required && value === '') problems.add(field, `fines.error.${field}`);
  else if (value.length > LIMITS[field]) problems.add(field, 'fines.error.tooLong', { max: LIMITS[field] });
  return value;
}

function readOffenceAt(problems: Problems, value: unknown, now: Date, zone: string): Date {
  const when = readTypedInstant(text(value), zone);
  if (!when) problems.add('offenceAt', 'fines.error.offenceAt');
  else if (when.getTime() > now.getTime() + 5 * 60_000) problems.add('offenceAt', 'fines.error.future');
  else if (when.getTime() < now.getTime() - OLDEST_OFFENCE_DAYS * 86_400_000)
    problems.add('offenceAt', 'fines.error.tooOld', { days: OLDEST_OFFENCE_DAYS });
  return when ?? now;
}

/** `[{code, quantity?}]` as sent, or the form's `offences` (codes) with `quantity.<code>` fields. */
function readOffenceList(raw: unknown): Array<{ code: string; quantity: number }> | undefined {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : raw === undefined ? [] : undefined;
  if (!list || list.length > MAX_OFFENCES) return undefined;
  const out: Array<{ code: string; quantity: number }> = [];
  for (const item of list) {
    const entry = typeof item === 'string' ? { code: item } : (item as { code?: unknown; quantity?: unknown } | null);
    if (!entry || typeof entry.code !== 'string') return undefined;
    const quantity = entry.quantity === undefined || entry.quantity === '' ? 1 : Number(entry.quantity);
    out.push({ code: entry.code.trim().toUpperCase(), quantity });
  }
  return out;
}

/** Every field checked at once: a 400 names each wrong one, and nothing is kept until all are right. */
export function readNotice(input: NoticeInput, now: Date, zone: string): CheckedNotice {
  const problems = new Problems();
  const offenceAt = readOffenceAt(problems, input.offenceAt, now, zone);
  const courtOffence = limited(problems, 'courtOffence', text(input.courtOffence), false);
  const list = readOffenceList(input.offences);
  let priced: PricedNotice = { schedule: null, lines: [], totalCents: 0, kind: 'court' };
  if (!list) problems.add('offences', 'fines.error.offences', { max: MAX_OFFENCES });
  else if (list.length === 0 && courtOffence === '') problems.add('offences', 'fines.error.noOffence');
  else if (list.length > 0 && courtOffence !== '') problems.add('courtOffence', 'fines.error.courtAndSchedule');
  else if (list.length > 0) priced = priceOffences(list, offenceAt, zone, problems);
  const registration = readRegistration(input.registration);
  if (!registration) problems.add('registration', 'fines.error.registration');
  const driverName = limited(problems, 'driverName', text(input.driverName), true);
  const licence = limited(problems, 'licenceNumber', text(input.licenceNumber).toUpperCase(), false);
  const phoneText = text(input.driverPhone);
  const driverPhone = phoneText === '' ? null : (readMobile(phoneText) ?? null);
  if (phoneText !== '' && !driverPhone) problems.add('driverPhone', 'fines.error.driverPhone');
  const place = limited(problems, 'place', text(input.place), true);
  const county = text(input.county);
  if (!counties.some((c) => c.code === county)) problems.add('county', 'fines.error.county');
  const language = input.language === 'sw' ? 'sw' : 'en';
  problems.throwIfAny();
  return {
    priced,
    courtOffence: courtOffence === '' ? null : courtOffence,
    registration: registration!,
    driverName,
    licenceNumber: licence === '' ? null : licence,
    driverPhone,
    place,
    countyCode: county,
    offenceAt,
    language,
  };
}
