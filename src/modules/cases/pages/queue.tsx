import { formatDateTime } from '../../../platform/i18n/index.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { CaseRow } from '../store.ts';
import { caseStatuses, QUEUE_PAGE_SIZE } from '../service.ts';

export interface QueueQuery {
  status?: string | undefined;
  category?: string | undefined;
  county?: string | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
  page: number;
}

interface Props {
  page: PageContext;
  query: QueueQuery;
  rows: CaseRow[];
  total: number;
  categories: string[];
  counties: Array<{ code: string; name: string }>;
}

function queryString(query: QueueQuery, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'category', 'county', 'q'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.overdue) params.set('overdue', '1');
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

export function QueuePage({ page, query, rows, total, categories, counties }: Props) {
  const { t, locale } = page;
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  return (
    <Layout page={page} title={t('cases.queue.title')}>
      <h1>{t('cases.queue.title')}</h1>
      <form method="get" action="/staff/cases" class="filters" role="search">
        <div class="field">
          <label for="q">{t('cases.queue.search')}</label>
          <input id="q" name="q" type="search" value={query.q ?? ''} maxLength={200} />
        </div>
        <div class="field">
          <label for="status">{t('cases.field.status')}</label>
          <select id="status" name="status">
            <option value="">{t('cases.queue.any')}</option>
            <option value="open" selected={query.status === 'open'}>
              {t('cases.queue.open')}
            </option>
            {caseStatuses.map((s) => (
              <option value={s} selected={query.status === s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="category">{t('cases.field.category')}</label>
          <select id="category" name="category">
            <option value="">{t('cases.queue.any')}</option>
            {categories.map((c) => (
              <option value={c} selected={query.category === c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="county">{t('cases.field.county')}</label>
          <select id="county" name="county">
            <option value="">{t('cases.queue.any')}</option>
            {counties.map((c) => (
              <option value={c.code} selected={query.county === c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field checkbox">
          <input id="overdue" name="overdue" type="checkbox" value="1" checked={query.overdue} />
          <label for="overdue">{t('cases.queue.overdueOnly')}</label>
        </div>
        <button type="submit" class="button secondary">
          {t('cases.queue.apply')}
        </button>
      </form>
      <p class="count" aria-live="polite">
        {t('cases.queue.count', { count: total })}
      </p>
      {rows.length === 0 ? (
        <p>{t('cases.queue.empty')}</p>
      ) : (
        <div class="table-scroll">
          <table class="cases">
            <caption class="visually-hidden">{t('cases.queue.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.field.reference')}</th>
                <th scope="col">{t('cases.field.category')}</th>
                <th scope="col">{t('cases.field.status')}</th>
                <th scope="col">{t('cases.field.unit')}</th>
                <th scope="col">{t('cases.field.place')}</th>
                <th scope="col">{t('cases.field.due')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr class={c.overdue ? 'overdue' : undefined}>
                  <td>
                    <a href={`/staff/cases/${c.reference}`}>{c.reference}</a>
                  </td>
                  <td>{t(`category.${c.category}`)}</td>
                  <td>
                    <span class={`tag status-${c.status}`}>{t(`cases.status.${c.status}`)}</span>
                  </td>
                  <td>{t(`unit.${c.unit_code}`)}</td>
                  <td>{[c.station_name, c.county_name].filter(Boolean).join(', ')}</td>
                  <td>
                    {c.overdue ? <strong class="tag overdue">{t('cases.overdue')}</strong> : null}{' '}
                    {formatDateTime(locale, c.first_response_due_at)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav class="pagination" aria-label={t('cases.queue.pages')}>
          {query.page > 1 ? (
            <a href={`/staff/cases?${queryString(query, query.page - 1)}`}>{t('cases.queue.previous')}</a>
          ) : null}
          <span>{t('cases.queue.pageOf', { page: query.page, pages })}</span>
          {query.page < pages ? (
            <a href={`/staff/cases?${queryString(query, query.page + 1)}`}>{t('cases.queue.next')}</a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}
