import { CsrfField, ErrorSummary, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { queueAddress, type QueueQuery } from '../queue.ts';
import { MAX_VIEW_NAME, type SavedView } from '../views/service.ts';

/** A person's own saved views, beside the built-in ones; the one shown now can be deleted. */
export function SavedViewLinks({ page, views, query }: { page: PageContext; views: SavedView[]; query: QueueQuery }) {
  const { t } = page;
  if (views.length === 0) return null;
  const address = queueAddress({ ...query, page: 1 }, 1);
  const current = views.find((v) => v.query === address);
  return (
    <nav class="views saved" aria-label={t('cases.views.saved')}>
      <ul>
        {views.map((v) => (
          <li>
            <a href={`/staff/cases?${v.query}`} aria-current={v === current ? 'page' : undefined}>
              {v.name}
            </a>
          </li>
        ))}
      </ul>
      {current ? (
        <form method="post" action={`/staff/cases/views/${current.id}/delete`} class="inline">
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="link-button">
            {t('cases.views.delete', { name: current.name })}
          </button>
        </form>
      ) : null}
    </nav>
  );
}

/** Saves what the queue shows now under a name; open (with the error) when a name was refused. */
export function SaveViewForm({
  page,
  query,
  errors,
  name,
}: {
  page: PageContext;
  query: QueueQuery;
  errors: FieldErrors;
  name: string;
}) {
  const { t } = page;
  return (
    <details class="save-view" open={Object.keys(errors).length > 0}>
      <summary>{t('cases.views.save')}</summary>
      <form method="post" action="/staff/cases/views" novalidate>
        <ErrorSummary t={t} errors={errors} />
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="address" value={queueAddress(query, 1)} />
        <TextInput
          t={t}
          name="name"
          label={t('cases.views.name')}
          hint={t('cases.views.nameHint')}
          errors={errors}
          value={name}
          maxLength={MAX_VIEW_NAME}
        />
        <button type="submit" class="button secondary">
          {t('cases.views.save')}
        </button>
      </form>
    </details>
  );
}
