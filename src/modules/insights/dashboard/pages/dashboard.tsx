import type { Translate } from '../../../../platform/i18n/index.ts';
import { formatDateTime } from '../../../../platform/time/index.ts';
import { ErrorSummary, type FieldErrors } from '../../../../platform/web/forms.tsx';
import { Layout } from '../../../../platform/web/layout.tsx';
import type { PageContext } from '../../../../platform/web/page.ts';
import type { Dashboard } from '../service.ts';
import type { DashboardFilter } from '../filters.ts';
import { DashboardMap } from './map.tsx';
import { TableSection } from './tables.tsx';

export const dashboardPath = '/staff/insights';

interface Props {
  page: PageContext;
  dashboard: Dashboard;
  zone: string;
  refreshMinutes: number;
  errors: FieldErrors;
}

function Tabs({ t, dashboard }: { t: Translate; dashboard: Dashboard }) {
  return (
    <nav class="views" aria-label={t('insights.sections')}>
      <ul>
        {dashboard.sections.map((s) => (
          <li>
            <a
              href={`${dashboardPath}/${s}?${dashboard.query}`}
              aria-current={s === dashboard.section ? 'page' : undefined}
            >
              {t(`insights.section.${s}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Filters({ t, dashboard, filter }: { t: Translate; dashboard: Dashboard; filter: DashboardFilter }) {
  const { scope } = dashboard;
  return (
    <form method="get" action={`${dashboardPath}/${dashboard.section}`} class="filters" role="search">
      <div class="field">
        <label for="from">{t('insights.filter.from')}</label>
        <input id="from" name="from" type="month" value={filter.from} pattern="\d{4}-\d{2}" />
      </div>
      <div class="field">
        <label for="to">{t('insights.filter.to')}</label>
        <input id="to" name="to" type="month" value={filter.to} pattern="\d{4}-\d{2}" />
      </div>
      {scope.kind === 'national' ? (
        <div class="field">
          <label for="county">{t('insights.filter.county')}</label>
          <select id="county" name="county">
            <option value="">{t('insights.filter.allCounties')}</option>
            {[...dashboard.countyNames].map(([code, name]) => (
              <option value={code} selected={code === filter.county}>
                {name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {dashboard.stations.length > 0 ? (
        <div class="field">
          <label for="station">{t('insights.filter.station')}</label>
          <select id="station" name="station">
            <option value="">{t('insights.filter.allStations')}</option>
            {dashboard.stations.map((s) => (
              <option value={s.id} selected={s.id === filter.station}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {scope.kind !== 'unit' ? (
        <div class="field">
          <label for="unit">{t('insights.filter.unit')}</label>
          <select id="unit" name="unit">
            <option value="">{t('insights.filter.allUnits')}</option>
            {dashboard.units.map((u) => (
              <option value={u} selected={u === filter.unit}>
                {t(`unit.${u}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button type="submit" class="button secondary">
        {t('insights.filter.apply')}
      </button>
    </form>
  );
}

/** What the figures cover: the viewer's scope, the filter, and how fresh they are. */
function Freshness({ page, dashboard, zone, refreshMinutes }: Omit<Props, 'errors'>) {
  const { t, locale } = page;
  const { refresh, scope } = dashboard;
  return (
    <div class="insight-meta">
      {scope.kind === 'county' ? <p>{t('insights.scope.county')}</p> : null}
      {scope.kind === 'unit' ? <p>{t('insights.scope.unit', { unit: t(`unit.${scope.unitCode}`) })}</p> : null}
      <p class="meta">
        {refresh
          ? t('insights.freshness', {
              at: formatDateTime(locale, refresh.started_at, zone),
              minutes: refreshMinutes,
              snapshot: refresh.snapshot,
            })
          : t('insights.notYet', { minutes: refreshMinutes })}
      </p>
    </div>
  );
}

export function DashboardPage({ page, dashboard, zone, refreshMinutes, errors }: Props) {
  const { t, locale } = page;
  const { filter } = dashboard;
  const title = t('insights.title');
  const unitOnly = dashboard.section === 'ob' || dashboard.section === 'fines';
  return (
    <Layout page={page} title={`${t(`insights.section.${dashboard.section}`)} — ${title}`}>
      <h1>{title}</h1>
      <Tabs t={t} dashboard={dashboard} />
      <Freshness page={page} dashboard={dashboard} zone={zone} refreshMinutes={refreshMinutes} />
      <ErrorSummary t={t} errors={errors} />
      <Filters t={t} dashboard={dashboard} filter={filter} />
      {unitOnly && filter.unit ? <p class="notice">{t('insights.unitNotApplied')}</p> : null}
      {dashboard.map ? (
        <DashboardMap
          page={page}
          map={dashboard.map}
          countyNames={dashboard.countyNames}
          filter={filter}
          section={dashboard.section}
        />
      ) : null}
      {dashboard.tables.map((table) => (
        <TableSection
          t={t}
          locale={locale}
          table={table}
          csvHref={`${dashboardPath}/${dashboard.section}/${table.id}.csv?${dashboard.query}`}
        />
      ))}
    </Layout>
  );
}
