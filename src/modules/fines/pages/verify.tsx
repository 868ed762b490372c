import { formatDate, formatMoney } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { printedNoticeNumber } from '../notice-number.ts';
import { FinesStyles } from './styles.tsx';
import type { NoticeCheck } from '../service.ts';

export interface VerifyPageProps {
  page: PageContext;
  values: Record<string, string>;
  errors: FieldErrors;
  /** the answer once asked: the notice, or null when none matches */
  result?: NoticeCheck | null | undefined;
  paybill: string;
  senderId: string;
}

function Genuine({ page, check }: { page: PageContext; check: NoticeCheck }) {
  const { t, locale } = page;
  const amount = formatMoney(locale, Math.max(0, check.amountCents - check.paidCents), 'KES');
  return (
    <section class="notice success" role="status" id="result" aria-labelledby="result-title">
      <h2 id="result-title">{t('fines.verify.genuine')}</h2>
      <dl class="summary-list">
        <dt>{t('fines.verify.number')}</dt>
        <dd>{printedNoticeNumber(check.number)}</dd>
        <dt>{t('fines.verify.status')}</dt>
        <dd>{t(`fines.notice.status.${check.status}`)}</dd>
        {check.status === 'unpaid' ? (
          <>
            <dt>{t('fines.notice.amount')}</dt>
            <dd>{amount}</dd>
            <dt>{t('fines.verify.due')}</dt>
            <dd>{formatDate(locale, check.dueAt)}</dd>
          </>
        ) : null}
        <dt>{t('fines.verify.station')}</dt>
        <dd>{check.stationName}</dd>
      </dl>
      {check.status === 'unpaid' ? (
        <p>
          <strong>{t('fines.verify.payOnly', { paybill: check.paybill, number: check.number })}</strong>
        </p>
      ) : null}
    </section>
  );
}

function NotFound({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <section class="notice warning" role="status" id="result" aria-labelledby="result-title">
      <h2 id="result-title">{t('fines.verify.notFound')}</h2>
      <p>{t('fines.verify.notFoundLead')}</p>
      <p>
        <a href="/report?category=bribery_extortion">{t('fines.verify.report')}</a>
      </p>
    </section>
  );
}

/** /fines/verify: is a notice (an SMS, a paper) genuine, and where is it paid? Works without JavaScript. */
export function VerifyPage({ page, values, errors, result, paybill, senderId }: VerifyPageProps) {
  const { t } = page;
  return (
    <Layout page={page} title={t('fines.verify.title')} description={t('fines.verify.lead')}>
      <FinesStyles />
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('fines.verify.title')}</h1>
      <p class="lead">{t('fines.verify.lead')}</p>
      {result ? <Genuine page={page} check={result} /> : result === null ? <NotFound page={page} /> : null}
      <form method="post" action="/fines/verify" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextInput
          t={t}
          name="number"
          label={t('fines.verify.number')}
          hint={t('fines.verify.numberHint')}
          errors={errors}
          value={values.number}
          inputmode="numeric"
          autocomplete="off"
          required
        />
        <TextInput
          t={t}
          name="registration"
          label={t('fines.verify.registration')}
          hint={t('fines.verify.registrationHint')}
          errors={errors}
          value={values.registration}
          autocomplete="off"
          required
        />
        <button type="submit" class="button">
          {t('fines.verify.submit')}
        </button>
      </form>
      <aside class="notice">
        <p>
          <strong>{t('fines.verify.official', { paybill, sender: senderId })}</strong>
        </p>
        <p>{t('fines.notice.noCash')}</p>
      </aside>
    </Layout>
  );
}
