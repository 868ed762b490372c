import { engageTopics, misconductCategory } from '../../../jurisdiction/kenya/index.ts';
import {
  CsrfField,
  Select,
  TextArea,
  TextInput,
  type FieldErrors,
  type ReturnedForm,
} from '../../../platform/web/forms.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { caseCategories, MAX_ANSWER, MAX_CASE_DAYS, MAX_COMMITMENT, MAX_INSTRUCTION, unitCodes } from '../shared.ts';
import type { PublicCluster } from '../console/store.ts';

export type ConsoleForm = ReturnedForm<'answer' | 'urgent' | 'answering' | 'live'>;

interface FieldsProps {
  page: PageContext;
  id: (field: string) => string;
  errors: FieldErrors;
  values: Record<string, string | undefined>;
}

/** The commitment that may go with an answer: what, which unit, by when. */
function CommitmentFields({ page, id, errors, values }: FieldsProps) {
  const { t } = page;
  return (
    <fieldset class="commitment-fields">
      <legend>{t('engage.console.commitment')}</legend>
      <p class="hint">{t('engage.console.commitmentHint')}</p>
      <TextInput
        t={t}
        id={id('commitment')}
        name="commitment"
        label={t('engage.console.commitmentText')}
        errors={errors}
        value={values.commitment}
        maxLength={MAX_COMMITMENT}
      />
      <div class="field-row">
        <Select
          t={t}
          id={id('unit')}
          name="unit"
          label={t('engage.console.unit')}
          errors={errors}
          value={values.unit}
          placeholder={t('engage.queue.choose')}
          options={unitCodes.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
        />
        <TextInput
          t={t}
          id={id('dueDate')}
          name="dueDate"
          type="date"
          label={t('engage.console.dueDate')}
          errors={errors}
          value={values.dueDate}
        />
      </div>
    </fieldset>
  );
}

/** The unit an urgent case goes to and the days it has. */
function CaseUnitDays({ page, id, errors, values }: FieldsProps) {
  const { t } = page;
  return (
    <div class="field-row">
      <Select
        t={t}
        id={id('unit')}
        name="unit"
        label={t('engage.console.unitCase')}
        errors={errors}
        value={values.unit}
        options={unitCodes.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
      />
      <TextInput
        t={t}
        id={id('days')}
        name="days"
        type="number"
        inputmode="numeric"
        label={t('engage.console.days', { max: MAX_CASE_DAYS })}
        errors={errors}
        value={values.days}
      />
    </div>
  );
}

/** An answer to a cluster of questions, with an optional commitment. */
export function AnswerForm({
  page,
  sessionId,
  cluster,
  form,
}: {
  page: PageContext;
  sessionId: string;
  cluster: PublicCluster;
  form?: ConsoleForm | undefined;
}) {
  const { t } = page;
  const mine = form?.name === 'answer' && form.target === cluster.id;
  const errors = mine ? form.errors : {};
  const values = mine ? form.values : {};
  const id = (field: string) => `${field}-${cluster.id}`;
  return (
    <form method="post" action={`/staff/engage/sessions/${sessionId}/answers`} novalidate class="answer-form">
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="cluster" value={cluster.id} />
      <TextArea
        t={t}
        id={id('answer')}
        name="answer"
        label={t('engage.console.answer')}
        hint={t('engage.console.answerHint')}
        errors={errors}
        value={values.answer}
        maxLength={MAX_ANSWER}
        rows={4}
      />
      <CommitmentFields page={page} id={id} errors={errors} values={values} />
      <button type="submit" class="button">
        {t('engage.console.publish')}
      </button>
    </form>
  );
}

/** A folded form opening an urgent case from a question. */
export function UrgentForm({
  page,
  sessionId,
  cluster,
  form,
}: {
  page: PageContext;
  sessionId: string;
  cluster: PublicCluster;
  form?: ConsoleForm | undefined;
}) {
  const { t } = page;
  const mine = form?.name === 'urgent' && form.target === cluster.question_id;
  const errors = mine ? form.errors : {};
  const suggested = engageTopics.find((topic) => topic.code === cluster.topic)?.caseCategory ?? 'other';
  const values = mine
    ? form.values
    : { category: suggested, unit: misconductCategory(suggested)?.unit ?? 'IAU', days: '7' };
  const id = (field: string) => `${field}-q${cluster.question_id}`;
  return (
    <details open={mine}>
      <summary>{t('engage.console.urgent')}</summary>
      <form method="post" action={`/staff/engage/questions/${cluster.question_id}/urgent`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="session" value={sessionId} />
        <p class="hint">{t('engage.console.urgentHint')}</p>
        <TextInput
          t={t}
          id={id('instruction')}
          name="instruction"
          label={t('engage.console.instruction')}
          hint={t('engage.console.instructionHint')}
          errors={errors}
          value={values.instruction}
          maxLength={MAX_INSTRUCTION}
        />
        <Select
          t={t}
          id={id('category')}
          name="category"
          label={t('engage.console.category')}
          errors={errors}
          value={values.category}
          options={caseCategories.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <CaseUnitDays page={page} id={id} errors={errors} values={values} />
        <button type="submit" class="button secondary">
          {t('engage.console.openCase')}
        </button>
      </form>
    </details>
  );
}
