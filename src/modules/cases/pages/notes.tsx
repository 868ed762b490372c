import { CsrfField, TextArea, type FieldErrors } from '../../../platform/web/forms.tsx';
import { formatDateTime } from '../../../platform/i18n/index.ts';
import type { PageContext } from '../../../platform/web/page.ts';
import { MAX_MESSAGE_LENGTH, type CaseDetail } from '../service.ts';

/** The case's internal notes, apart from the messages: the people working it write them; the reporter never sees them. */
export function CaseNotes({
  page,
  detail,
  errors,
  value,
}: {
  page: PageContext;
  detail: CaseDetail;
  errors: FieldErrors;
  value: string;
}) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="notes-title" class="case-notes">
      <h2 id="notes-title">{t('cases.notes.title')}</h2>
      <p class="hint">{t('cases.notes.hint')}</p>
      {detail.notes.length === 0 ? <p>{t('cases.notes.none')}</p> : null}
      <ol class="notes">
        {detail.notes.map((n) => (
          <li class="note">
            <p class="meta">
              {n.author_label} · {formatDateTime(locale, n.at)}
            </p>
            <p class="body">{n.body}</p>
          </li>
        ))}
      </ol>
      {detail.canAct ? (
        <form method="post" action={`/staff/cases/${detail.case.reference}/notes`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextArea
            t={t}
            name="note"
            label={t('cases.notes.write')}
            errors={errors}
            value={value}
            maxLength={MAX_MESSAGE_LENGTH}
            rows={3}
          />
          <button type="submit" class="button secondary">
            {t('cases.notes.add')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
