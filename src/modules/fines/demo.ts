import { findUserByUsername } from '../../platform/auth/service.ts';
import { toActor } from '../../platform/auth/store.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { DAY_MS } from '../../platform/time/index.ts';
import type { Platform } from '../../platform/module.ts';
import type { NoticeInput } from './notice-input.ts';
import { contestNotice, issueNotice, type IssuedNotice } from './service.ts';
import { noticeByNumber, recordPayment } from './store.ts';
import { withdrawNotice } from './withdrawal/service.ts';
import { escalateNotices } from './withdrawal/escalation.ts';
import { issueDueReceipts } from './receipts/index.ts';

const MOMBASA_ROAD = { county: '001', place: 'Mombasa road near Changamwe roundabout' };

const notices: ReadonlyArray<{ daysAgo: number; input: NoticeInput }> = [
  {
    daysAgo: 25,
    input: { offences: [{ code: 'PHN' }], registration: 'KCA 118T', driverName: 'Hassan Omar', ...MOMBASA_ROAD },
  },
  {
    daysAgo: 10,
    input: {
      offences: [{ code: 'SPD-10' }],
      registration: 'KDB 730L',
      driverName: 'Mary Achieng',
      driverPhone: '0722 410 118',
      ...MOMBASA_ROAD,
    },
  },
  {
    daysAgo: 3,
    input: {
      offences: [{ code: 'SPD-15' }, { code: 'BLT' }],
      registration: 'KDJ 482M',
      driverName: 'Otieno Ochieng',
      driverPhone: '0712 345 678',
      ...MOMBASA_ROAD,
    },
  },
  {
    daysAgo: 2,
    input: { offences: [{ code: 'SGN' }], registration: 'KBZ 901C', driverName: 'Fatuma Ali', ...MOMBASA_ROAD },
  },
  {
    daysAgo: 1,
    input: {
      offences: [{ code: 'PSV-EXT' }],
      registration: 'KCQ 266P',
      driverName: 'Juma Mwinyi',
      language: 'sw',
      ...MOMBASA_ROAD,
    },
  },
  {
    daysAgo: 0,
    input: { offences: [{ code: 'TOUT' }], registration: 'KDE 554K', driverName: 'Peter Kamau', ...MOMBASA_ROAD },
  },
];

async function actor(platform: Platform, username: string): Promise<Actor | undefined> {
  const row = await findUserByUsername(platform.db.pool, username);
  return row ? toActor(row) : undefined;
}

/** Issues a notice as if some days ago: the notice's dates (and so its due date) come from the platform's clock. */
async function issuedDaysAgo(platform: Platform, officer: Actor, daysAgo: number, input: NoticeInput) {
  const before = platform.clock.isSet ? platform.clock.now() : undefined;
  const at = new Date(platform.clock.now().getTime() - daysAgo * DAY_MS);
  platform.clock.set(at);
  try {
    return await issueNotice(platform, officer, {
      ...input,
      offenceAt: new Date(at.getTime() - 3600_000).toISOString(),
    });
  } finally {
    if (before) platform.clock.set(before);
    else platform.clock.reset();
  }
}

async function pay(platform: Platform, notice: IssuedNotice, reference: string, phone: string | null): Promise<void> {
  const row = await noticeByNumber(platform.db.pool, notice.number);
  if (!row) return;
  const at = platform.clock.now();
  const payment = { channel: 'mpesa', reference, amountCents: notice.amountCents, paidAt: at, at, phone } as const;
  await recordPayment(platform.db.pool, { ...payment, noticeId: row.id, account: notice.number, stkRequestId: null });
}

/**
 * Traffic notices at the Mombasa Traffic Base over the last weeks: one left unpaid past its grace period
 * (flagged for court), one reminded, two paid (by push and at the paybill, each with its signed receipt),
 * one contested, one new; a notice withdrawn at Kasarani with its reason; and a paybill payment for an
 * account that is no notice, waiting in suspense for the finance officers.
 */
export async function loadFinesDemo(platform: Platform): Promise<void> {
  const officer = await actor(platform, 'officer.mombasa');
  const kasarani = await actor(platform, 'officer.kasarani');
  const commander = await actor(platform, 'ocs.kasarani');
  if (!officer || !kasarani || !commander) return;
  const issued: IssuedNotice[] = [];
  for (const { daysAgo, input } of notices) issued.push(await issuedDaysAgo(platform, officer, daysAgo, input));
  const [, , pushed, atPaybill, contested] = issued;
  await pay(platform, pushed!, 'SKD4F7Q2LM', '254712345678');
  await pay(platform, atPaybill!, 'SKE8H1R5TN', null);
  const token = /\/fines\/\d{10}\/([^/]+)$/.exec(contested!.link)?.[1] ?? '';
  await contestNotice(platform, contested!.number, token, 'Gari lilikuwa na kizima moto; nitaonyesha mahakamani.');
  const wrong = await issuedDaysAgo(platform, kasarani, 4, {
    offences: [{ code: 'BLT' }],
    registration: 'KCB 221Q',
    driverName: 'Wanjiru Kariuki',
    county: '047',
    place: 'Thika Road, Roysambu',
  });
  await withdrawNotice(
    platform,
    commander,
    wrong.number,
    'Wrong number plate typed: the vehicle stopped was KCB 221R, not KCB 221Q.',
  );
  const now = platform.clock.now();
  await recordPayment(platform.db.pool, {
    noticeId: null,
    channel: 'mpesa',
    reference: 'SKF2J9W4PX',
    account: '123456789',
    amountCents: 50_000,
    paidAt: now,
    at: now,
    phone: null,
    stkRequestId: null,
  });
  await escalateNotices(platform);
  await issueDueReceipts(platform);
}
