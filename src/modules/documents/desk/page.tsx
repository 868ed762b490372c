import { formatDateTimeWithZone } from '../../../platform/i18n/index.ts';
import {
  CsrfField,
  ErrorSummary,
  Radios,
  TextArea,
  TextInput,
  type FieldErrors,
} from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { documentKinds } from '../kinds.ts';
import { LanguageChoice } from '../pages/language-choice.tsx';
import type { StationRequest } from '../service.ts';

export interface DeskPageProps {
  page: PageContext;
  station: { id: string; name: string };
  requests: StationRequest[];
  values: Record<string, string>;
  errors: FieldErrors;
  /** the document just issued, or the request just refused */
  notice?: string | undefined;
  /** the request whose refusal came back with `errors` */
  refusing?: string | undefined;
}

function RequestRow(props: { page: PageContext; station: string; r: StationRequest; errors: FieldErrors }) {
  const { page, station, r, errors } = props;
  const { t, locale } = page;
  const base = `/staff/documents/${encodeURIComponent(station)}`;
  return (
    <li class={r.overdue ? 'card overdue' : 'card'}>
      <h3>
        {t(`documents.kind.${r.kind}`)} · OB {r.obNumber}
      </h3>
      <p>
        {t('documents.desk.requested', { when: formatDateTimeWithZone(locale, r.requestedAt) })}{' '}
        <strong>
          {r.overdue
            ? t('documents.desk.overdue', { when: formatDateTimeWithZone(locale, r.dueAt) })
            : t('documents.desk.due', { when: formatDateTimeWithZone(locale, r.dueAt) })}
        </strong>
      </p>
      {r.caseReference ? <p>{t('documents.desk.escalated', { reference: r.caseReference })}</p> : null}
      {r.status === 'waiting' ? (
        <div class="actions">
          <form method="post" action={`${base}/issue`}>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="request" value={r.id} />
            <button type="submit" class="button">
              {t('documents.desk.issue')}
            </button>
          </form>
          <form method="post" action={`${base}/requests/${r.id}/refusal`}>
            <CsrfField token={page.csrfToken} />
            <TextArea
              t={t}
              name="reason"
              id={`reason-${r.id}`}
              label={t('documents.desk.reason')}
              errors={errors}
              rows={2}
            />
            <button type="submit" class="button secondary">
              {t('documents.desk.refuse')}
            </button>
          </form>
        </div>
      ) : (
        <p>
          {r.status === 'issued' ? (
            <>
              {t('documents.desk.issued', { number: r.documentNumber ?? '' })}{' '}
              <a href={`/api/documents/${r.documentNumber ?? ''}.pdf`}>{t('documents.desk.pdf')}</a>
            </>
          ) : (
            t('documents.desk.refused', { reason: r.refusedReason ?? '' })
          )}
        </p>
      )}
    </li>
  );
}

function IssueForm({ page, station, values, errors }: Pick<DeskPageProps, 'page' | 'station' | 'values' | 'errors'>) {
  const { t } = page;
  return (
    <form method="post" action={`/staff/documents/${encodeURIComponent(station.id)}/issue`} novalidate>
      <CsrfField token={page.csrfToken} />
      <Radios
        t={t}
        name="kind"
        label={t('documents.desk.kind')}
        errors={errors}
        value={values.kind}
        options={documentKinds.map((k) => ({ value: k, label: t(`documents.kind.${k}`) }))}
      />
      <TextInput
        t={t}
        name="ob"
        label={t('documents.field.ob')}
        hint={t('documents.field.obHint')}
        errors={errors}
        value={values.ob}
      />
      <LanguageChoice page={page} errors={errors} value={values.language ?? 'en'} />
      <button type="submit" class="button">
        {t('documents.desk.issue')}
      </button>
    </form>
  );
}

/** /staff/documents/<station>: the desk's requests (overdue first), issuing and refusing, and issuing at the counter. */
export function DeskPage({ page, station, requests, values, errors, notice, refusing }: DeskPageProps) {
  const { t } = page;
  const waiting = requests.filter((r) => r.status === 'waiting');
  const settled = requests.filter((r) => r.status !== 'waiting');
  return (
    <Layout page={page} title={t('documents.desk.title', { station: station.name })}>
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('documents.desk.title', { station: station.name })}</h1>
      {notice ? (
        <p class="notice success" role="status">
          {notice}
        </p>
      ) : null}
      <h2>{t('documents.desk.waiting', { count: waiting.length })}</h2>
      {waiting.length === 0 ? <p>{t('documents.desk.none')}</p> : null}
      <ul class="cards">
        {waiting.map((r) => (
          <RequestRow page={page} station={station.id} r={r} errors={r.id === refusing ? errors : {}} />
        ))}
      </ul>
      <h2>{t('documents.desk.atCounter')}</h2>
      <IssueForm page={page} station={station} values={values} errors={refusing ? {} : errors} />
      {settled.length > 0 ? <h2>{t('documents.desk.settled')}</h2> : null}
      <ul class="cards">
        {settled.map((r) => (
          <RequestRow page={page} station={station.id} r={r} errors={{}} />
        ))}
      </ul>
    </Layout>
  );
}
