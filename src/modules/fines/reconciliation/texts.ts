import type { Translate } from '../../../platform/i18n/index.ts';
import type { Mismatch } from './store.ts';

const K = 'fines.reconciliation';

const noticeStatus = (t: Translate, status: string | null) => (status ? t(`fines.notice.status.${status}`) : '—');

/** One mismatch in words (the page and the command line say the same). */
export function mismatchText(t: Translate, m: Mismatch, money: (cents: number) => string): string {
  const notice = m.notice ?? '—';
  const reference = m.reference ?? '—';
  const cents = (v: number | null) => money(v ?? 0);
  switch (m.kind) {
    case 'notice-credit':
      return t(`${K}.mismatch.notice-credit`, { notice, paid: cents(m.paidCents), credited: cents(m.creditedCents) });
    case 'notice-status':
      return t(`${K}.mismatch.notice-status`, {
        notice,
        status: noticeStatus(t, m.status),
        paid: cents(m.paidCents),
        amount: cents(m.amountCents),
      });
    case 'payment-no-event':
      return t(`${K}.mismatch.payment-no-event`, { notice, reference, credited: cents(m.creditedCents) });
    case 'stk-paid-no-payment':
      return t(`${K}.mismatch.stk-paid-no-payment`, { notice, reference });
    case 'payment-stk-not-paid':
      return t(`${K}.mismatch.payment-stk-not-paid`, {
        notice,
        reference,
        status: m.status ? t(`${K}.stk.${m.status}`) : '—',
      });
  }
}
