import type { Actor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { audit } from '../../platform/audit/index.ts';
import { randomToken, safeEqual, sha256Hex } from '../../platform/crypto/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { badField, Conflict, NotFound } from '../../platform/http/errors.ts';
import { cleanText } from '../../platform/text/index.ts';
import type { Platform } from '../../platform/module.ts';
import { addDays, localDate, startOfLocalDay } from '../../platform/time/index.ts';
import { keepsABook } from '../ob/index.ts';
import { noticeNumber, readNoticeNumber } from './notice-number.ts';
import { readNotice, readRegistration, type CheckedNotice, type NoticeInput } from './notice-input.ts';
import { noticeSmsText } from './sms.ts';
import { formatDate, formatMoney } from '../../platform/i18n/index.ts';
import { fineSettings } from './settings.ts';
import * as store from './store.ts';

// Issuing a notice and reading it back: the motorist by the link they were given, anyone by number
// and number plate (is this notice genuine, and where is it paid?).

/** An officer or commander posted at a station issues notices there (traffic duty is a posting, not a role). */
export const issuesNotices = keepsABook;

export interface IssuedNotice {
  number: string;
  kind: 'fine' | 'warning' | 'court';
  status: 'unpaid' | 'court' | 'warning';
  amountCents: number;
  dueAt: Date;
  /** the motorist's own page: the notice with its driver's details, and where to pay or contest (path) */
  link: string;
  /** the SMS for the driver's phone (handed to the outbound SMS channel when a phone was given) */
  sms: string;
}

/** The end of the `days`-th day after `from`, in the zone: what "due in 7 days" means on a notice. */
function endOfDayAfter(from: Date, days: number, zone: string): Date {
  return new Date(startOfLocalDay(addDays(localDate(from, zone), days + 1), zone).getTime() - 1000);
}

export const noticeLink = (number: string, token: string) => `/fines/${number}/${token}`;

interface SmsInput {
  number: string;
  token: string;
  kind: IssuedNotice['kind'];
  amountCents: number;
  dueAt: Date;
  checked: CheckedNotice;
}

function noticeSms(platform: Platform, n: SmsInput): string {
  const { publicUrl } = platform.config;
  const language = n.checked.language;
  return noticeSmsText(platform.i18n.translator(language), {
    number: n.number,
    registration: n.checked.registration,
    amount: formatMoney(language, n.amountCents, platform.config.jurisdiction.currency),
    due: formatDate(language, n.dueAt),
    paybill: platform.config.settings.of(fineSettings).paybill,
    verifyUrl: `${publicUrl}/fines/verify`,
    link: `${publicUrl}${noticeLink(n.number, n.token)}`,
    kind: n.kind,
  });
}

/** Issues a notice from what the officer typed: amounts from the schedule in force on the offence date. */
export async function issueNotice(platform: Platform, actor: Actor, input: NoticeInput): Promise<IssuedNotice> {
  const who = requireStaff(actor, issuesNotices);
  const zone = platform.config.jurisdiction.timeZone;
  const now = platform.clock.now();
  const checked = readNotice(input, now, zone);
  const { dueDays } = platform.config.settings.of(fineSettings);
  const kind = checked.courtOffence ? 'court' : checked.priced.kind;
  const status = kind === 'fine' ? 'unpaid' : kind;
  const dueAt = endOfDayAfter(now, dueDays, zone);
  const token = randomToken(16);
  let sms = '';
  const number = await inTransaction(platform.db.pool, async (client) => {
    const n = noticeNumber(await store.nextSerial(client));
    const id = await store.insertNotice(client, n, {
      linkTokenHash: sha256Hex(token),
      kind,
      status,
      scheduleVersion: checked.priced.schedule?.version ?? null,
      amountCents: checked.priced.totalCents,
      registration: checked.registration,
      driverName: checked.driverName,
      licenceNumber: checked.licenceNumber,
      driverPhone: checked.driverPhone,
      place: checked.place,
      countyCode: checked.countyCode,
      stationId: who.stationId!,
      issuedBy: who.id,
      offenceAt: checked.offenceAt,
      issuedAt: now,
      dueAt,
      language: checked.language,
      courtOffence: checked.courtOffence,
      offences: checked.priced.lines,
    });
    sms = noticeSms(platform, { number: n, token, kind, amountCents: checked.priced.totalCents, dueAt, checked });
    if (checked.driverPhone) await store.addEvent(client, id, 'sms', now, null, { to: checked.driverPhone, text: sms });
    await audit(client, who, 'fines.notice.issued', 'fine_notice', id, {
      number: n,
      kind,
      amountCents: checked.priced.totalCents,
    });
    return n;
  });
  return { number, kind, status, amountCents: checked.priced.totalCents, dueAt, link: noticeLink(number, token), sms };
}

/** The notice a motorist's link opens; an unknown number and a wrong token answer alike (404). */
export async function noticeByLink(platform: Platform, number: string, token: string): Promise<store.NoticeRow> {
  const row = /^[0-9]{10}$/.test(number) ? await store.noticeByNumber(platform.db.pool, number) : undefined;
  const given = sha256Hex(token);
  if (!row || !safeEqual(given, row.link_token_hash)) throw new NotFound();
  return row;
}

export interface NoticeCheck {
  number: string;
  kind: store.NoticeRow['kind'];
  status: store.NoticeRow['status'];
  amountCents: number;
  paidCents: number;
  dueAt: Date;
  stationName: string;
  issuedAt: Date;
  /** where it is paid: the only paybill, with the notice number as the account */
  paybill: string;
}

/**
 * Is this notice genuine? By its number and the vehicle's number plate, both on every notice and SMS.
 * A number with a wrong check digit is a 400 (a typo); a number Sauti never issued and a plate that
 * is not the notice's answer alike (undefined), so that plates cannot be fished for.
 */
export async function checkNotice(
  platform: Platform,
  typed: { number?: unknown; registration?: unknown },
): Promise<NoticeCheck | undefined> {
  const number = typeof typed.number === 'string' ? readNoticeNumber(typed.number) : undefined;
  if (!number) badField('number', 'fines.error.number');
  const registration = readRegistration(typed.registration);
  if (!registration) badField('registration', 'fines.error.registration');
  const row = await store.noticeByNumber(platform.db.pool, number);
  if (!row || row.vehicle_registration !== registration) return undefined;
  return {
    number: row.number,
    kind: row.kind,
    status: row.status,
    amountCents: Number(row.amount_cents),
    paidCents: Number(row.paid_cents),
    dueAt: row.due_at,
    stationName: row.station_name,
    issuedAt: row.issued_at,
    paybill: platform.config.settings.of(fineSettings).paybill,
  };
}

const CONTEST_REASON_MAX = 2000;

/** The motorist contests: no payment is asked any more, and the notice is marked for court. */
export async function contestNotice(platform: Platform, number: string, token: string, reason: unknown): Promise<void> {
  const row = await noticeByLink(platform, number, token);
  const text = cleanText(typeof reason === 'string' ? reason : '', { multiline: true });
  if (text.length > CONTEST_REASON_MAX) badField('reason', 'fines.error.tooLong', { max: CONTEST_REASON_MAX });
  await inTransaction(platform.db.pool, async (client) => {
    if (!(await store.settleNotice(client, row.id, 'unpaid', 'contested', platform.clock.now())))
      throw new Conflict('only an unpaid notice can be contested');
    await store.addEvent(client, row.id, 'contested', platform.clock.now(), null, text === '' ? {} : { reason: text });
  });
}
