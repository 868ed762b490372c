import { formatDateTime, type Translate } from '../../../platform/i18n/index.ts';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { CaseRow } from '../store.ts';
import { caseStatuses } from '../service.ts';
import { QUEUE_PAGE_SIZE, queueAddress, type QueueQuery } from '../queue.ts';
import type { QueueSort } from '../queue-store.ts';
import type { SavedView } from '../views/service.ts';
import { SaveViewForm, SavedViewLinks } from './saved-views.tsx';

interface Props {
  page: PageContext;
  query: QueueQuery;
  rows: CaseRow[];
  total: number;
  categories: string[];
  counties: Array<{ code: string; name: string }>;
  saved: SavedView[];
  /** The save-a-view form's errors and the name typed, when it was refused. */
  errors?: FieldErrors | undefined;
  viewName?: string | undefined;
  notice?: string | undefined;
}

/** The views a person switches between most: their own cases, those nobody works yet, the late ones, all open. */
const views: Array<{ name: string; query: Partial<QueueQuery> }> = [
  { name: 'open', query: { status: 'open' } },
  { name: 'mine', query: { status: 'open', assignee: 'me' } },
  { name: 'unassigned', query: { status: 'open', assignee: 'none' } },
  { name: 'overdue', query: { status: 'open', overdue: true } },
  { name: 'dueSoon', query: { status: 'open', dueSoon: true } },
  { name: 'waiting', query: { status: 'waiting_for_reporter' } },
];

function QueueViews({ t, query }: { t: Translate; query: QueueQuery }) {
  const current = views.find(
    (v) =>
      !query.q &&
      !query.category &&
      !query.county &&
      query.status === v.query.status &&
      (query.assignee ?? '') === (v.query.assignee ?? '') &&
      !!query.overdue === !!v.query.overdue &&
      !!query.dueSoon === !!v.query.dueSoon,
  );
  return (
    <nav class="views" aria-label={t('cases.queue.views')}>
      <ul>
        {views.map((v) => (
          <li>
            <a
              href={`/staff/cases?${queueAddress({ page: 1, ...v.query }, 1)}`}
              aria-current={current === v ? 'page' : undefined}
            >
              {t(`cases.queue.view.${v.name}`)}
            </a>
          </li>
        ))}
        <li>
          <a href="/staff/cases/team">{t('cases.team.link')}</a>
        </li>
      </ul>
    </nav>
  );
}

