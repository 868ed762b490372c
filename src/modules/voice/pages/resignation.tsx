import { formatDate, formatDateTime } from '../../../platform/i18n/index.ts';
import { CsrfField, Radios, TextArea, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { MAX_REASONS, resignationOutcomes } from '../letter.ts';
import type { SubmissionView } from '../view.ts';
import type { SubmissionRow } from '../store.ts';

interface FormProps {
  page: PageContext;
  view: SubmissionView;
  errors: FieldErrors;
  values: Record<string, string | undefined>;
}

/** The outcome of a decided resignation request. */
function Outcome({ page, s }: { page: PageContext; s: SubmissionRow }) {
  const { t, locale } = page;
  return (
    <div class="decision">
      <p>
        <strong class="tag">{t(`voice.outcome.${s.outcome}`)}</strong> {formatDateTime(locale, s.outcome_at)}
      </p>
      {s.outcome === 'accepted' ? (
        <p>{t('voice.decision.effective', { date: formatDate(locale, s.outcome_effective_date) })}</p>
      ) : null}
      {s.outcome_referred_to ? <p>{t('voice.decision.referredTo', { to: s.outcome_referred_to })}</p> : null}
      {s.outcome_reasons ? <p class="voice-body">{s.outcome_reasons}</p> : null}
    </div>
  );
}

/** The registry's decision on a resignation request: accepted, declined or referred, with what each needs. */
function DecisionForm({ page, view, errors, values }: FormProps) {
  const { t } = page;
  return (
    <form
      method="post"
      action={`/staff/voice/${view.submission.registry_number}/decision`}
      novalidate
      class="decision-form"
    >
      <CsrfField token={page.csrfToken} />
      <Radios
        t={t}
        name="outcome"
        label={t('voice.decision.outcome')}
        errors={errors}
        value={values.outcome}
        options={resignationOutcomes.map((o) => ({ value: o, label: t(`voice.outcome.${o}`) }))}
      />
      <TextInput
        t={t}
        name="effectiveDate"
        type="date"
        label={t('voice.decision.effectiveDate')}
        hint={t('voice.decision.effectiveHint')}
        errors={errors}
        value={values.effectiveDate}
      />
      <TextInput
        t={t}
        name="referredTo"
        label={t('voice.decision.referredToLabel')}
        hint={t('voice.decision.referredHint')}
        errors={errors}
        value={values.referredTo}
        maxLength={200}
      />
      <TextArea
        t={t}
        name="reasons"
        label={t('voice.decision.reasons')}
        hint={t('voice.decision.reasonsHint')}
        errors={errors}
        value={values.reasons}
        maxLength={MAX_REASONS}
        rows={4}
      />
      <button type="submit" class="button">
        {t('voice.decision.record')}
      </button>
    </form>
  );
}

/** Where a resignation request stands: its outcome, or when the decision is due; the writer may withdraw it, the registry decide it. */
export function Resignation({ page, view, errors, values }: FormProps) {
  const { t, locale } = page;
  const s = view.submission;
  return (
    <section aria-labelledby="decision-title">
      <h2 id="decision-title">{t('voice.decision.title')}</h2>
      {s.outcome ? (
        <Outcome page={page} s={s} />
      ) : (
        <p>{t('voice.decision.due', { date: formatDate(locale, view.decisionDueAt) })}</p>
      )}
      {view.canWithdraw ? (
        <form method="post" action={`/voice/${s.registry_number}/withdraw`} class="inline-form">
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="button warning">
            {t('voice.withdraw')}
          </button>
        </form>
      ) : null}
      {view.canDecide ? <DecisionForm page={page} view={view} errors={errors} values={values} /> : null}
    </section>
  );
}
