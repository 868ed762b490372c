import { counties, jurisdiction, misconductCategories, misconductCategory } from '../../jurisdiction/kenya/index.ts';
import { countyAt } from '../../jurisdiction/kenya/geo.ts';
import { actorLabel, type Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/index.ts';
import { hmacHex, randomToken, safeEqual } from '../../platform/crypto/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { listStations } from '../../platform/db/reference-store.ts';
import { BadInput, Forbidden, NotFound, Problems, type FieldProblem } from '../../platform/http/errors.ts';
import { formatDateTime, isLocale, type Translate } from '../../platform/i18n/index.ts';
import type { Platform } from '../../platform/module.ts';
import { addDays, instantAt, startOfLocalDay } from '../../platform/time/index.ts';
import {
  formatReceipt,
  listPublicReports,
  MAX_OFFICERS,
  reportCategories,
  reportIdForReceipt,
  submitReport,
  type PublicReportRow,
  type ReportInput,
} from '../reports/index.ts';
import { mayManageKeys } from './permissions.ts';
import * as store from './store.ts';

/** Works only while Sauti runs in demo mode; documented in discovery and the API description. */
export const DEMO_API_KEY = 'open311-demo-key';
export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint last changed in a way clients should know of. */
export const CHANGESET = startOfLocalDay('2026-11-23', jurisdiction.timeZone);
export const MAX_RANGE_DAYS = 90;
export const MAX_RESULTS = 1000;
export const MAX_IDS = 100;

const english = (platform: Platform): Translate => platform.i18n.translator('en');

// ---------------------------------------------------------------- API keys

declare const apiClientBrand: unique symbol;
/** An app that showed a valid API key; only checkApiKey makes one. */
export type ApiClient = { readonly keyId: string; readonly label: string; readonly [apiClientBrand]: true };

function keyHmac(platform: Platform, key: string): string {
  return hmacHex(platform.config.secret, 'open311-api-key', key);
}

/** The app's key, checked before anything else of a request is looked at. Any failure is the same 403. */
export async function checkApiKey(platform: Platform, key: unknown): Promise<ApiClient> {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) throw new Forbidden();
  // The demo key may linger in a database that began in demo mode; it opens nothing outside it.
  if (!platform.config.demo && safeEqual(key, DEMO_API_KEY)) throw new Forbidden();
  const row = await store.findActiveApiKey(platform.db.pool, keyHmac(platform, key));
  if (!row) throw new Forbidden();
  return { keyId: row.id, label: row.label } as ApiClient;
}

function assertMayManageKeys(actor: Actor): void {
  if (!mayManageKeys(actor)) throw new Forbidden();
}

/** Issues a key for an app; the key is returned once and only its HMAC is kept. */
export async function createApiKey(
  platform: Platform,
  actor: Actor,
  label: string,
): Promise<{ id: string; key: string }> {
  assertMayManageKeys(actor);
  const name = label.trim();
  if (!name || name.length > 200) throw new BadInput([{ field: 'label', message: 'open311.error.label' }]);
  const key = randomToken(24);
  const id = await inTransaction(platform.db.pool, async (client) => {
    const created = await store.insertApiKey(client, keyHmac(platform, key), name, actorLabel(actor));
    if (!created) throw new Error('API key collision');
    await audit(client, actor, 'open311.api_key.create', 'open311_api_key', created, { label: name });
    return created;
  });
  return { id, key };
}

export async function revokeApiKey(platform: Platform, actor: Actor, id: string): Promise<void> {
  assertMayManageKeys(actor);
  if (!/^\d{1,18}$/.test(id)) throw new NotFound();
  await inTransaction(platform.db.pool, async (client) => {
    if (!(await store.revokeApiKey(client, id))) throw new NotFound();
    await audit(client, actor, 'open311.api_key.revoke', 'open311_api_key', id);
  });
}

/** Demo mode only: the documented key `open311-demo-key`. */
export async function loadOpen311Demo(platform: Platform): Promise<void> {
  if (!platform.config.demo) return;
  await store.insertApiKey(
    platform.db.pool,
    keyHmac(platform, DEMO_API_KEY),
    'Demo key (works in demo mode only)',
    'Sauti demo',
  );
}

// ---------------------------------------------------------------- discovery and services

export type Discovery = {
  changeset: Date;
  contact: string;
  key_service: string;
  endpoints: Array<{
    specification: string;
    url: string;
    changeset: Date;
    type: 'production' | 'test';
    formats: string[];
  }>;
};