export function QueuePage(props: Props) {
  const { page, query, rows, total, categories, counties, saved } = props;
  const { t } = page;
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  return (
    <Layout page={page} title={t('cases.queue.title')}>
      <h1>{t('cases.queue.title')}</h1>
      <SuccessNotice text={props.notice} />
      <QueueViews t={t} query={query} />
      <SavedViewLinks page={page} views={saved} query={query} />
      <QueueFilters t={t} query={query} categories={categories} counties={counties} />
      <div class="queue-tools">
        <p class="count" aria-live="polite">
          {t('cases.queue.count', { count: total })}
        </p>
        {total > 0 ? <a href={`/staff/cases/export.csv?${queueAddress(query, 1)}`}>{t('cases.export.link')}</a> : null}
      </div>
      <SaveViewForm page={page} query={query} errors={props.errors ?? {}} name={props.viewName ?? ''} />
      {rows.length === 0 ? <p>{t('cases.queue.empty')}</p> : <QueueTable page={page} query={query} rows={rows} />}
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
          <option value="all" selected={!query.status}>
            {t('cases.queue.any')}
          </option>
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
      {query.assignee ? <input type="hidden" name="assignee" value={query.assignee} /> : null}
      {query.sort ? <input type="hidden" name="sort" value={query.sort} /> : null}
      {query.sort && query.descending ? <input type="hidden" name="dir" value="desc" /> : null}
      <div class="field checkbox">
        <input id="overdue" name="overdue" type="checkbox" value="1" checked={query.overdue} />
        <label for="overdue">{t('cases.queue.overdueOnly')}</label>
      </div>
      <div class="field checkbox">
        <input id="soon" name="soon" type="checkbox" value="1" checked={query.dueSoon} />
        <label for="soon">{t('cases.queue.dueSoonOnly')}</label>
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

/** A column heading that sorts the queue by it (again: the other way), saying which way it is sorted now. */
function SortHeading({
  query,
  sort,
  label,
  className,
}: {
  query: QueueQuery;
  sort: QueueSort;
  label: string;
  className?: string;
}) {
  const sorted = query.sort === sort;
  const next = { ...query, sort, descending: sorted && !query.descending };
  return (
    <th scope="col" class={className} aria-sort={sorted ? (query.descending ? 'descending' : 'ascending') : undefined}>
      <a href={`/staff/cases?${queueAddress(next, 1)}`}>
        {label}
        {sorted ? (query.descending ? ' ↓' : ' ↑') : null}
      </a>
    </th>
  );
}

function QueueTable({ page, query, rows }: { page: PageContext; query: QueueQuery; rows: CaseRow[] }) {
  const { t, locale } = page;
  const sortable = (sort: QueueSort, label: string) => <SortHeading query={query} sort={sort} label={label} />;
  return (
    <div class="table-scroll">
      <table class="cases">
        <caption class="visually-hidden">{t('cases.queue.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cases.field.reference')}</th>
            <th scope="col">{t('cases.field.category')}</th>
            {sortable('status', t('cases.field.status'))}
            {sortable('assignee', t('cases.field.assignee'))}
            <th scope="col" class="wide-only">
              {t('cases.field.unit')}
            </th>
            {sortable('place', t('cases.field.place'))}
            {sortable('received', t('cases.field.opened'))}
            {sortable('due', t('cases.field.nextDue'))}
            <SortHeading query={query} sort="evidence" label={t('cases.field.evidence')} className="wide-only" />
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr class={c.overdue ? 'overdue' : c.due_soon ? 'due-soon' : undefined}>
              <td>
                <a href={`/staff/cases/${c.reference}`}>{c.reference}</a>
              </td>
              <td>{t(`category.${c.category}`)}</td>
              <td>
                <span class={`tag status-${c.status}`}>{t(`cases.status.${c.status}`)}</span>
              </td>
              <td data-label={t('cases.field.assignee')}>
                {c.assignee_name ?? <span class="meta">{t('cases.unassigned')}</span>}
              </td>
              <td class="wide-only">{t(`unit.${c.unit_code}`)}</td>
              <td data-label={t('cases.field.place')}>{[c.station_name, c.county_name].filter(Boolean).join(', ')}</td>
              <td class="wide-only">{formatDateTime(locale, c.opened_at)}</td>
              <td data-label={t('cases.field.nextDue')}>
                <NextClock t={t} locale={locale} c={c} />
              </td>
              <td class="wide-only">{c.evidence_count.toLocaleString(locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The clock that runs out next, when, and whether it is out or nearly so; a case waiting for the reporter says so. */
export function NextClock({ t, locale, c }: { t: Translate; locale: PageContext['locale']; c: CaseRow }) {
  if (c.status === 'waiting_for_reporter') return <span class="meta">{t('cases.clock.paused')}</span>;
  if (!c.next_due_at || !c.next_clock) return <span class="meta">—</span>;
  return (
    <>
      {c.overdue ? <strong class="tag overdue">{t('cases.overdue')}</strong> : null}
      {c.due_soon ? <strong class="tag due-soon">{t('cases.dueSoon')}</strong> : null}{' '}
      {t(`cases.clock.${c.next_clock}`)}: {formatDateTime(locale, c.next_due_at)}
    </>
  );
}

function QueuePages({ t, query, pages }: { t: Translate; query: QueueQuery; pages: number }) {
  return (
    <nav class="pagination" aria-label={t('cases.queue.pages')}>
      {query.page > 1 ? (
        <a href={`/staff/cases?${queueAddress(query, query.page - 1)}`}>{t('cases.queue.previous')}</a>
      ) : null}
      <span>{t('cases.queue.pageOf', { page: query.page, pages })}</span>
      {query.page < pages ? (
        <a href={`/staff/cases?${queueAddress(query, query.page + 1)}`}>{t('cases.queue.next')}</a>
      ) : null}
    </nav>
  );
}
