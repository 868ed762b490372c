import { formatDate, type Locale, type Translate } from '../../../../platform/i18n/index.ts';
import { formatLocalDate } from '../../../../platform/time/index.ts';
import {
  CsrfField,
  ErrorSummary,
  Select,
  TextArea,
  TextInput,
  type FieldErrors,
} from '../../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../../platform/web/layout.tsx';
import type { PageContext } from '../../../../platform/web/page.ts';
import {
  deliverableAccept,
  directableUnits,
  MAX_DELIVERABLE_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_TASK_LENGTH,
  RECENTLY_CLOSED_DAYS,
  type DirectiveLists,
  type DirectiveRow,
} from '../directives.ts';

/** A due date (a day in Nairobi, YYYY-MM-DD) shown in the reader's language. */
export function formatDay(locale: Locale, day: string | null): string {
  return day ? formatLocalDate(locale, day) : '';
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function overdueText(t: Translate, days: number): string {
  return t('cases.directive.status.overdueBy', { count: days });
}

export function DirectiveStatus({ t, locale, d }: { t: Translate; locale: Locale; d: DirectiveRow }) {
  if (d.status === 'closed')
    return (
      <span class="tag done">{t('cases.directive.status.delivered', { date: formatDate(locale, d.closed_at) })}</span>
    );
  if (d.overdue) {
    return (
      <>
        <strong class="tag overdue">{overdueText(t, d.days_overdue)}</strong>
        {d.escalated_at ? (
          <>
            {' '}
            <strong class="tag overdue">{t('cases.directive.status.escalated')}</strong>
          </>
        ) : null}
      </>
    );
  }
  return <span class="tag">{t('cases.directive.status.open')}</span>;
}

/** One directive's facts; `caseLink` adds the case reference (staff dashboards). */
function DirectiveFacts({ page, d, caseLink }: { page: PageContext; d: DirectiveRow; caseLink: boolean }) {
  const { t, locale } = page;
  return (
    <>
      <p class="commitment-body">{d.task}</p>
      <dl class="summary-list">
        {caseLink ? (
          <>
            <dt>{t('cases.directive.field.case')}</dt>
            <dd>
              {d.case_visible ? <a href={`/staff/cases/${d.case_reference}`}>{d.case_reference}</a> : d.case_reference}
            </dd>
          </>
        ) : null}
        <dt>{t('cases.directive.field.unit')}</dt>
        <dd>{t(`unit.${d.unit_code}`)}</dd>
        <dt>{t('cases.directive.field.deliverable')}</dt>
        <dd>{d.deliverable}</dd>
        <dt>{t('cases.directive.field.due')}</dt>
        <dd>{formatDay(locale, d.due_on)}</dd>
        <dt>{t('cases.directive.field.issued')}</dt>
        <dd>{t('cases.directive.issuedBy', { date: formatDate(locale, d.issued_at), name: d.issued_by_label })}</dd>
        <dt>{t('cases.directive.field.public')}</dt>
        <dd>{d.public ? t('cases.directive.publicYes') : t('cases.directive.publicNo')}</dd>
        {d.file_sha256 ? (
          <>
            <dt>{t('cases.directive.field.file')}</dt>
            <dd>
              {t('cases.directive.delivered', {
                date: formatDate(locale, d.uploaded_at),
                name: d.uploaded_by_label ?? '',
              })}
              {d.case_visible ? (
                <>
                  <br />
                  <a href={`/staff/directives/${d.id}/deliverable`}>
                    {t('cases.directive.download', {
                      type: d.file_media_type ?? '',
                      size: formatSize(d.file_size ?? 0),
                    })}
                  </a>
                </>
              ) : null}
              {d.file_note ? <p class="commitment-note">{d.file_note}</p> : null}
            </dd>
          </>
        ) : null}
      </dl>
    </>
  );
}

function DirectiveItem({
  page,
  d,
  caseLink,
  deliverLink,
}: {
  page: PageContext;
  d: DirectiveRow;
  caseLink: boolean;
  deliverLink: boolean;
}) {
  const { t, locale } = page;
  return (
    <li class={`commitment${d.overdue ? ' overdue' : d.status === 'closed' ? ' done' : ''}`} id={`directive-${d.id}`}>
      <p>
        <DirectiveStatus t={t} locale={locale} d={d} />{' '}
        {t('cases.directive.dueOn', { date: formatDay(locale, d.due_on) })}
      </p>
      <DirectiveFacts page={page} d={d} caseLink={caseLink} />
      {deliverLink && d.status === 'open' ? (
        <p>
          <a class="button" href={`/staff/directives/${d.id}`}>
            {t('cases.directive.deliver')}
          </a>
        </p>
      ) : null}
    </li>
  );
}

export interface DirectiveFormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

/** The directives on a case page, and for the IG's office the form to issue one. */
export function CaseDirectives({
  page,
  reference,
  directives,
  canDirect,
  form,
}: {
  page: PageContext;
  reference: string;
  directives: DirectiveRow[];
  canDirect: boolean;
  form?: DirectiveFormState | undefined;
}) {
  const { t } = page;
  // the case's own data is visible to whoever sees this page
  const shown = directives.map((d) => ({ ...d, case_visible: true }));
  return (
    <section aria-labelledby="directives-title" id="directives">
      <h2 id="directives-title">{t('cases.directive.section')}</h2>
      {shown.length === 0 ? <p>{t('cases.directive.none')}</p> : null}
      <ul class="commitments">
        {shown.map((d) => (
          <DirectiveItem page={page} d={d} caseLink={false} deliverLink={false} />
        ))}
      </ul>
      {canDirect ? <DirectiveForm page={page} reference={reference} form={form} /> : null}
    </section>
  );
}

/** The IG's office's form to issue a directive on the case. */
function DirectiveForm({
  page,
  reference,
  form,
}: {
  page: PageContext;
  reference: string;
  form: DirectiveFormState | undefined;
}) {
  const { t } = page;
  const values = form?.values ?? {};
  const errors = form?.errors ?? {};
  return (
    <form method="post" action={`/staff/cases/${reference}/directives`} novalidate>
      <h3>{t('cases.directive.form.title')}</h3>
      <CsrfField token={page.csrfToken} />
      <Select
        t={t}
        name="unit"
        id="directive-unit"
        label={t('cases.directive.field.unit')}
        errors={errors}
        value={values.unit}
        placeholder=""
        options={directableUnits.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
      />
      <TextArea
        t={t}
        name="task"
        label={t('cases.directive.form.task')}
        hint={t('cases.directive.form.taskHint')}
        errors={errors}
        value={values.task}
        maxLength={MAX_TASK_LENGTH}
        rows={4}
      />
      <TextInput
        t={t}
        name="deliverable"
        label={t('cases.directive.field.deliverable')}
        hint={t('cases.directive.form.deliverableHint')}
        errors={errors}
        value={values.deliverable}
        maxLength={MAX_DELIVERABLE_LENGTH}
      />
      <DueAndPublic t={t} values={values} errors={errors} />
      <button type="submit" class="button">
        {t('cases.directive.form.submit')}
      </button>
    </form>
  );
}

/** When the directive is due, and whether it is published. */
function DueAndPublic({ t, values, errors }: { t: Translate; values: Record<string, string>; errors: FieldErrors }) {
  return (
    <>
      <TextInput
        t={t}
        name="dueDate"
        type="date"
        label={t('cases.directive.form.due')}
        hint={t('cases.directive.form.dueHint')}
        errors={errors}
        value={values.dueDate}
      />
      <div class="field checkbox">
        <input id="public" name="public" type="checkbox" value="yes" checked={values.public === 'yes'} />
        <label for="public">{t('cases.directive.form.public')}</label>
      </div>
    </>
  );
}

/** /staff/directives: the IG's office dashboard, or a unit's own directives. */
export function DirectivesPage({
  page,
  lists,
  view,
}: {
  page: PageContext;
  lists: DirectiveLists;
  view: 'ig' | 'unit';
}) {
  const { t } = page;
  const overdue = lists.open.filter((d) => d.overdue).length;
  return (
    <Layout page={page} title={t('cases.directive.dashboard.title')}>
      <h1>{t('cases.directive.dashboard.title')}</h1>
      <p class="lead">{t(view === 'ig' ? 'cases.directive.dashboard.igLead' : 'cases.directive.dashboard.unitLead')}</p>
      {overdue > 0 ? (
        <div class="notice warning" role="status">
          <p>
            <strong>{t('cases.directive.dashboard.overdueCount', { n: overdue })}</strong>
          </p>
        </div>
      ) : null}
      <h2>{t('cases.directive.dashboard.open', { n: lists.open.length })}</h2>
      {lists.open.length === 0 ? <p>{t('cases.directive.dashboard.noOpen')}</p> : null}
      <ul class="commitments">
        {lists.open.map((d) => (
          <DirectiveItem page={page} d={d} caseLink deliverLink={view === 'unit'} />
        ))}
      </ul>
      <h2>{t('cases.directive.dashboard.closed', { count: RECENTLY_CLOSED_DAYS })}</h2>
      {lists.recentlyClosed.length === 0 ? <p>{t('cases.directive.dashboard.noClosed')}</p> : null}
      <ul class="commitments">
        {lists.recentlyClosed.map((d) => (
          <DirectiveItem page={page} d={d} caseLink deliverLink={false} />
        ))}
      </ul>
    </Layout>
  );
}

/** One directive, with the upload form for the directed unit. */
export function DirectivePage({
  page,
  directive,
  mayDeliver,
  maxMb,
  errors,
  values,
  notice,
}: {
  page: PageContext;
  directive: DirectiveRow;
  mayDeliver: boolean;
  maxMb: number;
  errors: FieldErrors;
  values: Record<string, string>;
  notice?: string | undefined;
}) {
  const { t, locale } = page;
  return (
    <Layout page={page} title={t('cases.directive.page.title')}>
      <ErrorSummary t={t} errors={errors} />
      <SuccessNotice text={notice} />
      <p class="breadcrumb">
        <a href="/staff/directives">{t('cases.directive.dashboard.title')}</a>
      </p>
      <h1>
        {t('cases.directive.page.title')} <DirectiveStatus t={t} locale={locale} d={directive} />
      </h1>
      <DirectiveFacts page={page} d={directive} caseLink />
      {mayDeliver ? (
        <DeliverableForm page={page} id={directive.id} maxMb={maxMb} errors={errors} values={values} />
      ) : null}
    </Layout>
  );
}

/** The directed unit's upload: the note, then the file. */
function DeliverableForm({
  page,
  id,
  maxMb,
  errors,
  values,
}: {
  page: PageContext;
  id: string;
  maxMb: number;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { t } = page;
  return (
    <form method="post" action={`/staff/directives/${id}/deliverable`} enctype="multipart/form-data" novalidate>
      <h2>{t('cases.directive.upload.title')}</h2>
      <CsrfField token={page.csrfToken} />
      {/* the note comes before the file: fields are read before the file is streamed */}
      <TextArea
        t={t}
        name="note"
        label={t('cases.directive.field.note')}
        hint={t('cases.directive.upload.noteHint')}
        errors={errors}
        value={values.note}
        maxLength={MAX_NOTE_LENGTH}
        rows={3}
      />
      <div class={errors.file ? 'field field-error' : 'field'}>
        <label for="file">{t('cases.directive.field.file')}</label>
        <p class="hint" id="file-hint">
          {t('cases.directive.upload.fileHint', { mb: maxMb })}
        </p>
        {errors.file ? (
          <p class="error-message" id="file-error">
            <span class="visually-hidden">{t('form.errorPrefix')}</span> {errors.file}
          </p>
        ) : null}
        <input
          id="file"
          name="file"
          type="file"
          accept={deliverableAccept}
          aria-describedby={errors.file ? 'file-hint file-error' : 'file-hint'}
          aria-invalid={errors.file ? 'true' : undefined}
        />
      </div>
      <button type="submit" class="button">
        {t('cases.directive.upload.submit')}
      </button>
    </form>
  );
}
