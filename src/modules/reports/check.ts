import { counties, jurisdiction, misconductCategory } from '../../jurisdiction/kenya/index.ts';
import { stationCounty } from '../../platform/reference.ts';
import { Problems } from '../../platform/http/errors.ts';
import { isLocale, type Locale } from '../../platform/i18n/index.ts';
import type { Platform } from '../../platform/module.ts';
import { instantAt } from '../../platform/time/index.ts';
import { cleanText, normalisePhone } from '../../platform/text/index.ts';
import type { NewReport } from './store.ts';

export const MAX_DESCRIPTION = 4000;
export const MAX_PLACE = 300;
export const MAX_OFFICERS = 10;

/** A report as it arrives from any channel, before checking. */
export interface ReportInput {
  category?: string | undefined;
  description?: string | undefined;
  /** ISO 8601 with zone, or a Nairobi local "YYYY-MM-DD" and optional "HH:MM". */
  occurredAt?: string | undefined;
  occurredDate?: string | undefined;
  occurredTime?: string | undefined;
  county?: string | undefined;
  station?: string | undefined;
  place?: string | undefined;
  latitude?: number | string | undefined;
  longitude?: number | string | undefined;
  officers?:
    | Array<{ name?: string | undefined; serviceNumber?: string | undefined; vehiclePlate?: string | undefined }>
    | undefined;
  anonymous?: boolean | undefined;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
  contactEmail?: string | undefined;
  language?: string | undefined;
  /** the free document (its number, or its kind) a "report a demand for money" link named */
  aboutDocument?: string | undefined;
}

/** A report as its rules accept it: what is stored, but for the receipt and the channel it came by. */
export type CheckedReport = Omit<NewReport, 'receiptHmac' | 'channel' | 'language'> & { language: Locale };

// one-line fields; the description keeps its lines
const clean = (value: string | undefined | null): string => cleanText(value);

export { normalisePhone };

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;

function toNumber(value: number | string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * A date and time written in Nairobi (noon when no time is given). As ISO 8601 readers do, a day
 * past the month's end rolls into the next month and 24:00 is the next midnight.
 */
function nairobiLocal(date: string, time: string | undefined): Date | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!day || Number(day[2]) < 1 || Number(day[2]) > 12 || Number(day[3]) < 1 || Number(day[3]) > 31) return undefined;
  const clock = /^(\d{2}):(\d{2})$/.exec(time || '12:00');
  if (!clock || Number(clock[1]) > 24 || Number(clock[2]) > 59 || (clock[1] === '24' && clock[2] !== '00'))
    return undefined;
  return instantAt(date, `${clock[1]}:${clock[2]}`, jurisdiction.timeZone);
}

type Officer = { name?: string; serviceNumber?: string; vehiclePlate?: string };

function checkWhat(problems: Problems, input: ReportInput): { category: string; description: string } {
  const category = clean(input.category);
  if (!category) problems.add('category', 'reports.error.categoryRequired');
  else if (!misconductCategory(category)) problems.add('category', 'reports.error.category');

  const description = cleanText(input.description, { multiline: true });
  if (!description) problems.add('description', 'reports.error.descriptionRequired');
  else if (description.length > MAX_DESCRIPTION) problems.add('description', 'error.tooLong', { max: MAX_DESCRIPTION });
  return { category, description };
}

/** When it happened: an ISO 8601 time, or a Nairobi date and time; never more than ten minutes ahead. */
function checkWhen(problems: Problems, input: ReportInput, now: Date): Date | null {
  const occurredText = clean(input.occurredAt);
  const occurredDate = clean(input.occurredDate);
  if (!occurredText && !occurredDate) return null;
  const parsed = occurredText
    ? new Date(occurredText)
    : nairobiLocal(occurredDate, clean(input.occurredTime) || undefined);
  if (!parsed || Number.isNaN(parsed.getTime()))
    problems.add(occurredText ? 'occurredAt' : 'occurredDate', 'reports.error.when');
  else if (parsed.getTime() > now.getTime() + 10 * 60_000)
    problems.add(occurredText ? 'occurredAt' : 'occurredDate', 'reports.error.future');
  else return parsed;
  return null;
}

