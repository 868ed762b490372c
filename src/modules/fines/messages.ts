import { inTransaction, type Queryable } from '../../platform/db/database.ts';
import { formatDate, formatMoney, type Locale, type Params } from '../../platform/i18n/index.ts';
import type { AnyJobDefinition } from '../../platform/jobs/index.ts';
import type { Platform } from '../../platform/module.ts';
import { queueSms } from '../../platform/sms/index.ts';
import { isGsm7, toGsm7 } from '../../platform/text/gsm7.ts';
import { fineSettings } from './settings.ts';
import * as store from './store.ts';

// What the motorist is told after the notice: a receipt when a payment completes it, and one reminder when an
// unpaid fine falls due within two days. Each is queued in the transaction of its event, under a key per notice.

const SMS_MAX = 160;
const REMIND_DAYS = 2;
const REMIND_BATCH = 200;
export const FINES_REMINDER_QUEUE = 'fines.reminders';

const gsm = (text: string) => (isGsm7(text) ? text : toGsm7(text));

/** The template in one SMS, or its short form when it would take two. */
function smsText(platform: Platform, language: Locale, key: string, params: Params): string {
  const t = platform.i18n.translator(language);
  const text = gsm(t(key, params));
  return text.length <= SMS_MAX ? text : gsm(t(`${key}Short`, params));
}

const money = (platform: Platform, language: Locale, cents: number) =>
  formatMoney(language, cents, platform.config.jurisdiction.currency);

/** Records a payment and, when it completes its notice, queues the motorist's receipt in the same transaction. */
export async function recordPaymentWithReceipt(
  platform: Platform,
  client: Queryable,
  payment: store.NewPayment,
): Promise<store.RecordedPayment | undefined> {
  const recorded = await store.recordPayment(client, payment);
  const paid = recorded?.completed;
  if (paid?.driverPhone)
    await queueSms(platform, client, {
      key: `fines.receipt:${paid.number}`,
      purpose: 'fines.receipt',
      to: `+${paid.driverPhone}`,
      body: smsText(platform, paid.language, 'fines.sms.receipt', {
        number: paid.number,
        amount: money(platform, paid.language, paid.amountCents),
        reference: payment.reference,
        verifyUrl: `${platform.config.publicUrl}/fines/verify`,
      }),
      language: paid.language,
    });
  return recorded;
}

/** The same in a transaction of its own: a paybill confirmation, a line of a bank statement. */
export function recordPaymentOwingReceipt(
  platform: Platform,
  payment: store.NewPayment,
): Promise<store.RecordedPayment | undefined> {
  return inTransaction(platform.db.pool, (client) => recordPaymentWithReceipt(platform, client, payment));
}

function reminderText(platform: Platform, notice: store.NoticeToRemind): string {
  return smsText(platform, notice.language, 'fines.sms.reminder', {
    number: notice.number,
    amount: money(platform, notice.language, Number(notice.balance_cents)),
    due: formatDate(notice.language, notice.due_at),
    paybill: platform.config.settings.of(fineSettings).paybill,
  });
}

/** Queues a reminder for each unpaid fine with a phone falling due within two days, once per notice. */
export async function queueReminders(platform: Platform): Promise<number> {
  const now = platform.clock.now();
  const until = new Date(now.getTime() + REMIND_DAYS * 86_400_000);
  let total = 0;
  for (;;) {
    const queued = await inTransaction(platform.db.pool, async (client) => {
      const due = await store.noticesToRemind(client, now, until, REMIND_BATCH);
      for (const notice of due)
        await queueSms(platform, client, {
          key: `fines.reminder:${notice.number}`,
          purpose: 'fines.reminder',
          to: `+${notice.driver_phone}`,
          body: reminderText(platform, notice),
          language: notice.language,
        });
      if (due.length)
        await store.markReminded(
          client,
          due.map((n) => n.id),
          now,
        );
      return due.length;
    });
    total += queued;
    if (queued < REMIND_BATCH) return total;
  }
}

/** Every morning at 09:00 in Nairobi (06:00 UTC). */
export function reminderJob(platform: Platform): AnyJobDefinition {
  return {
    queue: FINES_REMINDER_QUEUE,
    every: '0 6 * * *',
    policy: 'singleton',
    run: async () => {
      await queueReminders(platform);
    },
  };
}
