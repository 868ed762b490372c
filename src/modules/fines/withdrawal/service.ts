import type { Actor, StaffActor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { audit } from '../../../platform/audit/index.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { badField, Conflict, Forbidden, NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { keepsABook } from '../../ob/index.ts';
import { noticeByNumber, type NoticeRow } from '../store.ts';
import { latestStk } from '../stk-store.ts';
import * as store from './store.ts';

// A station's notices as its commander and its officers see them, and withdrawal: only a station
// commander, only of a notice of their own station, only with a written reason, only while nothing has
// been paid on it. Nobody marks a notice paid by hand: there is no such function.

/** Who sees the station's list: an officer or commander posted at a station. */
export const seesStationNotices = keepsABook;

/** The station commander of the notice's station. */
export const withdrawsNoticesOf = (who: StaffActor, stationId: string) =>
  who.role === 'station_commander' && who.stationId === stationId;

export const REASON_MIN = 10;
export const REASON_MAX = 2000;

export const noticeStatuses = ['unpaid', 'paid', 'contested', 'withdrawn', 'overdue', 'court', 'warning'] as const;

/** What a staff member's list holds: the commander's whole station, an officer's own notices. */
export async function staffNoticeList(
  platform: Platform,
  actor: Actor,
  filter: { status?: string | undefined; page?: number | undefined },
) {
  const who = requireStaff(actor, seesStationNotices);
  const commander = who.role === 'station_commander';
  const status = (noticeStatuses as readonly string[]).includes(filter.status ?? '') ? filter.status! : null;
  const page = Math.max(1, Math.min(10_000, Math.floor(filter.page ?? 1)));
  const scope = commander ? { stationId: who.stationId! } : { issuedBy: who.id };
  const { rows, total } = await store.listNotices(platform.db.pool, scope, { status, page });
  const counts = commander ? await store.withdrawalCounts(platform.db.pool, who.stationId!) : null;
  return { rows, total, page, status, counts, pageSize: store.LIST_PAGE_SIZE };
}

/** Can this staff member see the notice? Its station's commander, and the officer who issued it. */
function mayRead(who: StaffActor, row: NoticeRow & { issued_by: string }): boolean {
  return withdrawsNoticesOf(who, row.station_id) || who.id === row.issued_by;
}

async function readableNotice(platform: Platform, who: StaffActor, number: string) {
  const row = /^[0-9]{10}$/.test(number) ? await noticeByNumber(platform.db.pool, number) : undefined;
  const issuedBy = row ? await store.issuerOf(platform.db.pool, row.id) : undefined;
  // a notice of another station answers as one that does not exist
  if (!row || !issuedBy || !mayRead(who, { ...row, issued_by: issuedBy })) throw new NotFound();
  return row;
}

/** Why a notice cannot be withdrawn now, or null when it can (the page shows the form, or the reason). */
export function whyNotWithdrawable(row: NoticeRow): string | null {
  if (row.status !== 'unpaid' && row.status !== 'overdue') return 'fines.withdrawal.cannot.settled';
  // money received would have to be refunded first: a withdrawal never quietly keeps or loses a payment
  if (Number(row.paid_cents) > 0) return 'fines.withdrawal.cannot.partlyPaid';
  return null;
}

/** The staff view of one notice: its offences, payments and events, and whether this person may withdraw it. */
export async function staffNotice(platform: Platform, actor: Actor, number: string) {
  const who = requireStaff(actor, seesStationNotices, { refuse: 'not_found' });
  const row = await readableNotice(platform, who, number);
  const payments = await store.paymentsOf(platform.db.pool, row.id);
  const commander = withdrawsNoticesOf(who, row.station_id);
  return { row, payments, commander, whyNot: commander ? whyNotWithdrawable(row) : null };
}

/**
 * The station commander withdraws a notice of their station, with a written reason. An officer (even the
 * one who issued it) is refused (403); anyone else does not see the notice (404). A notice paid or partly
 * paid cannot be withdrawn: its money would need refunding, which is the finance officers' to do.
 */
export async function withdrawNotice(platform: Platform, actor: Actor, number: string, reason: unknown) {
  const who = requireStaff(actor, seesStationNotices, { refuse: 'not_found' });
  const row = await readableNotice(platform, who, number);
  if (!withdrawsNoticesOf(who, row.station_id)) throw new Forbidden();
  const text = cleanText(typeof reason === 'string' ? reason : '', { multiline: true });
  if (text.length < REASON_MIN) badField('reason', 'fines.withdrawal.error.reasonShort', { min: REASON_MIN });
  if (text.length > REASON_MAX) badField('reason', 'fines.withdrawal.error.reasonLong', { max: REASON_MAX });
  const why = whyNotWithdrawable(row);
  if (why) badField('reason', why);
  const push = await latestStk(platform.db.pool, row.id);
  if (push && (push.status === 'sending' || push.status === 'waiting'))
    badField('reason', 'fines.withdrawal.cannot.paying');
  const now = platform.clock.now();
  await inTransaction(platform.db.pool, async (client) => {
    if (!(await store.withdraw(client, { noticeId: row.id, by: who.id, reason: text, at: now })))
      throw new Conflict('the notice was paid or settled meanwhile; it was not withdrawn');
    await audit(client, who, 'fines.notice.withdrawn', 'fine_notice', row.id, { number: row.number, reason: text });
  });
}
