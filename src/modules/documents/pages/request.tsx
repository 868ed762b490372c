import { formatDateTimeWithZone } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Radios, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { documentKinds, isDocumentKind } from '../kinds.ts';
import type { RequestMade } from '../service.ts';
import { SlipFields } from '../../ob/index.ts';
import { FreeNotice } from './free-notice.tsx';
import { LanguageChoice } from './language-choice.tsx';

export interface RequestPageProps {
  page: PageContext;
  stations: Array<{ id: string; name: string }>;
  values: Record<string, string>;
  errors: FieldErrors;
  /** the request just made */
  made?: RequestMade | undefined;
  /** the slip matched no entry (whatever the reason) */
  notFound?: boolean | undefined;
  /** Sauti's public address, for the QR code of the report link */
  publicUrl?: string | undefined;
}

function Made({ page, made }: { page: PageContext; made: RequestMade }) {
  const { t, locale } = page;
  return (
    <section class="notice success" role="status" aria-labelledby="made-title">
      <h2 id="made-title">{t('documents.request.madeTitle')}</h2>
      <p>{t('documents.request.codeLead')}</p>
      <p class="receipt-code">
        <strong>{made.code}</strong>
      </p>
      <p>{t('documents.request.due', { when: formatDateTimeWithZone(locale, made.dueAt) })}</p>
      <p>
        <a href={`/documents/follow?code=${encodeURIComponent(made.code)}`}>{t('documents.request.followLink')}</a>
      </p>
    </section>
  );
}

function RequestForm({ page, stations, values, errors }: Omit<RequestPageProps, 'made' | 'notFound'>) {
  const { t } = page;
  return (
    <form method="post" action="/documents" novalidate>
      <CsrfField token={page.csrfToken} />
      <Radios
        t={t}
        name="kind"
        label={t('documents.field.kind')}
        errors={errors}
        value={values.kind}
        options={documentKinds.map((k) => ({
          value: k,
          label: t(`documents.kind.${k}`),
          hint: t(`documents.kind.${k}.hint`),
        }))}
      />
      <SlipFields page={page} stations={stations} values={values} errors={errors} />
      <LanguageChoice page={page} errors={errors} value={values.language ?? page.locale} />
      <TextInput
        t={t}
        name="phone"
        type="tel"
        autocomplete="tel"
        label={t('documents.field.phone')}
        hint={t('documents.field.phone.hint')}
        errors={errors}
        value={values.phone}
        maxLength={20}
      />
      <button type="submit" class="button">
        {t('documents.request.submit')}
      </button>
    </form>
  );
}

function Ask({ page, stations, values, errors, notFound }: Omit<RequestPageProps, 'made'>) {
  const { t } = page;
  return (
    <>
      {notFound ? (
        <section class="notice warning" role="status">
          <p>
            <strong>{t('documents.request.notFound')}</strong>
          </p>
        </section>
      ) : null}
      <p>{t('documents.request.lead')}</p>
      <RequestForm page={page} stations={stations} values={values} errors={errors} />
      <p>
        <a href="/documents/follow">{t('documents.follow.title')}</a>
      </p>
    </>
  );
}

/** /documents: ask for a free police abstract or P3 form with the slip, no account needed. */
export function RequestPage({ page, stations, values, errors, made, notFound, publicUrl }: RequestPageProps) {
  const { t } = page;
  // the kind asked for, once known, names what a demand for money was for
  const kind = isDocumentKind(values.kind) ? values.kind : undefined;
  const link = {
    station: values.station ?? '',
    about: t(`documents.kind.${kind ?? 'request'}`),
    document: kind,
  };
  return (
    <Layout page={page} title={t('documents.request.title')} description={t('documents.request.lead')}>
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('documents.request.title')}</h1>
      {made ? (
        <Made page={page} made={made} />
      ) : (
        <Ask page={page} stations={stations} values={values} errors={errors} notFound={notFound} />
      )}
      <FreeNotice locale={page.locale} link={link} publicUrl={publicUrl} />
    </Layout>
  );
}
