import { CsrfField, Select, TextArea, type FieldErrors } from '../../../platform/web/forms.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { Person } from '../assignment/service.ts';
import type { CaseRow } from '../store.ts';

interface Props {
  page: PageContext;
  c: CaseRow;
  /** The people of the case's unit whom its walls let in. */
  people: Person[];
  /** Whether this person may act on the case (else who works it is only shown). */
  canAct: boolean;
  errors: FieldErrors;
  values: Record<string, string> | undefined;
}

/**
 * Who works the case: "assign to me" in one press when nobody does and the reader may take it, and a form to give it
 * to another person of the unit (or back to the unit), with a reason when it is taken from someone.
 */
export function CaseAssignment({ page, c, people, canAct, errors, values }: Props) {
  const { t } = page;
  const me = page.actor.kind === 'staff' ? page.actor.id : undefined;
  const mayTake = canAct && c.assignee_id !== me && people.some((p) => p.id === me);
  return (
    <section aria-labelledby="assignee-title">
      <h2 id="assignee-title">{t('cases.assignee.title')}</h2>
      <p class="assignee">{c.assignee_name ?? t('cases.assignee.nobody')}</p>
      {mayTake && c.assignee_id === null ? (
        <form method="post" action={`/staff/cases/${c.reference}/assign`}>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="assignee" value="me" />
          <button type="submit" class="button">
            {t('cases.assignee.takeIt')}
          </button>
        </form>
      ) : null}
      {canAct ? (
        <details open={values !== undefined}>
          <summary>{t('cases.assignee.change')}</summary>
          <form method="post" action={`/staff/cases/${c.reference}/assign`} novalidate>
            <CsrfField token={page.csrfToken} />
            <Select
              t={t}
              name="assignee"
              label={t('cases.field.assignee')}
              errors={errors}
              value={values?.assignee ?? c.assignee_id ?? 'none'}
              options={[
                ...people.map((p) => ({
                  value: p.id,
                  label: p.id === me ? t('cases.assignee.me', { name: p.name }) : p.name,
                })),
                { value: 'none', label: t('cases.assignee.toUnit') },
              ]}
            />
            <TextArea
              t={t}
              name="reason"
              id="assign-reason"
              label={t('cases.reason')}
              hint={t('cases.assignee.reasonHint')}
              errors={errors}
              value={values?.reason ?? ''}
              rows={2}
            />
            <button type="submit" class="button secondary">
              {t('cases.assignee.save')}
            </button>
          </form>
        </details>
      ) : null}
    </section>
  );
}
