import { formatDateTime, formatDateTimeWithZone } from '../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Field, TextArea, type FieldErrors } from '../../platform/web/forms.tsx';
import { Layout } from '../../platform/web/layout.tsx';
import type { PageContext } from '../../platform/web/page.ts';
import type { ReceiptCheck, SignedReceipt } from './receipts.ts';

export const MAX_RECEIPT_FILE_BYTES = 2 * 1024 * 1024;

export interface VerifyResult extends ReceiptCheck {
  /** The receipt's signed details, shown when genuine. */
  receipt?: SignedReceipt | undefined;
}

function Result({ page, result }: { page: PageContext; result: VerifyResult }) {
  const { t, locale } = page;
  if (result.genuine && result.receipt) {
    const r = result.receipt;
    return (
      <section class="notice success" role="status" aria-label={t('registry.verify.resultTitle')} id="result">
        <p>
          <strong>
            {t('registry.verify.genuine', {
              date: formatDateTimeWithZone(locale, r.receivedAt),
              number: r.registryNumber,
            })}
          </strong>
        </p>
        <p>{t('registry.verify.genuineNote')}</p>
        <dl class="summary-list">
          <dt>{t('registry.verify.number')}</dt>
          <dd>{r.registryNumber}</dd>
          <dt>{t('registry.verify.received')}</dt>
          <dd>
            {formatDateTime(locale, r.receivedAt)} <span class="hash">({r.receivedAt})</span>
          </dd>
          <dt>{t('registry.verify.sha256')}</dt>
          <dd class="hash">{r.sha256}</dd>
          <dt>{t('registry.verify.keyId')}</dt>
          <dd class="hash">{r.keyId}</dd>
        </dl>
      </section>
    );
  }
  return (
    <section class="notice warning" role="status" aria-label={t('registry.verify.resultTitle')} id="result">
      <p>
        <strong>
          {t('registry.verify.notGenuine', { reason: t(`registry.reason.${result.reason ?? 'malformed'}`) })}
        </strong>
      </p>
    </section>
  );
}

export function VerifyPage({
  page,
  errors,
  receipt,
  result,
}: {
  page: PageContext;
  errors: FieldErrors;
  receipt?: string;
  result?: VerifyResult;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('registry.verify.title')}>
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('registry.verify.title')}</h1>
      {result ? <Result page={page} result={result} /> : <p>{t('registry.verify.lead')}</p>}
      {result ? <h2>{t('registry.verify.again')}</h2> : null}
      <form method="post" action="/verify" enctype="multipart/form-data" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextArea
          t={t}
          name="receipt"
          label={t('registry.verify.receipt')}
          hint={t('registry.verify.receiptHint')}
          errors={errors}
          value={receipt}
          rows={6}
          maxLength={4000}
        />
        <Field t={t} name="file" label={t('registry.verify.file')} hint={t('registry.verify.fileHint')} errors={errors}>
          <input
            id="file"
            name="file"
            type="file"
            accept="application/pdf,application/json,.pdf,.json"
            aria-describedby={errors.file ? 'file-hint file-error' : 'file-hint'}
            aria-invalid={errors.file ? 'true' : undefined}
          />
        </Field>
        <button type="submit" class="button">
          {t('registry.verify.submit')}
        </button>
      </form>
      <p class="hint">
        {t('registry.verify.offline')} <a href="/registry/public-key">{t('registry.verify.publicKey')}</a>
      </p>
    </Layout>
  );
}
