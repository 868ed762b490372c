import { formatDateTime } from '../../../platform/i18n/index.ts';
import { CsrfField, TextArea, type FieldErrors } from '../../../platform/web/forms.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { MAX_REVEAL_REASON } from '../letter.ts';
import type { SubmissionView } from '../view.ts';

interface Props {
  page: PageContext;
  view: SubmissionView;
  errors: FieldErrors;
  values: Record<string, string | undefined>;
}

/** The units the custodian has told who wrote the letter, and why. */
function Reveals({ page, view }: Pick<Props, 'page' | 'view'>) {
  const { t, locale } = page;
  return (
    <ul>
      {view.reveals.map((r) => (
        <li>
          {t('voice.custodian.revealed', {
            unit: t(`unit.${r.unit_code}`),
            at: formatDateTime(locale, r.at),
            by: r.revealed_by_name,
          })}{' '}
          <span class="voice-body">{r.reason}</span>
        </li>
      ))}
    </ul>
  );
}

/** The form telling the assigned unit who wrote the letter, with the reason. */
function RevealForm({ page, view, errors, values }: Props) {
  const { t } = page;
  const s = view.submission;
  return (
    <form method="post" action={`/staff/voice/${s.registry_number}/reveal`} novalidate>
      <CsrfField token={page.csrfToken} />
      <TextArea
        t={t}
        name="reason"
        label={t('voice.custodian.reason', { unit: t(`unit.${s.assigned_unit ?? ''}`) })}
        hint={t('voice.custodian.reasonHint')}
        errors={errors}
        value={values.reason}
        maxLength={MAX_REVEAL_REASON}
        rows={3}
      />
      <button type="submit" class="button warning">
        {t('voice.custodian.reveal')}
      </button>
    </form>
  );
}

/** The identity custodian's part of a protected letter: who was told, and the form to tell the assigned unit. */
export function Custodian({ page, view, errors, values }: Props) {
  const { t } = page;
  const s = view.submission;
  return (
    <section class="custodian" aria-labelledby="custodian-title">
      <h2 id="custodian-title">{t('voice.custodian.title')}</h2>
      <p>{t('voice.custodian.intro')}</p>
      {view.reveals.length > 0 ? <Reveals page={page} view={view} /> : null}
      {view.canReveal ? (
        <RevealForm page={page} view={view} errors={errors} values={values} />
      ) : s.assigned_unit ? null : (
        <p class="meta">{t('voice.custodian.notAssigned')}</p>
      )}
    </section>
  );
}
