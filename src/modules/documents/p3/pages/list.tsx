import { formatDateTimeWithZone, type Translate } from '../../../../platform/i18n/index.ts';
import { Layout } from '../../../../platform/web/layout.tsx';
import type { PageContext } from '../../../../platform/web/page.ts';
import type { P3View } from '../service.ts';

/** Where a form stands, in one line: revoked, not yet sent, waiting at a facility, or completed. */
export function statusOf(t: Translate, locale: PageContext['locale'], form: P3View): string {
  const when = (d: Date) => formatDateTimeWithZone(locale, d);
  if (form.revoked) return t('documents.p3.status.revoked');
  if (!form.facility) return t('documents.p3.status.unsent');
  if (form.completedAt)
    return t('documents.p3.status.completed', { facility: form.facility.name, when: when(form.completedAt) });
  return t('documents.p3.status.sent', { facility: form.facility.name, when: when(form.sentAt!) });
}

function FormCard({ page, form }: { page: PageContext; form: P3View }) {
  const { t, locale } = page;
  return (
    <li class="card">
      <h3>
        <a href={`/staff/p3/${form.id}`}>{form.number}</a>
      </h3>
      <p>
        OB {form.obNumber} · {form.station.name} · {form.examinedPerson}
      </p>
      <p>
        <strong>{statusOf(t, locale, form)}</strong>
      </p>
    </li>
  );
}

function FormList({ page, forms }: { page: PageContext; forms: P3View[] }) {
  return (
    <ul class="cards">
      {forms.map((form) => (
        <FormCard page={page} form={form} />
      ))}
    </ul>
  );
}

/** /staff/p3 for a medical officer: the forms sent to their facility, those waiting for Part II first. */
export function FacilityQueuePage({ page, facility, forms }: { page: PageContext; facility: string; forms: P3View[] }) {
  const { t } = page;
  const waiting = forms.filter((f) => !f.completedAt && !f.revoked);
  const done = forms.filter((f) => f.completedAt || f.revoked);
  return (
    <Layout page={page} title={t('documents.p3.queue.title', { facility })}>
      <h1>{t('documents.p3.queue.title', { facility })}</h1>
      <p class="hint">{t('documents.p3.part2.notice')}</p>
      <h2>{t('documents.p3.queue.waiting', { count: waiting.length })}</h2>
      {waiting.length === 0 ? <p>{t('documents.p3.queue.none')}</p> : <FormList page={page} forms={waiting} />}
      {done.length > 0 ? (
        <>
          <h2>{t('documents.p3.queue.completed')}</h2>
          <FormList page={page} forms={done} />
        </>
      ) : null}
    </Layout>
  );
}

/** /staff/p3/stations/<station>: the station's P3 forms for its desk, those to send first. */
export function StationFormsPage({ page, station, forms }: { page: PageContext; station: string; forms: P3View[] }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('documents.p3.station.title', { station })}>
      <h1>{t('documents.p3.station.title', { station })}</h1>
      <p>{t('documents.p3.station.lead')}</p>
      {forms.length === 0 ? <p>{t('documents.p3.station.none')}</p> : <FormList page={page} forms={forms} />}
    </Layout>
  );
}
