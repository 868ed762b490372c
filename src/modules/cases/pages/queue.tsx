import { formatDateTime, type Translate } from '../../../platform/i18n/index.ts';
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
  const { t } = page;
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  return (
    <Layout page={page} title={t('cases.queue.title')}>
      <h1>{t('cases.queue.title')}</h1>
      <QueueFilters t={t} query={query} categories={categories} counties={counties} />
      <p class="count" aria-live="polite">
        {t('cases.queue.count', { count: total })}
      </p>
      {rows.length === 0 ? <p>{t('cases.queue.empty')}</p> : <QueueTable page={page} rows={rows} />}
      {pages > 1 ? <QueuePages t={t} query={query} pages={pages} /> : null}
    </Layout>
  );
}

function QueueFilters({
  t,
  query,
  categories,
  counties,
}: { t: Translate; query: QueueQuery } & Pick<Props, 'categories' | 'counties'>) {
  return (
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
      <FilterSelect
        t={t}
        name="category"
        selected={query.category}
        options={categories.map((c) => ({ value: c, label: t(`category.${c}`) }))}
      />
      <FilterSelect
        t={t}
        name="county"
        selected={query.county}
        options={counties.map((c) => ({ value: c.code, label: c.name }))}
      />
      <div class="field checkbox">
        <input id="overdue" name="overdue" type="checkbox" value="1" checked={query.overdue} />
        <label for="overdue">{t('cases.queue.overdueOnly')}</label>
      </div>
      <button type="submit" class="button secondary">
        {t('cases.queue.apply')}
      </button>
    </form>
  );
}

/** A filter whose first choice is "any"; its label is the case field of the same name. */
function FilterSelect({
  t,
  name,
  selected,
  options,
}: {
  t: Translate;
  name: 'category' | 'county';
  selected: string | undefined;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <div class="field">
      <label for={name}>{t(`cases.field.${name}`)}</label>
      <select id={name} name={name}>
        <option value="">{t('cases.queue.any')}</option>
        {options.map((o) => (
          <option value={o.value} selected={selected === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function QueueTable({ page, rows }: { page: PageContext; rows: CaseRow[] }) {
  const { t, locale } = page;
  return (
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
  );
}

function QueuePages({ t, query, pages }: { t: Translate; query: QueueQuery; pages: number }) {
  return (
    <nav class="pagination" aria-label={t('cases.queue.pages')}>
      {query.page > 1 ? (
        <a href={`/staff/cases?${queryString(query, query.page - 1)}`}>{t('cases.queue.previous')}</a>
      ) : null}
      <span>{t('cases.queue.pageOf', { page: query.page, pages })}</span>
      {query.page < pages ? (
        <a href={`/staff/cases?${queryString(query, query.page + 1)}`}>{t('cases.queue.next')}</a>
      ) : null}
    </nav>
  );
}
