import { CaseClocksTable } from './clocks.tsx';
import type { ComponentChild } from 'preact';
import { formatDateTime, type Translate } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Select, TextArea, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { caseOutcomes, caseStatuses, MAX_MESSAGE_LENGTH, type CaseDetail } from '../service.ts';
import { CaseDirectives } from '../directives/pages/directives.tsx';
import { CaseNotes } from './notes.tsx';
import { CaseAssignment } from './assignment.tsx';
import type { Person } from '../assignment/service.ts';
import type { CaseRow, HistoryRow, SubjectRow } from '../store.ts';

interface Props {
  page: PageContext;
  detail: CaseDetail;
  source: ComponentChild;
  units: string[];
  /** Who the case may be given to (see CaseAssignment). */
  people: Person[];
  errors: FieldErrors;
  /** Which form the errors belong to, and what was typed. */
  form?:
    | { name: 'status' | 'reassign' | 'assign' | 'message' | 'note' | 'directive'; values: Record<string, string> }
    | undefined;
  notice?: string | undefined;
}

type CaseForm = NonNullable<Props['form']>;

/** Both forms have a "reason"; the reassign form's has its own id, and the summary links to it. Likewise the directive form's "unit". */
function summaryErrorsFor(errors: FieldErrors, form: CaseForm | undefined): FieldErrors {
  const renamed = (from: string, to: string) =>
    Object.fromEntries(Object.entries(errors).map(([field, message]) => [field === from ? to : field, message]));
  if (form?.name === 'reassign') return renamed('reason', 'reassign-reason');
  if (form?.name === 'assign') return renamed('reason', 'assign-reason');
  if (form?.name === 'directive') return renamed('unit', 'directive-unit');
  return errors;
}

export function CasePage({ page, detail, source, units, people, errors, form, notice }: Props) {
  const { t } = page;
  const c = detail.case;
  const values = form?.values ?? {};
  return (
    <Layout page={page} title={c.reference}>
      <ErrorSummary t={t} errors={summaryErrorsFor(errors, form)} />
      <SuccessNotice text={notice} />
      <p class="breadcrumb">
        <a href="/staff/cases">{t('cases.queue.title')}</a>
      </p>
      <h1>
        {c.reference} <span class={`tag status-${c.status}`}>{t(`cases.status.${c.status}`)}</span>
        {c.overdue ? <span class="tag overdue">{t('cases.overdue')}</span> : null}
      </h1>
      <CaseFacts page={page} c={c} />
      <CaseClocksTable page={page} c={c} />
      <CaseAssignment
        page={page}
        c={c}
        people={people}
        canAct={detail.canAct}
        errors={form?.name === 'assign' ? errors : {}}
        values={form?.name === 'assign' ? form.values : undefined}
      />

      {source}

      <CaseSubjects t={t} subjects={detail.subjects} />

      <CaseMessages page={page} detail={detail} errors={form?.name === 'message' ? errors : {}} form={form} />

      <CaseNotes
        page={page}
        detail={detail}
        errors={form?.name === 'note' ? errors : {}}
        value={form?.name === 'note' ? (form.values.note ?? '') : ''}
      />

      {detail.canAct ? (
        <CaseActions page={page} c={c} units={units} errors={errors} form={form} />
      ) : (
        <p class="notice">{t('cases.readOnly')}</p>
      )}

      <CaseDirectives
        page={page}
        reference={c.reference}
        directives={detail.directives}
        canDirect={detail.canDirect}
        form={form?.name === 'directive' ? { values, errors } : undefined}
      />

      <CaseHistory page={page} history={detail.history} />
    </Layout>
  );
}

function CaseFacts({ page, c }: { page: PageContext; c: CaseRow }) {
  const { t, locale } = page;
  return (
    <dl class="summary-list">
      <dt>{t('cases.field.category')}</dt>
      <dd>{t(`category.${c.category}`)}</dd>
      <dt>{t('cases.field.unit')}</dt>
      <dd>
        {t(`unit.${c.unit_code}`)}
        {c.informed_units.length > 0
          ? ` (${t('cases.informed')}: ${c.informed_units.map((u) => t(`unit.${u}`)).join(', ')})`
          : ''}
      </dd>
      <dt>{t('cases.field.place')}</dt>
      <dd>{[c.station_name, c.county_name].filter(Boolean).join(', ') || '—'}</dd>
      <dt>{t('cases.field.opened')}</dt>
      <dd>{formatDateTime(locale, c.opened_at)}</dd>
      {c.outcome ? (
        <>
          <dt>{t('cases.field.outcome')}</dt>
          <dd>{t(`cases.outcome.${c.outcome}`)}</dd>
        </>
      ) : null}
    </dl>
  );
}

