import type { ComponentChild } from 'preact';
import { formatDateTime } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Select, TextArea, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { caseOutcomes, caseStatuses, MAX_MESSAGE_LENGTH, type CaseDetail } from '../service.ts';
import { CaseDirectives } from '../directives/pages/directives.tsx';

interface Props {
  page: PageContext;
  detail: CaseDetail;
  source: ComponentChild;
  units: string[];
  errors: FieldErrors;
  /** Which form the errors belong to, and what was typed. */
  form?: { name: 'status' | 'reassign' | 'message' | 'directive'; values: Record<string, string> } | undefined;
  notice?: string | undefined;
}

export function CasePage({ page, detail, source, units, errors, form, notice }: Props) {
  const { t, locale } = page;
  const c = detail.case;
  const values = form?.values ?? {};
  const errorsFor = (name: string) => (form?.name === name ? errors : {});
  // Both forms have a "reason"; the reassign form's has its own id, and the summary links to it.
  // Likewise the directive form's "unit".
  const summaryErrors =
    form?.name === 'reassign'
      ? Object.fromEntries(
          Object.entries(errors).map(([field, message]) => [field === 'reason' ? 'reassign-reason' : field, message]),
        )
      : form?.name === 'directive'
        ? Object.fromEntries(
            Object.entries(errors).map(([field, message]) => [field === 'unit' ? 'directive-unit' : field, message]),
          )
        : errors;
  return (
    <Layout page={page} title={c.reference}>
      <ErrorSummary t={t} errors={summaryErrors} />
      <SuccessNotice text={notice} />
      <p class="breadcrumb">
        <a href="/staff/cases">{t('cases.queue.title')}</a>
      </p>
      <h1>
        {c.reference} <span class={`tag status-${c.status}`}>{t(`cases.status.${c.status}`)}</span>
        {c.overdue ? <span class="tag overdue">{t('cases.overdue')}</span> : null}
      </h1>
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
        <dt>{t('cases.field.due')}</dt>
        <dd>
          {formatDateTime(locale, c.first_response_due_at)}
          {c.first_responded_at
            ? ` — ${t('cases.respondedAt', { at: formatDateTime(locale, c.first_responded_at) })}`
            : ''}
        </dd>
        {c.outcome ? (
          <>
            <dt>{t('cases.field.outcome')}</dt>
            <dd>{t(`cases.outcome.${c.outcome}`)}</dd>
          </>
        ) : null}
      </dl>

      {source}

      {detail.subjects.length > 0 ? (
        <section aria-labelledby="subjects-title">
          <h2 id="subjects-title">{t('cases.subjects')}</h2>
          <ul>
            {detail.subjects.map((s) => (
              <li>
                {[s.name, s.service_number ? `${t('cases.serviceNumber')} ${s.service_number}` : null, s.vehicle_plate]
                  .filter(Boolean)
                  .join(' · ')}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

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
          <form method="post" action={`/staff/cases/${c.reference}/messages`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextArea
              t={t}
              name="message"
              label={t('cases.writeToReporter')}
              hint={t('cases.writeToReporterHint')}
              errors={errorsFor('message')}
              value={form?.name === 'message' ? values.message : ''}
              maxLength={MAX_MESSAGE_LENGTH}
              rows={4}
            />
            <button type="submit" class="button">
              {t('cases.send')}
            </button>
          </form>
        ) : null}
      </section>

      {detail.canAct ? (
        <section aria-labelledby="actions-title" class="actions">
          <h2 id="actions-title">{t('cases.actions')}</h2>
          <form method="post" action={`/staff/cases/${c.reference}/status`} novalidate>
            <h3>{t('cases.changeStatus')}</h3>
            <CsrfField token={page.csrfToken} />
            <Select
              t={t}
              name="status"
              label={t('cases.field.status')}
              errors={errorsFor('status')}
              value={form?.name === 'status' ? values.status : c.status}
              options={caseStatuses.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))}
            />
            <Select
              t={t}
              name="outcome"
              label={t('cases.field.outcome')}
              hint={t('cases.outcomeHint')}
              errors={errorsFor('status')}
              value={values.outcome}
              placeholder=""
              options={caseOutcomes.map((o) => ({ value: o, label: t(`cases.outcome.${o}`) }))}
            />
            <TextArea
              t={t}
              name="reason"
              label={t('cases.reason')}
              errors={errorsFor('status')}
              value={form?.name === 'status' ? values.reason : ''}
              rows={3}
            />
            <button type="submit" class="button">
              {t('cases.saveStatus')}
            </button>
          </form>
          <form method="post" action={`/staff/cases/${c.reference}/reassign`} novalidate>
            <h3>{t('cases.reassign')}</h3>
            <CsrfField token={page.csrfToken} />
            <Select
              t={t}
              name="unit"
              label={t('cases.field.unit')}
              errors={errorsFor('reassign')}
              value={form?.name === 'reassign' ? values.unit : c.unit_code}
              options={units.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
            />
            <TextArea
              t={t}
              name="reason"
              id="reassign-reason"
              label={t('cases.reason')}
              errors={errorsFor('reassign')}
              value={form?.name === 'reassign' ? values.reason : ''}
              rows={3}
            />
            <button type="submit" class="button secondary">
              {t('cases.reassignSubmit')}
            </button>
          </form>
        </section>
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

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('cases.history')}</h2>
        <ol class="history">
          {detail.history.map((e) => (
            <li>
              <span class="meta">{formatDateTime(locale, e.at)}</span> · <strong>{e.actor_label}</strong> ·{' '}
              {t(
                e.action.startsWith('directive_')
                  ? `cases.directive.event.${e.action.slice('directive_'.length)}`
                  : `cases.event.${e.action}`,
              )}
              {e.from_status || e.to_status
                ? ` (${[e.from_status, e.to_status]
                    .filter(Boolean)
                    .map((s) => t(`cases.status.${s}`))
                    .join(' → ')})`
                : ''}
              {e.from_unit || e.to_unit
                ? ` (${[e.from_unit, e.to_unit]
                    .filter(Boolean)
                    .map((u) => t(`unit.${u}`))
                    .join(' → ')})`
                : ''}
              {e.reason ? <p class="reason">{e.reason}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}
