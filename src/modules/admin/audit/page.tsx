import type { AuditRow } from '../../../platform/audit/index.ts';
import { formatDateTime, type Translate } from '../../../platform/i18n/index.ts';
import { ErrorSummary, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { AUDIT_PAGE_SIZE, type AuditQuery, type AuditTrail } from './service.ts';

/** The query string of the trail as `query` asks for it, on page `page`. */
export function auditAddress(query: AuditQuery, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['actor', 'action', 'subjectType', 'subject', 'from', 'to'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

/** What an audit row's detail says, compactly ("view=status=open; rows=3"). */
export function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('; ');
}

interface Props {
  page: PageContext;
  query: AuditQuery;
  trail: AuditTrail;
  /** A liaison reads one case's trail at a time. */
  liaison: boolean;
  errors: FieldErrors;
}

const filterFields = [
  { name: 'subject', type: 'text' },
  { name: 'actor', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'subjectType', type: 'text' },
  { name: 'from', type: 'date' },
  { name: 'to', type: 'date' },
] as const;

function AuditFilters({ t, query, liaison }: { t: Translate; query: AuditQuery; liaison: boolean }) {
  const fields = liaison ? filterFields.filter((f) => f.name !== 'subjectType') : filterFields;
  return (
    <form method="get" action="/staff/audit" class="filters" role="search">
      {fields.map((f) => (
        <div class="field">
          <label for={f.name}>{t(`audit.field.${f.name}`)}</label>
          <input id={f.name} name={f.name} type={f.type} value={query[f.name] ?? ''} maxLength={100} />
        </div>
      ))}
      <button type="submit" class="button secondary">
        {t('audit.apply')}
      </button>
    </form>
  );
}

function AuditTable({ t, locale, rows }: { t: Translate; locale: PageContext['locale']; rows: AuditRow[] }) {
  return (
    <div class="table-scroll">
      <table class="audit">
        <caption class="visually-hidden">{t('audit.title')}</caption>
        <thead>
          <tr>
            {['at', 'actor', 'action', 'subject', 'detail'].map((c) => (
              <th scope="col">{t(`audit.column.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{formatDateTime(locale, r.at)}</td>
              <td>{r.actor_label}</td>
              <td>
                <code>{r.action}</code>
              </td>
              <td>
                {r.subject_type} {r.subject_id}
              </td>
              <td class="detail">{detailText(r.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditPage({ page, query, trail, liaison, errors }: Props) {
  const { t, locale } = page;
  const pages = Math.max(1, Math.ceil(trail.total / AUDIT_PAGE_SIZE));
  const address = auditAddress(query, 1);
  return (
    <Layout page={page} title={t('audit.title')}>
      <h1>{t('audit.title')}</h1>
      <p class="hint">{t(liaison ? 'audit.hint.liaison' : 'audit.hint.office')}</p>
      <ErrorSummary t={t} errors={errors} />
      <AuditFilters t={t} query={query} liaison={liaison} />
      {trail.needsCase ? (
        <p class="notice">{t('audit.needsCase')}</p>
      ) : (
        <div class="queue-tools">
          <p class="count">{t('audit.count', { count: trail.total })}</p>
          {trail.total > 0 ? <a href={`/staff/audit/export.csv?${address}`}>{t('audit.export')}</a> : null}
        </div>
      )}
      {trail.rows.length > 0 ? <AuditTable t={t} locale={locale} rows={trail.rows} /> : null}
      {pages > 1 ? (
        <nav class="pagination" aria-label={t('audit.pages')}>
          {query.page > 1 ? (
            <a href={`/staff/audit?${auditAddress(query, query.page - 1)}`}>{t('audit.previous')}</a>
          ) : null}
          <span>{t('audit.pageOf', { page: query.page, pages })}</span>
          {query.page < pages ? (
            <a href={`/staff/audit?${auditAddress(query, query.page + 1)}`}>{t('audit.next')}</a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}
