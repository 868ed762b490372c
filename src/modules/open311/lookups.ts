import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { NotFound, Problems } from '../../platform/http/errors.ts';
import type { Translate } from '../../platform/i18n/index.ts';
import type { Platform } from '../../platform/module.ts';
import { addDays, instantAt, startOfLocalDay } from '../../platform/time/index.ts';
import { listPublicReports, reportCategories, type PublicReportRow } from '../reports/index.ts';
import { english, text } from './common.ts';

export const MAX_RANGE_DAYS = 90;
export const MAX_RESULTS = 1000;
export const MAX_IDS = 100;

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

/** The reports named by a comma-separated list of ids (at most MAX_IDS). */
async function findByIds(platform: Platform, idsText: string): Promise<ServiceRequest[]> {
  const problems = new Problems();
  const ids = idsText
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length > MAX_IDS) problems.add('service_request_id', 'open311.error.tooManyIds', { max: MAX_IDS });
  else if (!ids.every((id) => /^\d{1,18}$/.test(id))) problems.add('service_request_id', 'open311.error.requestIds');
  problems.throwIfAny();
  const rows = await listPublicReports(platform, { ids, limit: ids.length });
  const t = english(platform);
  return rows.map((row) => publicRecord(t, row));
}

/** open, closed or both ("open,closed"): true, false or undefined. */
function openFilter(problems: Problems, status: string | undefined): boolean | undefined {
  const statuses = new Set(
    text(status)
      .toLowerCase()
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  if ([...statuses].some((s) => s !== 'open' && s !== 'closed')) problems.add('status', 'open311.error.status');
  else if (statuses.size === 1) return statuses.has('open');
  return undefined;
}

/**
 * The window asked for, of at most MAX_RANGE_DAYS: both ends, or one end and that many days from
 * it, or the last that many days. Refuses (with any problem found before) a date it cannot read.
 */
function dateWindow(problems: Problems, query: RequestQuery, now: Date): { from: Date; to: Date } {
  const startText = text(query.start_date);
  const endText = text(query.end_date);
  const start = startText ? parseIsoDate(startText, false) : undefined;
  const end = endText ? parseIsoDate(endText, true) : undefined;
  if (startText && !start) problems.add('start_date', 'open311.error.date');
  if (endText && !end) problems.add('end_date', 'open311.error.date');
  problems.throwIfAny();

  const span = MAX_RANGE_DAYS * DAY_MS;
  if (start && end) {
    if (end.getTime() < start.getTime()) problems.add('end_date', 'open311.error.dateOrder');
    else if (end.getTime() - start.getTime() > span)
      problems.add('end_date', 'open311.error.dateRange', { count: MAX_RANGE_DAYS });
    problems.throwIfAny();
    return { from: start, to: end };
  }
  if (start) return { from: start, to: new Date(start.getTime() + span) };
  if (end) return { from: new Date(end.getTime() - span), to: end };
  return { from: new Date(now.getTime() - span), to: now };
}

/** GET requests: ids (which override the rest), or category, status and a window of at most 90 days. */
export async function findServiceRequests(
  platform: Platform,
  query: RequestQuery,
  now = platform.clock.now(),
): Promise<ServiceRequest[]> {
  const idsText = text(query.service_request_id);
  if (idsText) return findByIds(platform, idsText);

  const problems = new Problems();
  const category = text(query.service_code) || undefined;
  if (category && !reportCategories.includes(category)) problems.add('service_code', 'open311.error.serviceCode');
  const open = openFilter(problems, query.status);
  const { from, to } = dateWindow(problems, query, now);

  const rows = await listPublicReports(platform, {
    ...(category ? { category } : {}),
    from,
    to,
    ...(open !== undefined ? { open } : {}),
    limit: MAX_RESULTS,
  });
  const t = english(platform);
  return rows.map((row) => publicRecord(t, row));
}

export async function findServiceRequest(platform: Platform, id: string): Promise<ServiceRequest> {
  if (!/^\d{1,18}$/.test(id)) throw new NotFound();
  const [row] = await listPublicReports(platform, { ids: [id], limit: 1 });
  if (!row) throw new NotFound();
  return publicRecord(english(platform), row);
}