export function discovery(platform: Platform): Discovery {
  const t = english(platform);
  const { publicUrl, demo } = platform.config;
  return {
    changeset: CHANGESET,
    contact: t('open311.discovery.contact', { url: publicUrl }),
    key_service: demo
      ? `${t('open311.discovery.keyService')} ${t('open311.discovery.demoKey', { key: DEMO_API_KEY })}`
      : t('open311.discovery.keyService'),
    endpoints: [
      {
        specification: SPECIFICATION,
        url: `${publicUrl}/open311/v2`,
        changeset: CHANGESET,
        type: demo ? 'test' : 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

export type Service = {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
};

export function listServices(platform: Platform): Service[] {
  const t = english(platform);
  return misconductCategories.map((c) => ({
    service_code: c.code,
    service_name: t(`category.${c.code}`),
    description: t(`category.${c.code}.hint`),
    metadata: true,
    type: 'realtime',
    keywords: c.keywords.join(', '),
    group: t('open311.group'),
  }));
}

export type Attribute = {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
};

export type ServiceDefinition = { service_code: string; attributes: Attribute[] };

/** The questions each misconduct category asks, beyond the description and location. */
export async function serviceDefinition(platform: Platform, code: string): Promise<ServiceDefinition> {
  if (!misconductCategory(code)) throw new NotFound();
  const t = english(platform);
  const countyName = new Map(counties.map((c) => [c.code, c.name]));
  const stations = await listStations(platform.db.pool);
  const attribute = (a: Omit<Attribute, 'variable' | 'description' | 'datatype_description'>): Attribute => ({
    variable: true,
    code: a.code,
    datatype: a.datatype,
    required: a.required,
    datatype_description: t(`open311.attribute.${a.code}.format`, { max: MAX_OFFICERS }),
    order: a.order,
    description: t(`open311.attribute.${a.code}`),
    ...(a.values ? { values: a.values } : {}),
  });
  return {
    service_code: code,
    attributes: [
      attribute({
        code: 'county',
        datatype: 'singlevaluelist',
        required: false,
        order: 1,
        values: counties.map((c) => ({ key: c.code, name: c.name })),
      }),
      attribute({
        code: 'station',
        datatype: 'singlevaluelist',
        required: false,
        order: 2,
        values: stations.map((s) => ({
          key: s.id,
          name: `${s.name} (${countyName.get(s.county_code) ?? s.county_code})`,
        })),
      }),
      attribute({
        code: 'anonymous',
        datatype: 'singlevaluelist',
        required: false,
        order: 3,
        values: [
          { key: 'yes', name: t('open311.attribute.anonymous.yes') },
          { key: 'no', name: t('open311.attribute.anonymous.no') },
        ],
      }),
      attribute({ code: 'officers', datatype: 'string', required: false, order: 4 }),
      attribute({ code: 'occurred_at', datatype: 'datetime', required: false, order: 5 }),
    ],
  };
}

// ---------------------------------------------------------------- filing a report

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

const text = (value: string | undefined): string => (value ?? '').trim();

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
 * Files a real report from an Open311 request. Contact details are kept only when the caller
 * did not choose anonymity and gave a way to reach the reporter; device_id, account_id and
 * media_url are never read, so never stored.
 */
export async function createServiceRequest(
  platform: Platform,
  _client: ApiClient,
  form: RequestForm,
  language: string,
): Promise<CreatedRequest> {
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

  const input: ReportInput = {
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

  let submitted;
  try {
    submitted = await submitReport(platform, input, 'open311', []);
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    throw new BadInput(error.problems.map((p): FieldProblem => ({ ...p, field: open311Fields[p.field] ?? p.field })));
  }
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

// ---------------------------------------------------------------- reading requests

/**
 * What the public may know of a report. Misconduct reports are not public: no description,
 * place, coordinates, people, contact details or media; the address is the county (and station).
 */
export type ServiceRequest = {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  agency_responsible: string;
  requested_datetime: Date;
  updated_datetime: Date;
  expected_datetime: Date;
  address: string;
};

function publicRecord(t: Translate, row: PublicReportRow): ServiceRequest {
  return {
    service_request_id: row.id,
    status: row.status === 'closed' ? 'closed' : 'open',
    status_notes: t(`open311.status.${row.status}`),
    service_name: t(`category.${row.category}`),
    service_code: row.category,
    agency_responsible: t(`unit.${row.unit_code}`),
    requested_datetime: row.created_at,
    updated_datetime: row.updated_at,
    expected_datetime: row.first_response_due_at,
    address: row.station_name ? `${row.station_name}, ${row.county_name}` : row.county_name,
  };
}

export interface RequestQuery {
  service_request_id?: string | undefined;
  service_code?: string | undefined;
  start_date?: string | undefined;
  end_date?: string | undefined;
  status?: string | undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+\- ]\d{2}:?\d{2})?)?$/;
const DAY_MS = 24 * 3600_000;

/**
 * ISO 8601 date or date-time; without a zone it is Nairobi time. A "+" left unencoded in a
 * query string arrives as a space, so " 03:00" is read as "+03:00". A bare end date means the
 * end of that day (in Nairobi).
 */
function parseIsoDate(raw: string, endOfDay: boolean): Date | undefined {
  const m = ISO_DATE.exec(raw.trim());
  if (!m) return undefined;
  const [, y, mo, d, hh, mi, ss, frac, zone] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d))
    return undefined;
  const localDay = `${y}-${mo}-${d}`;
  if (hh === undefined) {
    return endOfDay
      ? new Date(startOfLocalDay(addDays(localDay, 1), jurisdiction.timeZone).getTime() - 1)
      : startOfLocalDay(localDay, jurisdiction.timeZone);
  }
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss ?? 0) > 59) return undefined;
  if (zone === undefined) {
    // no offset given: the local time in Nairobi (fractions of a second to the millisecond)
    return new Date(
      instantAt(localDay, `${hh}:${mi}:${ss ?? '00'}`, jurisdiction.timeZone).getTime() +
        Math.floor(Number(`0${frac ?? ''}`) * 1000),
    );
  }
  let offset = zone;
  if (offset.startsWith(' ')) offset = `+${offset.slice(1)}`;
  if (offset !== 'Z' && !offset.includes(':')) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${hh}:${mi}:${ss ?? '00'}${frac ?? ''}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** GET requests: ids (which override the rest), or category, status and a window of at most 90 days. */
export async function findServiceRequests(
  platform: Platform,
  query: RequestQuery,
  now = platform.clock.now(),
): Promise<ServiceRequest[]> {
  const problems = new Problems();
  const t = english(platform);

  const idsText = text(query.service_request_id);
  if (idsText) {
    const ids = idsText
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (ids.length > MAX_IDS) problems.add('service_request_id', 'open311.error.tooManyIds', { max: MAX_IDS });
    else if (!ids.every((id) => /^\d{1,18}$/.test(id))) problems.add('service_request_id', 'open311.error.requestIds');
    problems.throwIfAny();
    const rows = await listPublicReports(platform, { ids, limit: ids.length });
    return rows.map((row) => publicRecord(t, row));
  }

  const category = text(query.service_code) || undefined;
  if (category && !reportCategories.includes(category)) problems.add('service_code', 'open311.error.serviceCode');

  let open: boolean | undefined;
  const statuses = new Set(
    text(query.status)
      .toLowerCase()
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  if ([...statuses].some((s) => s !== 'open' && s !== 'closed')) problems.add('status', 'open311.error.status');
  else if (statuses.size === 1) open = statuses.has('open');

  const startText = text(query.start_date);
  const endText = text(query.end_date);
  const start = startText ? parseIsoDate(startText, false) : undefined;
  const end = endText ? parseIsoDate(endText, true) : undefined;
  if (startText && !start) problems.add('start_date', 'open311.error.date');
  if (endText && !end) problems.add('end_date', 'open311.error.date');
  problems.throwIfAny();

  const span = MAX_RANGE_DAYS * DAY_MS;
  let from: Date;
  let to: Date;
  if (start && end) {
    if (end.getTime() < start.getTime()) problems.add('end_date', 'open311.error.dateOrder');
    else if (end.getTime() - start.getTime() > span)
      problems.add('end_date', 'open311.error.dateRange', { count: MAX_RANGE_DAYS });
    problems.throwIfAny();
    from = start;
    to = end;
  } else if (start) {
    from = start;
    to = new Date(start.getTime() + span);
  } else if (end) {
    to = end;
    from = new Date(end.getTime() - span);
  } else {
    to = now;
    from = new Date(now.getTime() - span);
  }

  const rows = await listPublicReports(platform, {
    ...(category ? { category } : {}),
    from,
    to,
    ...(open !== undefined ? { open } : {}),
    limit: MAX_RESULTS,
  });
  return rows.map((row) => publicRecord(t, row));
}

export async function findServiceRequest(platform: Platform, id: string): Promise<ServiceRequest> {
  if (!/^\d{1,18}$/.test(id)) throw new NotFound();
  const [row] = await listPublicReports(platform, { ids: [id], limit: 1 });
  if (!row) throw new NotFound();
  return publicRecord(english(platform), row);
}

// ---------------------------------------------------------------- tokens

/**
 * GeoReport v2 lets a client turn the token of a filing into its service_request_id later
 * (GET /tokens/{token}). Sauti files at once, so the id is known when the token is given: the
 * token is the id with a MAC under the server secret, which needs no table and cannot be made up
 * for a report that was not filed through Open311.
 */
const TOKEN = /^(\d{1,18})-([0-9a-f]{24})$/;

export function requestToken(platform: Platform, serviceRequestId: string): string {
  return `${serviceRequestId}-${hmacHex(platform.config.secret, 'open311-token', serviceRequestId).slice(0, 24)}`;
}

export type TokenAnswer = { service_request_id: string; token: string };

/** The request a token stands for; a malformed, forged or unknown token is not found. */
export async function findToken(platform: Platform, token: string): Promise<TokenAnswer> {
  const m = TOKEN.exec(token);
  if (!m || !safeEqual(requestToken(platform, m[1]!), token)) throw new NotFound();
  const [row] = await listPublicReports(platform, { ids: [m[1]!], limit: 1 });
  if (!row) throw new NotFound();
  return { service_request_id: row.id, token };
}