async function checkWhere(
  problems: Problems,
  input: ReportInput,
  platform: Platform,
): Promise<Pick<CheckedReport, 'countyCode' | 'stationId' | 'place'>> {
  const county = clean(input.county);
  if (!county) problems.add('county', 'reports.error.countyRequired');
  else if (!counties.some((c) => c.code === county)) problems.add('county', 'reports.error.county');
  const stationId = clean(input.station) || null;
  if (stationId && !problems.has('county') && (await stationCounty(platform.db, stationId)) !== county)
    problems.add('station', 'reports.error.station');

  const place = clean(input.place) || null;
  if (place && place.length > MAX_PLACE) problems.add('place', 'error.tooLong', { max: MAX_PLACE });
  return { countyCode: county, stationId, place };
}

function checkCoordinates(problems: Problems, input: ReportInput): { latitude?: number; longitude?: number } {
  const latitude = toNumber(input.latitude);
  const longitude = toNumber(input.longitude);
  if ((latitude === undefined) !== (longitude === undefined)) problems.add('latitude', 'reports.error.coordinatesPair');
  else if (latitude !== undefined && (Number.isNaN(latitude) || latitude < -90 || latitude > 90))
    problems.add('latitude', 'reports.error.latitude');
  else if (longitude !== undefined && (Number.isNaN(longitude) || longitude < -180 || longitude > 180))
    problems.add('longitude', 'reports.error.longitude');
  return { ...(latitude !== undefined ? { latitude } : {}), ...(longitude !== undefined ? { longitude } : {}) };
}

/** The officers named, each with only the details given; rows left empty are dropped. */
function checkOfficers(problems: Problems, input: ReportInput): Officer[] {
  const officers = (input.officers ?? [])
    .map((o) => ({
      name: clean(o.name).slice(0, 200),
      serviceNumber: clean(o.serviceNumber).slice(0, 40),
      vehiclePlate: clean(o.vehiclePlate).toUpperCase().slice(0, 20),
    }))
    .filter((o) => o.name || o.serviceNumber || o.vehiclePlate)
    .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v)) as Officer);
  if (officers.length > MAX_OFFICERS) problems.add('officers', 'reports.error.tooManyOfficers', { max: MAX_OFFICERS });
  return officers;
}

/** Anonymous unless the reporter asked to be contacted; an anonymous report keeps no contact detail at all. */
function checkContact(
  problems: Problems,
  input: ReportInput,
): Pick<CheckedReport, 'anonymous' | 'contactName' | 'contactPhone' | 'contactEmail'> {
  const anonymous = input.anonymous !== false;
  if (anonymous) return { anonymous, contactName: null, contactPhone: null, contactEmail: null };
  const contactName = clean(input.contactName).slice(0, 200) || null;
  let contactPhone: string | null = null;
  let contactEmail: string | null = null;
  const phone = clean(input.contactPhone);
  const email = clean(input.contactEmail);
  if (phone) {
    contactPhone = normalisePhone(phone) ?? null;
    if (!contactPhone) problems.add('contactPhone', 'reports.error.phone');
  }
  if (email) {
    if (EMAIL.test(email) && email.length <= 254) contactEmail = email.toLowerCase();
    else problems.add('contactEmail', 'reports.error.email');
  }
  if (!phone && !email) problems.add('contactPhone', 'reports.error.contactRequired');
  return { anonymous, contactName, contactPhone, contactEmail };
}

/** Checks and cleans a report from any channel; every problem at once (BadInput), in the form's order. */
export async function checkReport(platform: Platform, input: ReportInput): Promise<CheckedReport> {
  const problems = new Problems();
  const what = checkWhat(problems, input);
  const occurredAt = checkWhen(problems, input, platform.clock.now());
  const where = await checkWhere(problems, input, platform);
  const { latitude, longitude } = checkCoordinates(problems, input);
  const officers = checkOfficers(problems, input);
  const contact = checkContact(problems, input);
  problems.throwIfAny();
  return {
    ...what,
    occurredAt,
    ...where,
    latitude: latitude ?? null,
    longitude: longitude ?? null,
    officers,
    ...contact,
    language: isLocale(input.language) ? input.language : 'en',
    aboutDocument: aboutDocument(input.aboutDocument),
  };
}

const DOCUMENT = /^((PA|P3)\/[A-Z0-9-]{1,64}\/[0-9]{4}\/[0-9]{1,9}|abstract_general|abstract_traffic|p3)$/;

/** What a link said the report is about, kept only when it names a document the way documents are named. */
function aboutDocument(value: string | undefined): string | null {
  const text = clean(value);
  return DOCUMENT.test(text) ? text : null;
}