function CaseSubjects({ t, subjects }: { t: Translate; subjects: SubjectRow[] }) {
  if (subjects.length === 0) return null;
  return (
    <section aria-labelledby="subjects-title">
      <h2 id="subjects-title">{t('cases.subjects')}</h2>
      <ul>
        {subjects.map((s) => (
          <li>
            {[s.name, s.service_number ? `${t('cases.serviceNumber')} ${s.service_number}` : null, s.vehicle_plate]
              .filter(Boolean)
              .join(' · ')}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CaseMessages({
  page,
  detail,
  errors,
  form,
}: {
  page: PageContext;
  detail: CaseDetail;
  errors: FieldErrors;
  form: CaseForm | undefined;
}) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">{t('cases.messages')}</h2>
      {detail.messages.length === 0 ? <p>{t('cases.noMessages')}</p> : null}
      <ol class="messages">
        {detail.messages.map((m) => (
          <li class={`message ${m.direction}`}>
            <p class="meta">
              {m.direction === 'from_reporter'
                ? t('cases.fromReporter')
                : `${m.author_label ?? ''} → ${t('cases.toReporter')}`}{' '}
              · {formatDateTime(locale, m.at)}
            </p>
            <p class="body">{m.body}</p>
          </li>
        ))}
      </ol>
      {detail.canAct ? (
        <form method="post" action={`/staff/cases/${detail.case.reference}/messages`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextArea
            t={t}
            name="message"
            label={t('cases.writeToReporter')}
            hint={t('cases.writeToReporterHint')}
            errors={errors}
            value={form?.name === 'message' ? form.values.message : ''}
            maxLength={MAX_MESSAGE_LENGTH}
            rows={4}
          />
          <button type="submit" class="button">
            {t('cases.send')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

interface ActionProps {
  page: PageContext;
  c: CaseRow;
  units: string[];
  errors: FieldErrors;
  form: CaseForm | undefined;
}

function CaseActions(props: ActionProps) {
  const { t } = props.page;
  return (
    <section aria-labelledby="actions-title" class="actions">
      <h2 id="actions-title">{t('cases.actions')}</h2>
      <StatusForm {...props} />
      <ReassignForm {...props} />
    </section>
  );
}

function StatusForm({ page, c, errors, form }: ActionProps) {
  const { t } = page;
  const values = form?.values ?? {};
  const own = form?.name === 'status';
  return (
    <form method="post" action={`/staff/cases/${c.reference}/status`} novalidate>
      <h3>{t('cases.changeStatus')}</h3>
      <CsrfField token={page.csrfToken} />
      <Select
        t={t}
        name="status"
        label={t('cases.field.status')}
        errors={own ? errors : {}}
        value={own ? values.status : c.status}
        options={caseStatuses.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))}
      />
      <Select
        t={t}
        name="outcome"
        label={t('cases.field.outcome')}
        hint={t('cases.outcomeHint')}
        errors={own ? errors : {}}
        value={values.outcome}
        placeholder=""
        options={caseOutcomes.map((o) => ({ value: o, label: t(`cases.outcome.${o}`) }))}
      />
      <TextArea
        t={t}
        name="reason"
        label={t('cases.reason')}
        errors={own ? errors : {}}
        value={own ? values.reason : ''}
        rows={3}
      />
      <TextArea
        t={t}
        name="publicNote"
        label={t('cases.publicNote')}
        hint={t('cases.publicNoteHint')}
        errors={own ? errors : {}}
        value={own ? values.publicNote : ''}
        rows={2}
      />
      <button type="submit" class="button">
        {t('cases.saveStatus')}
      </button>
    </form>
  );
}

function ReassignForm({ page, c, units, errors, form }: ActionProps) {
  const { t } = page;
  const own = form?.name === 'reassign';
  return (
    <form method="post" action={`/staff/cases/${c.reference}/reassign`} novalidate>
      <h3>{t('cases.reassign')}</h3>
      <CsrfField token={page.csrfToken} />
      <Select
        t={t}
        name="unit"
        label={t('cases.field.unit')}
        errors={own ? errors : {}}
        value={own ? form.values.unit : c.unit_code}
        options={units.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
      />
      <TextArea
        t={t}
        name="reason"
        id="reassign-reason"
        label={t('cases.reason')}
        errors={own ? errors : {}}
        value={own ? form.values.reason : ''}
        rows={3}
      />
      <button type="submit" class="button secondary">
        {t('cases.reassignSubmit')}
      </button>
    </form>
  );
}

/** " (from → to)" for a history entry's change of status or unit, when it has one. */
function historyStep(values: Array<string | null>, label: (value: string) => string): string {
  const named = values.filter((v): v is string => Boolean(v));
  return named.length > 0 ? ` (${named.map(label).join(' → ')})` : '';
}

/** " (from → to)" for a change of who works the case: a name, or the unit when nobody. */
function assignmentStep(t: Translate, detail: Record<string, unknown>): string {
  const name = (value: unknown) => (typeof value === 'string' ? value : t('cases.assignee.nobody'));
  return ` (${name(detail.from)} → ${name(detail.to)})`;
}

function CaseHistory({ page, history }: { page: PageContext; history: HistoryRow[] }) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('cases.history')}</h2>
      <ol class="history">
        {history.map((e) => (
          <li>
            <span class="meta">{formatDateTime(locale, e.at)}</span> · <strong>{e.actor_label}</strong> ·{' '}
            {t(
              e.action.startsWith('directive_')
                ? `cases.directive.event.${e.action.slice('directive_'.length)}`
                : `cases.event.${e.action}`,
            )}
            {historyStep([e.from_status, e.to_status], (s) => t(`cases.status.${s}`))}
            {historyStep([e.from_unit, e.to_unit], (u) => t(`unit.${u}`))}
            {e.action === 'assigned' ? assignmentStep(t, e.detail) : null}
            {e.reason ? <p class="reason">{e.reason}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
