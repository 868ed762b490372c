import { formatDateTimeWithZone, formatMoney, type Locale } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, TextArea, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SummaryList } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { ScheduledOffence } from '../../../jurisdiction/kenya/index.ts';
import { printedNoticeNumber } from '../notice-number.ts';
import { NoticeTimeline, type NoticeView } from '../pages/notice.tsx';
import { FinesStyles } from '../pages/styles.tsx';
import { REASON_MAX, REASON_MIN } from './service.ts';
import type { PaymentLine } from './store.ts';

export interface StaffNoticeProps {
  page: PageContext;
  notice: NoticeView;
  offences: ReadonlyMap<string, ScheduledOffence>;
  payments: PaymentLine[];
  /** the viewer commands the notice's station */
  commander: boolean;
  /** why the commander cannot withdraw it (an i18n key), or null when they can */
  whyNot: string | null;
  errors: FieldErrors;
  values: Record<string, string>;
  /** just withdrawn (the page the form sends to) */
  done: boolean;
}

const money = (locale: Locale, cents: number | string) => formatMoney(locale, Number(cents), 'KES');

function Summary({ page, notice, offences }: Pick<StaffNoticeProps, 'page' | 'notice' | 'offences'>) {
  const { t, locale } = page;
  const lines = notice.offences.map((o) => {
    const words = offences.get(o.code);
    const name = words ? (locale === 'sw' ? words.sw : words.en) : o.code;
    return `${name} (${o.code}${o.quantity > 1 ? ` × ${o.quantity}` : ''})`;
  });
  const rows: Array<[string, string]> = [
    [t('fines.withdrawal.list.status'), t(`fines.notice.status.${notice.status}`)],
    [t('fines.notice.offences', { schedule: notice.scheduleVersion ?? '' }), notice.courtOffence ?? lines.join('; ')],
    [t('fines.withdrawal.field.amount'), money(locale, notice.amountCents)],
    [t('fines.withdrawal.field.paid'), money(locale, notice.paidCents)],
    [t('fines.withdrawal.field.due'), formatDateTimeWithZone(locale, notice.dueAt)],
    [t('fines.notice.vehicle'), notice.registration],
    [t('fines.notice.driver'), notice.driverName],
    [t('fines.notice.where'), `${notice.place}, ${notice.county.name}`],
    [t('fines.notice.officer'), `${notice.officer.name}, ${notice.station.name}`],
  ];
  return <SummaryList rows={rows} />;
}

function Payments({ page, payments }: Pick<StaffNoticeProps, 'page' | 'payments'>) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="payments">
      <h2 id="payments">{t('fines.withdrawal.view.payments')}</h2>
      {payments.length === 0 ? <p>{t('fines.withdrawal.view.noPayments')}</p> : null}
      <ul class="fines-payments">
        {payments.map((p) => (
          <li>
            {formatDateTimeWithZone(locale, p.paid_at)} · {t(`fines.withdrawal.view.channel.${p.channel}`)} ·{' '}
            {t('fines.withdrawal.view.reference')} {p.reference} · {t('fines.withdrawal.view.received')}{' '}
            {money(locale, p.amount_cents)} · {t('fines.withdrawal.view.credited')} {money(locale, p.credited_cents)}
            {p.suspense_reason ? ` (${t(`fines.withdrawal.view.suspense.${p.suspense_reason}`)})` : ''}
          </li>
        ))}
      </ul>
      <p class="hint">{t('fines.withdrawal.view.noManualPayment')}</p>
    </section>
  );
}

function Withdraw({ page, notice, whyNot, errors, values }: StaffNoticeProps) {
  const { t } = page;
  if (notice.status === 'withdrawn') return null;
  if (whyNot)
    return (
      <section class="notice" aria-labelledby="withdraw-title">
        <h2 id="withdraw-title">{t('fines.withdrawal.cannot.title')}</h2>
        <p>{t(whyNot)}</p>
      </section>
    );
  return (
    <section aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{t('fines.withdrawal.form.title')}</h2>
      <p>{t('fines.withdrawal.form.lead')}</p>
      <form method="post" action={`/staff/fines/${notice.number}/withdraw`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextArea
          t={t}
          name="reason"
          label={t('fines.withdrawal.form.reason')}
          hint={t('fines.withdrawal.form.reasonHint', { min: REASON_MIN })}
          errors={errors}
          value={values.reason}
          rows={4}
          maxLength={REASON_MAX}
          required
        />
        <button type="submit" class="button warning">
          {t('fines.withdrawal.form.submit')}
        </button>
      </form>
    </section>
  );
}

/** /staff/fines/<number>: the notice as its station sees it; its commander may withdraw it with a reason. */
export function StaffNoticePage(props: StaffNoticeProps) {
  const { page, notice } = props;
  const { t } = page;
  const title = t('fines.withdrawal.view.title', { number: printedNoticeNumber(notice.number) });
  return (
    <Layout page={page} title={title}>
      <FinesStyles />
      <p>
        <a href="/staff/fines">{t('fines.withdrawal.view.back')}</a>
      </p>
      <ErrorSummary t={t} errors={props.errors} />
      <h1>{title}</h1>
      {props.done ? (
        <p class="notice success" role="status">
          {t('fines.withdrawal.view.withdrawn')}
        </p>
      ) : null}
      <Summary {...props} />
      <Payments {...props} />
      <NoticeTimeline page={page} events={notice.events} />
      {props.commander ? <Withdraw {...props} /> : null}
    </Layout>
  );
}
