import { inTransaction } from '../../../platform/db/database.ts';
import { formatDate, formatMoney } from '../../../platform/i18n/index.ts';
import type { AnyJobDefinition } from '../../../platform/jobs/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { isGsm7, toGsm7 } from '../../../platform/text/gsm7.ts';
import { fineSettings } from '../settings.ts';
import { NOTICE_SMS_MAX } from '../sms.ts';
import * as store from './store.ts';

// Unpaid fines escalate by a durable job, reading the platform's clock: past the due date the motorist
// is reminded once (the SMS text is kept for the outbound channel, as the notice's own SMS is); past the
// grace period after it, the notice is flagged for court (status 'overdue'). From then on it cannot be
// paid by M-Pesa or bank any more: the court that hears it takes the fine, and money sent for it waits
// in suspense ('not-payable') for the finance officers.

export const FINES_ESCALATION_QUEUE = 'fines.escalation';

const BATCH = 200;
const DAY_MS = 86_400_000;

function reminderText(platform: Platform, r: store.DueReminder, graceDays: number): string {
  const t = platform.i18n.translator(r.language);
  const { paybill } = platform.config.settings.of(fineSettings);
  const parts = {
    number: r.number,
    registration: r.vehicle_registration,
    amount: formatMoney(r.language, Number(r.balance_cents), platform.config.jurisdiction.currency),
    court: formatDate(r.language, new Date(r.due_at.getTime() + graceDays * DAY_MS)),
    paybill,
    verifyUrl: `${platform.config.publicUrl}/fines/verify`,
  };
  const text = t('fines.withdrawal.sms.reminder', parts);
  const gsm = isGsm7(text) ? text : toGsm7(text);
  return gsm.length <= NOTICE_SMS_MAX ? gsm : toGsm7(t('fines.withdrawal.sms.reminderShort', parts));
}

async function remindBatch(platform: Platform, now: Date, graceDays: number): Promise<{ taken: number; sent: number }> {
  return inTransaction(platform.db.pool, async (client) => {
    const due = await store.claimDueReminders(client, now, graceDays, BATCH);
    let sent = 0;
    for (const r of due) {
      const text = reminderText(platform, r, graceDays);
      if (await store.addReminder(client, r.id, now, { to: r.driver_phone, text })) sent++;
    }
    return { taken: due.length, sent };
  });
}

export interface Escalated {
  reminded: number;
  flagged: number;
}

/**
 * One run of the escalation at `now`: reminds each unpaid fine past its due date (once), and flags for
 * court each one past the grace period (once). Run twice, or on two instances at once, it does each
 * step once.
 */
export async function escalateNotices(platform: Platform, now = platform.clock.now()): Promise<Escalated> {
  const { graceDays } = platform.config.settings.of(fineSettings);
  let flagged = 0;
  for (;;) {
    const n = await store.flagOverdue(platform.db.pool, now, graceDays, BATCH);
    flagged += n;
    if (n < BATCH) break;
  }
  let reminded = 0;
  for (;;) {
    const batch = await remindBatch(platform, now, graceDays);
    reminded += batch.sent;
    if (batch.taken < BATCH) break;
  }
  return { reminded, flagged };
}

export function escalationJobs(platform: Platform): AnyJobDefinition[] {
  return [
    {
      queue: FINES_ESCALATION_QUEUE,
      every: '*/5 * * * *',
      policy: 'singleton',
      run: async () => void (await escalateNotices(platform)),
    },
  ];
}
