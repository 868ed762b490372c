import { formatDateTimeWithZone } from '../../../platform/i18n/index.ts';
import { ErrorSummary, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { RequestView } from '../service.ts';
import { P3ProgressNotice } from '../p3/pages/progress.tsx';
import { FreeNotice, reportHref } from './free-notice.tsx';

export interface FollowPageProps {
  page: PageContext;
  code: string;
  errors: FieldErrors;
  /** undefined before a code is given; null for a code that is not one */
  view?: RequestView | null | undefined;
  /** the issued document's QR code (SVG) */
  qrSvg?: string | undefined;
  /** Sauti's public address, for the QR code of the report link */
  publicUrl?: string | undefined;
}

/** The issued document's signed QR code, to show from the phone: anyone checks it, offline, at /documents/verify. */
function DocumentQr({ page, number, qrSvg, code }: { page: PageContext; number: string; qrSvg: string; code: string }) {
  const { t } = page;
  return (
    <section aria-labelledby="qr-title">
      <h3 id="qr-title">{t('documents.follow.qrTitle', { number })}</h3>
      <div
        class="qr"
        role="img"
        aria-label={t('documents.follow.qrAlt', { number })}
        dangerouslySetInnerHTML={{ __html: qrSvg }}
      />
      <p>
        {t('documents.follow.qrLead')} <a href="/documents/verify">/documents/verify</a>
      </p>
      <p>
        <a class="button" href={`/documents/requests/${encodeURIComponent(code)}/document.pdf`} download>
          {t('documents.follow.pdf')}
        </a>
      </p>
    </section>
  );
}

interface StatusProps {
  page: PageContext;
  view: RequestView;
  qrSvg?: string | undefined;
  code: string;
  publicUrl?: string | undefined;
}

function Status({ page, view, qrSvg, code, publicUrl }: StatusProps) {
  const { t, locale } = page;
  const kind = t(`documents.kind.${view.kind}`);
  const when = (d: Date) => formatDateTimeWithZone(locale, d);
  const about = view.documentNumber ?? `${kind}, OB ${view.obNumber}`;
  return (
    <section
      class={view.status === 'refused' ? 'notice warning' : 'notice'}
      role="status"
      aria-labelledby="status-title"
    >
      <h2 id="status-title">{t(`documents.follow.status.${view.status}`, { kind })}</h2>
      <dl class="summary-list">
        <dt>{t('documents.field.station')}</dt>
        <dd>{view.station.name}</dd>
        <dt>{t('documents.field.ob')}</dt>
        <dd>OB {view.obNumber}</dd>
        <dt>{t('documents.follow.requestedAt')}</dt>
        <dd>{when(view.requestedAt)}</dd>
        <dt>{t('documents.follow.dueAt')}</dt>
        <dd>{when(view.dueAt)}</dd>
        {view.documentNumber ? (
          <>
            <dt>{t('documents.follow.number')}</dt>
            <dd>{view.documentNumber}</dd>
          </>
        ) : null}
      </dl>
      {view.documentNumber && qrSvg ? (
        <DocumentQr page={page} number={view.documentNumber} qrSvg={qrSvg} code={code} />
      ) : null}
      {view.p3 ? <P3ProgressNotice page={page} progress={view.p3} /> : null}
      {view.overdue ? <p>{t('documents.follow.overdue')}</p> : null}
      {view.refusedReason ? (
        <>
          <h3>{t('documents.follow.reason')}</h3>
          <p>{view.refusedReason}</p>
          <p>
            <a href={reportHref({ category: 'refusal_negligence', station: view.station.id, about })}>
              {t('documents.follow.reportRefusal')}
            </a>
          </p>
        </>
      ) : null}
      <FreeNotice
        locale={locale}
        link={{ station: view.station.id, about: kind, document: view.documentNumber ?? view.kind }}
        publicUrl={publicUrl}
      />
    </section>
  );
}

/** /documents/follow: where a request stands, with the code given when it was made. */
export function FollowPage({ page, code, errors, view, qrSvg, publicUrl }: FollowPageProps) {
  const { t } = page;
  return (
    <Layout page={page} title={t('documents.follow.title')} description={t('documents.follow.lead')}>
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('documents.follow.title')}</h1>
      {view ? <Status page={page} view={view} qrSvg={qrSvg} code={code} publicUrl={publicUrl} /> : null}
      {view === null ? (
        <section class="notice warning" role="status">
          <p>
            <strong>{t('documents.follow.notFound')}</strong>
          </p>
        </section>
      ) : null}
      <form method="get" action="/documents/follow" novalidate>
        <TextInput
          t={t}
          name="code"
          label={t('documents.follow.code')}
          errors={errors}
          value={code}
          autocomplete="off"
        />
        <button type="submit" class="button">
          {t('documents.follow.submit')}
        </button>
      </form>
    </Layout>
  );
}
