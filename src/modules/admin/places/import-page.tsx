import { formatDateTime, type Translate } from '../../../platform/i18n/index.ts';
import type { ImportProblem } from '../../../platform/places-import.ts';
import type { StationChange, StationsPlan } from '../../../platform/stations-import.ts';
import { CsrfField, ErrorSummary, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SummaryList } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { UploadPreview } from './service.ts';

/** How many new and changed stations a preview lists by name; the counts cover them all. */
const SHOWN = 100;

function BackLink({ t }: { t: Translate }) {
  return (
    <p>
      <a href="/staff/admin/stations">{t('places.back')}</a>
    </p>
  );
}

export function ImportUploadPage({ page, errors, maxKb }: { page: PageContext; errors: FieldErrors; maxKb: number }) {
  const { t } = page;
  const error = errors.file;
  return (
    <Layout page={page} title={t('places.import.title')}>
      <BackLink t={t} />
      <h1>{t('places.import.title')}</h1>
      <p>{t('places.import.intro')}</p>
      <pre>
        <code>{'id,name,county_code,kind\nkangundo,Kangundo Police Station,016,station\n'}</code>
      </pre>
      <p class="hint">{t('places.import.rules')}</p>
      <form method="post" action="/staff/admin/stations/import" enctype="multipart/form-data" novalidate>
        <ErrorSummary t={t} errors={errors} />
        <CsrfField token={page.csrfToken} />
        <div class={error ? 'field field-error' : 'field'}>
          <label for="file">{t('places.import.file')}</label>
          <p class="hint" id="file-hint">
            {t('places.import.fileHint', { kb: maxKb })}
          </p>
          {error ? (
            <p class="error-message" id="file-error">
              <span class="visually-hidden">{t('form.errorPrefix')}</span> {error}
            </p>
          ) : null}
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={error ? 'file-hint file-error' : 'file-hint'}
            aria-invalid={error ? 'true' : undefined}
          />
        </div>
        <button type="submit" class="button">
          {t('places.import.preview')}
        </button>
      </form>
    </Layout>
  );
}

function ProblemsTable({ t, problems }: { t: Translate; problems: ImportProblem[] }) {
  return (
    <div class="table-scroll">
      <table>
        <caption>{t('places.import.problems', { count: problems.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('places.import.line')}</th>
            <th scope="col">{t('places.import.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p) => (
            <tr>
              <td>{p.line}</td>
              <td>{t(`places.problem.${p.reason}`, p.params)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChangesTable({ t, caption, rows }: { t: Translate; caption: string; rows: StationChange[] }) {
  if (rows.length === 0) return null;
  const shown = rows.slice(0, SHOWN);
  return (
    <div class="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {['line', 'id', 'name', 'county', 'kind'].map((c) => (
              <th scope="col">{t(c === 'line' ? 'places.import.line' : `places.field.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr>
              <td>{s.line}</td>
              <td>
                <code>{s.id}</code>
              </td>
              <td>{changed(s.before?.name, s.name)}</td>
              <td>{changed(s.before?.county_code, s.county)}</td>
              <td>{changed(s.before?.kind, s.kind)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > SHOWN ? <p class="hint">{t('places.import.more', { count: rows.length - SHOWN })}</p> : null}
    </div>
  );
}

/** A value the import changes shows what it was, struck through, before what it becomes. */
function changed(before: string | undefined, after: string) {
  if (before === undefined || before === after) return after;
  return (
    <>
      <del>{before}</del> <ins>{after}</ins>
    </>
  );
}

/** What the file did (once imported) or would do. */
function countsOf({ upload, result }: UploadPreview) {
  if (upload.applied_at)
    return { added: upload.added ?? 0, changed: upload.changed ?? 0, unchanged: upload.unchanged ?? 0 };
  const plan = result?.plan;
  return { added: plan?.added.length ?? 0, changed: plan?.changed.length ?? 0, unchanged: plan?.unchanged ?? 0 };
}

function ImportSummary({ t, preview }: { t: Translate; preview: UploadPreview }) {
  const counts = countsOf(preview);
  return (
    <SummaryList
      rows={[
        [t('places.import.file'), preview.upload.file_name || '—'],
        [t('places.import.added'), String(counts.added)],
        [t('places.import.changed'), String(counts.changed)],
        [t('places.import.unchanged'), String(counts.unchanged)],
      ]}
    />
  );
}

export function ImportPreviewPage({
  page,
  preview,
  stale = false,
}: {
  page: PageContext;
  preview: UploadPreview;
  /** The confirmation came after the stations had changed: this is the new preview. */
  stale?: boolean;
}) {
  const { t, locale } = page;
  const { upload, result } = preview;
  const plan = upload.applied_at ? undefined : result?.plan;
  const problems = result?.problems ?? [];
  const title = t(upload.applied_at ? 'places.import.doneTitle' : 'places.import.previewTitle');
  return (
    <Layout page={page} title={title}>
      <BackLink t={t} />
      <h1>{title}</h1>
      {stale ? <p class="notice">{t('places.import.stale')}</p> : null}
      {upload.applied_at ? (
        <div class="notice success" role="status">
          {t('places.import.done', { at: formatDateTime(locale, upload.applied_at) })}
        </div>
      ) : null}
      <ImportSummary t={t} preview={preview} />
      {problems.length > 0 ? (
        <>
          <p class="notice">{t('places.import.refused')}</p>
          <ProblemsTable t={t} problems={problems} />
        </>
      ) : null}
      {plan ? (
        <>
          {problems.length === 0 ? <ConfirmForm page={page} uploadId={upload.id} plan={plan} /> : null}
          <ChangesTable t={t} caption={t('places.import.addedList')} rows={plan.added} />
          <ChangesTable t={t} caption={t('places.import.changedList')} rows={plan.changed} />
        </>
      ) : null}
      <p>
        <a href="/staff/admin/stations/import">{t('places.import.another')}</a>
      </p>
    </Layout>
  );
}

function ConfirmForm(props: { page: PageContext; uploadId: string; plan: StationsPlan }) {
  const { t } = props.page;
  if (props.plan.added.length + props.plan.changed.length === 0) return <p>{t('places.import.nothing')}</p>;
  return (
    <form method="post" action={`/staff/admin/stations/import/${props.uploadId}/confirm`} novalidate>
      <p>{t('places.import.confirmHint')}</p>
      <CsrfField token={props.page.csrfToken} />
      <input type="hidden" name="digest" value={props.plan.digest} />
      <button type="submit" class="button">
        {t('places.import.confirm')}
      </button>
    </form>
  );
}
