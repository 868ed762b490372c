import { formatDate, formatMoney, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { printedNoticeNumber } from '../notice-number.ts';
import { FinesStyles } from '../pages/styles.tsx';
import type { ListedNotice, OfficerCount } from './store.ts';
import { noticeStatuses } from './service.ts';

export interface ListPageProps {
  page: PageContext;
  /** the commander's station; null for an officer's own notices */
  station: string | null;
  status: string | null;
  pageNumber: number;
  pageSize: number;
  total: number;
  rows: ListedNotice[];
  counts: OfficerCount[] | null;
}

const money = (locale: Locale, cents: number | string) => formatMoney(locale, Number(cents), 'KES');

function listHref(status: string | null, page: number): string {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/staff/fines?${query}` : '/staff/fines';
}

function Filters({ t, status }: { t: Translate; status: string | null }) {
  return (
    <form method="get" action="/staff/fines" class="filters" role="search">
      <div class="field">
        <label for="status">{t('fines.withdrawal.list.status')}</label>
        <select id="status" name="status">
          <option value="">{t('fines.withdrawal.list.any')}</option>
          {noticeStatuses.map((s) => (
            <option value={s} selected={status === s}>
              {t(`fines.notice.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button secondary">
        {t('fines.withdrawal.list.apply')}
      </button>
    </form>
  );
}

function NoticeTable({ page, rows }: { page: PageContext; rows: ListedNotice[] }) {
  const { t, locale } = page;
  return (
    <div class="table-scroll">
      <table class="fines-list">
        <caption class="visually-hidden">{t('fines.withdrawal.nav')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fines.withdrawal.field.number')}</th>
            <th scope="col">{t('fines.withdrawal.field.vehicle')}</th>
            <th scope="col">{t('fines.withdrawal.list.status')}</th>
            <th scope="col">{t('fines.withdrawal.field.amount')}</th>
            <th scope="col">{t('fines.withdrawal.field.issued')}</th>
            <th scope="col">{t('fines.withdrawal.field.officer')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((n) => (
            <tr>
              <td>
                {/* no break inside a number on a narrow phone */}
                <a href={`/staff/fines/${n.number}`}>{printedNoticeNumber(n.number).replaceAll(' ', '\u00a0')}</a>
              </td>
              <td>{n.vehicle_registration}</td>
              <td>
                <span class={`tag status-${n.status}`}>{t(`fines.notice.status.${n.status}`)}</span>
              </td>
              <td>{n.kind === 'fine' ? money(locale, n.amount_cents) : '—'}</td>
              <td>{formatDate(locale, n.issued_at)}</td>
              <td>{n.issued_by_name}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per officer: notices issued, and how many of them were withdrawn; the station's total below. */
function WithdrawalCounts({ t, counts }: { t: Translate; counts: OfficerCount[] }) {
  const issued = counts.reduce((sum, c) => sum + c.issued, 0);
  const withdrawn = counts.reduce((sum, c) => sum + c.withdrawn, 0);
  return (
    <section aria-labelledby="withdrawal-counts">
      <h2 id="withdrawal-counts">{t('fines.withdrawal.counts.title')}</h2>
      <p>{t('fines.withdrawal.counts.lead')}</p>
      <div class="table-scroll">
        <table class="fines-counts">
          <thead>
            <tr>
              <th scope="col">{t('fines.withdrawal.counts.officer')}</th>
              <th scope="col">{t('fines.withdrawal.counts.issued')}</th>
              <th scope="col">{t('fines.withdrawal.counts.withdrawn')}</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((c) => (
              <tr>
                <th scope="row">
                  {c.officer}
                  {c.service_number ? ` (${c.service_number})` : ''}
                </th>
                <td>{c.issued}</td>
                <td>{c.withdrawn}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('fines.withdrawal.counts.station')}</th>
              <td>{issued}</td>
              <td>{withdrawn}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function Pages({ t, status, page, pages }: { t: Translate; status: string | null; page: number; pages: number }) {
  return (
    <nav class="pagination" aria-label={t('fines.withdrawal.list.pages')}>
      {page > 1 ? <a href={listHref(status, page - 1)}>{t('fines.withdrawal.list.previous')}</a> : null}
      <span>{t('fines.withdrawal.list.pageOf', { page, pages })}</span>
      {page < pages ? <a href={listHref(status, page + 1)}>{t('fines.withdrawal.list.next')}</a> : null}
    </nav>
  );
}

/** /staff/fines: the commander's station's notices (an officer's own), newest first, with the withdrawal counts. */
export function NoticeListPage(props: ListPageProps) {
  const { page, station, status, total, rows, counts } = props;
  const { t } = page;
  const pages = Math.max(1, Math.ceil(total / props.pageSize));
  const title = station ? t('fines.withdrawal.list.titleStation', { station }) : t('fines.withdrawal.list.titleOwn');
  return (
    <Layout page={page} title={title}>
      <FinesStyles />
      <h1>{title}</h1>
      <p>
        <a class="button" href="/staff/fines/new">
          {t('fines.withdrawal.list.issue')}
        </a>
      </p>
      <Filters t={t} status={status} />
      <p class="count" aria-live="polite">
        {t('fines.withdrawal.list.count', { count: total })}
      </p>
      {rows.length === 0 ? <p>{t('fines.withdrawal.list.empty')}</p> : <NoticeTable page={page} rows={rows} />}
      {pages > 1 ? <Pages t={t} status={status} page={props.pageNumber} pages={pages} /> : null}
      {counts ? <WithdrawalCounts t={t} counts={counts} /> : null}
    </Layout>
  );
}
