import { ActionForm } from '../pages/action-form.tsx';
import type { ComponentChildren } from 'preact';
import { formatDateTime, type Translate } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice, SummaryList } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { AdminNav } from './admin-nav.tsx';
import { countyLabel, StationFields, type Counties } from './fields.tsx';
import { STATIONS_PAGE_SIZE, type StationForm, type StationQuery } from './service.ts';
import type { StationListRow } from './store.ts';

export type StationFormName = 'details';

function stationsAddress(query: StationQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.county) params.set('county', query.county);
  if (query.state) params.set('state', query.state);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `/staff/admin/stations?${text}` : '/staff/admin/stations';
}

const stateText = (t: Translate, s: StationListRow) => t(s.closed_at ? 'places.state.closed' : 'places.state.open');

function StationFilters({ t, query, counties }: { t: Translate; query: StationQuery; counties: Counties }) {
  return (
    <form method="get" action="/staff/admin/stations" class="filters" role="search">
      <div class="field">
        <label for="q">{t('places.stations.search')}</label>
        <input id="q" name="q" type="search" value={query.q} maxLength={100} />
      </div>
      <div class="field">
        <label for="county">{t('places.field.county')}</label>
        <select id="county" name="county">
          <option value="">{t('places.any')}</option>
          {counties.map((c) => (
            <option value={c.code} selected={query.county === c.code}>
              {countyLabel(counties, c.code)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="state">{t('places.field.state')}</label>
        <select id="state" name="state">
          <option value="">{t('places.any')}</option>
          {(['open', 'closed'] as const).map((s) => (
            <option value={s} selected={query.state === s}>
              {t(`places.state.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button secondary">
        {t('places.stations.apply')}
      </button>
    </form>
  );
}

function StationsTable({ t, rows, counties }: { t: Translate; rows: StationListRow[]; counties: Counties }) {
  return (
    <div class="table-scroll">
      <table class="stations">
        <caption class="visually-hidden">{t('places.stations.title')}</caption>
        <thead>
          <tr>
            {['name', 'id', 'county', 'kind', 'staff', 'state'].map((c) => (
              <th scope="col">{t(`places.field.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr>
              <td>
                <a href={`/staff/admin/station/${s.id}`}>{s.name}</a>
              </td>
              <td>
                <code>{s.id}</code>
              </td>
              <td>{countyLabel(counties, s.county_code)}</td>
              <td>{t(`places.kind.${s.kind}`)}</td>
              <td>{s.staff}</td>
              <td>{stateText(t, s)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function StationsPage(props: {
  page: PageContext;
  query: StationQuery;
  list: { rows: StationListRow[]; total: number };
  counties: Counties;
}) {
  const { page, query, list, counties } = props;
  const { t } = page;
  const pages = Math.max(1, Math.ceil(list.total / STATIONS_PAGE_SIZE));
  return (
    <Layout page={page} title={t('places.stations.title')}>
      <AdminNav t={t} current="stations" />
      <h1>{t('places.stations.title')}</h1>
      <p>
        <a class="button" href="/staff/admin/stations/new">
          {t('places.new.title')}
        </a>{' '}
        <a class="button secondary" href="/staff/admin/stations/import">
          {t('places.import.title')}
        </a>
      </p>
      <StationFilters t={t} query={query} counties={counties} />
      <p class="count">{t('places.stations.count', { count: list.total })}</p>
      {list.rows.length > 0 ? <StationsTable t={t} rows={list.rows} counties={counties} /> : null}
      {pages > 1 ? (
        <nav class="pagination" aria-label={t('places.pages')}>
          {query.page > 1 ? <a href={stationsAddress(query, query.page - 1)}>{t('places.previous')}</a> : null}
          <span>{t('places.pageOf', { page: query.page, pages })}</span>
          {query.page < pages ? <a href={stationsAddress(query, query.page + 1)}>{t('places.next')}</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}

export function NewStationPage(props: {
  page: PageContext;
  counties: Counties;
  errors: FieldErrors;
  values: StationForm;
}) {
  const { page, counties, errors, values } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('places.new.title')}>
      <p>
        <a href="/staff/admin/stations">{t('places.back')}</a>
      </p>
      <h1>{t('places.new.title')}</h1>
      <form method="post" action="/staff/admin/stations/new" novalidate>
        <ErrorSummary t={t} errors={errors} />
        <CsrfField token={page.csrfToken} />
        <TextInput
          t={t}
          name="id"
          label={t('places.field.id')}
          hint={t('places.field.idHint')}
          errors={errors}
          value={values.id ?? ''}
          autocomplete="off"
          maxLength={63}
        />
        <StationFields t={t} counties={counties} errors={errors} values={values} />
        <button type="submit" class="button">
          {t('places.new.submit')}
        </button>
      </form>
    </Layout>
  );
}

function StationSection(props: {
  page: PageContext;
  id: string;
  action: string;
  title: string;
  hint: string;
  button: string;
  warning?: boolean;
  errors: FieldErrors;
  children?: ComponentChildren;
}) {
  const { children, ...rest } = props;
  return (
    <ActionForm {...rest} name={props.action} action={`/staff/admin/station/${props.id}/${props.action}`}>
      {children}
    </ActionForm>
  );
}

export function StationPage(props: {
  page: PageContext;
  station: StationListRow;
  counties: Counties;
  form?: StationFormName | undefined;
  errors: FieldErrors;
  values?: StationForm | undefined;
  notice?: string | undefined;
}) {
  const { page, station: s, counties, form, errors } = props;
  const { t, locale } = page;
  const values = props.values ?? { name: s.name, county: s.county_code, kind: s.kind };
  const closed = s.closed_at !== null;
  return (
    <Layout page={page} title={s.name}>
      <p>
        <a href="/staff/admin/stations">{t('places.back')}</a>
      </p>
      <h1>{s.name}</h1>
      <SuccessNotice text={props.notice} />
      <SummaryList
        rows={[
          [t('places.field.id'), <code>{s.id}</code>],
          [t('places.field.county'), countyLabel(counties, s.county_code)],
          [t('places.field.kind'), t(`places.kind.${s.kind}`)],
          [
            t('places.field.state'),
            closed ? t('places.closedSince', { at: formatDateTime(locale, s.closed_at) }) : t('places.state.open'),
          ],
          [t('places.field.staff'), String(s.staff)],
          [t('places.field.changed'), s.changed_at ? formatDateTime(locale, s.changed_at) : t('places.seedOnly')],
        ]}
      />
      <StationSection
        page={page}
        id={s.id}
        action="details"
        title={t('places.details.title')}
        hint={t('places.details.hint')}
        button={t('places.details.submit')}
        errors={form === 'details' ? errors : {}}
      >
        <StationFields t={t} counties={counties} errors={form === 'details' ? errors : {}} values={values} />
      </StationSection>
      <StationSection
        page={page}
        id={s.id}
        action="state"
        title={t(closed ? 'places.reopen.title' : 'places.close.title')}
        hint={t(closed ? 'places.reopen.hint' : 'places.close.hint')}
        button={t(closed ? 'places.reopen.submit' : 'places.close.submit')}
        warning={!closed}
        errors={{}}
      >
        <input type="hidden" name="closed" value={closed ? 'no' : 'yes'} />
      </StationSection>
    </Layout>
  );
}
