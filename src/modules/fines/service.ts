import { actorLabel, type Actor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { randomToken, safeEqual, sha256Hex } from '../../platform/crypto/index.ts';
import { inTransaction, type Queryable } from '../../platform/db/database.ts';
import { GroupCommit } from '../../platform/db/group-commit.ts';
import { badField, Conflict, NotFound } from '../../platform/http/errors.ts';
import { cleanText } from '../../platform/text/index.ts';
import type { Platform } from '../../platform/module.ts';
import { addDays, localDate, startOfLocalDay } from '../../platform/time/index.ts';
import { keepsABook } from '../ob/index.ts';
import { noticeNumber, readNoticeNumber } from './notice-number.ts';
import { readNotice, readRegistration, type CheckedNotice, type NoticeInput } from './notice-input.ts';
import { noticeSmsText } from './sms.ts';
import { queueSmsIn, wakeSmsDispatch } from '../../platform/sms/index.ts';
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

interface NoticeToIssue {
  notice: store.NewNotice;
  sms(number: string): string;
  actorLabel: string;
}

/** Numbers the notices that arrived together and writes them in one statement (numbers are taken even if it fails). */
async function writeNotices(
  platform: Platform,
  client: Queryable,
  items: NoticeToIssue[],
): Promise<Array<{ number: string; sms: string }>> {
  const numbers = (await store.nextSerials(client, items.length)).map(noticeNumber);
  const written = items.map((item, i) => ({ number: numbers[i]!, sms: item.sms(numbers[i]!) }));
  // the motorist's SMS is queued with the notice, in the same statement
  const messages = items.flatMap(({ notice }, i) =>
    notice.driverPhone
      ? [
          {
            key: `fines.notice:${written[i]!.number}`,
            purpose: 'fines.notice',
            to: `+${notice.driverPhone}`,
            body: written[i]!.sms,
            language: notice.language,
          },
        ]
      : [],
  );
  await store.insertNotices(
    client,
    items.map(({ notice, actorLabel }, i) => ({
      number: written[i]!.number,
      notice,
      sms: notice.driverPhone ? { to: notice.driverPhone, text: written[i]!.sms } : null,
      audit: {
        actorId: notice.issuedBy,
        actorLabel,
        detail: { number: written[i]!.number, kind: notice.kind, amountCents: notice.amountCents },
      },
    })),
    (statement) => queueSmsIn(platform, statement, messages),
  );
  if (messages.length) await wakeSmsDispatch(platform);
  return written;
}

const issuing = new WeakMap<Platform, GroupCommit<NoticeToIssue, { number: string; sms: string }>>();

/** Notices issued at the same moment by many officers share one statement (group commit). */
function issueQueue(platform: Platform): GroupCommit<NoticeToIssue, { number: string; sms: string }> {
  let queue = issuing.get(platform);
  if (!queue) {
    queue = new GroupCommit(platform.db.pool, (client, items) => writeNotices(platform, client, items), {
      maxBatch: 64,
      maxConcurrent: 4,
      oneStatement: true,
    });
    issuing.set(platform, queue);
  }
  return queue;
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
  const amountCents = checked.priced.totalCents;
  const { number, sms } = await issueQueue(platform).submit({
    notice: {
      linkTokenHash: sha256Hex(token),
      kind,
      status,
      scheduleVersion: checked.priced.schedule?.version ?? null,
      amountCents,
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
    },
    sms: (n) => noticeSms(platform, { number: n, token, kind, amountCents, dueAt, checked }),
    actorLabel: actorLabel(who),
  });
  return { number, kind, status, amountCents, dueAt, link: noticeLink(number, token), sms };
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
