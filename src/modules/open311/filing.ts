import { countyAt } from '../../jurisdiction/kenya/geo.ts';
import { BadInput, Problems, type FieldProblem } from '../../platform/http/errors.ts';
import { formatDateTime, isLocale } from '../../platform/i18n/index.ts';
import type { Platform } from '../../platform/module.ts';
import { formatReceipt, reportIdForReceipt, submitReport, type ReportInput } from '../reports/index.ts';
import { english, text } from './common.ts';
import type { ApiClient } from './keys.ts';
import { requestToken } from './tokens.ts';

/** A GeoReport v2 request as posted (form fields, all text). */
export interface RequestForm {
  service_code?: string | undefined;
  description?: string | undefined;
  lat?: string | undefined;
  long?: string | undefined;
  address_string?: string | undefined;
  'attribute[county]'?: string | undefined;
  'attribute[station]'?: string | undefined;
  'attribute[anonymous]'?: string | undefined;
  'attribute[officers]'?: string | undefined;
  'attribute[occurred_at]'?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
}

export type CreatedRequest = { service_request_id: string; token: string; service_notice: string; account_id: null };

/** Sauti's field names as the GeoReport v2 caller knows them, for error descriptions. */
const open311Fields: Record<string, string> = {
  category: 'service_code',
  description: 'description',
  occurredAt: 'attribute[occurred_at]',
  occurredDate: 'attribute[occurred_at]',
  county: 'attribute[county]',
  station: 'attribute[station]',
  place: 'address_string',
  latitude: 'lat',
  longitude: 'long',
  officers: 'attribute[officers]',
  anonymous: 'attribute[anonymous]',
  contactName: 'first_name',
  contactPhone: 'phone',
  contactEmail: 'email',
};

/** A coordinate as GeoReport v2 sends it: a plain decimal number in range, else undefined (the report's own checks then name the field). */
function coordinate(value: string, limit: number): number | undefined {
  if (!/^[-+]?\d{1,3}(?:\.\d+)?$/.test(value)) return undefined;
  const n = Number(value);
  return Math.abs(n) <= limit ? n : undefined;
}

/**
 * The county of the report: the one given, or else the one the point (lat, long) lies in. A
 * point outside Kenya is refused naming lat/long; a request with neither a point nor a county
 * (an address_string alone cannot be placed) is refused naming the location.
 */
function placeInCounty(problems: Problems, form: RequestForm): string | undefined {
  const given = text(form['attribute[county]']);
  const latText = text(form.lat);
  const longText = text(form.long);
  const lat = coordinate(latText, 90);
  const long = coordinate(longText, 180);
  if (lat !== undefined && long !== undefined) {
    const found = countyAt(lat, long);
    if (!found) problems.add('lat/long', 'open311.error.outsideKenya', { lat: latText, long: longText });
    return given || found;
  }
  if (!given && !latText && !longText) problems.add('location', 'open311.error.location');
  return given || undefined;
}

/**
 * The report an Open311 request describes. Contact details are kept only when the caller did not
 * choose anonymity and gave a way to reach the reporter; device_id, account_id and media_url are
 * never read, so never stored.
 */
function reportInput(form: RequestForm, language: string): ReportInput {
  const problems = new Problems();
  const anonymousChoice = text(form['attribute[anonymous]']).toLowerCase();
  if (anonymousChoice && anonymousChoice !== 'yes' && anonymousChoice !== 'no')
    problems.add('attribute[anonymous]', 'open311.error.anonymous');
  const county = placeInCounty(problems, form);
  problems.throwIfAny();

  const email = text(form.email);
  const phone = text(form.phone);
  const contactable = anonymousChoice === 'no' || (anonymousChoice !== 'yes' && Boolean(email || phone));
  const officers = text(form['attribute[officers]'])
    .split(/[;\n]/)
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => ({ name }));

  return {
    category: form.service_code,
    description: form.description,
    occurredAt: text(form['attribute[occurred_at]']) || undefined,
    county,
    station: form['attribute[station]'],
    place: form.address_string,
    latitude: text(form.lat) || undefined,
    longitude: text(form.long) || undefined,
    officers,
    anonymous: !contactable,
    ...(contactable
      ? {
          contactName: [text(form.first_name), text(form.last_name)].filter(Boolean).join(' ') || undefined,
          contactPhone: phone || undefined,
          contactEmail: email || undefined,
        }
      : {}),
    language: isLocale(language) ? language : 'en',
  };
}

/** Files the report; a refusal names the fields as the GeoReport v2 caller knows them. */
async function fileReport(platform: Platform, input: ReportInput) {
  try {
    return await submitReport(platform, input, 'open311', []);
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    throw new BadInput(error.problems.map((p): FieldProblem => ({ ...p, field: open311Fields[p.field] ?? p.field })));
  }
}

/** Files a real report from an Open311 request, answered with its id, token and receipt code. */
export async function createServiceRequest(
  platform: Platform,
  _client: ApiClient,
  form: RequestForm,
  language: string,
): Promise<CreatedRequest> {
  const submitted = await fileReport(platform, reportInput(form, language));
  const t = english(platform);
  const id = await reportIdForReceipt(platform, submitted.receipt);
  return {
    service_request_id: id,
    token: requestToken(platform, id),
    service_notice: t('open311.notice', {
      receipt: formatReceipt(submitted.receipt),
      url: `${platform.config.publicUrl}/follow`,
      due: formatDateTime('en', submitted.firstResponseDueAt),
    }),
    account_id: null,
  };
}
