import { countyShapes } from '../../../../jurisdiction/kenya/geo.ts';
import { intlLocale } from '../../../../platform/time/index.ts';
import { CountyMap } from '../../../../platform/web/county-map.tsx';
import type { PageContext } from '../../../../platform/web/page.ts';
import { filterQuery, type DashboardFilter } from '../filters.ts';
import type { Dashboard } from '../service.ts';
import { dashboardPath } from './dashboard.tsx';

/** The county map of a section's headline figure; each county a link that filters the dashboard to it. */
export function DashboardMap(props: {
  page: PageContext;
  map: NonNullable<Dashboard['map']>;
  countyNames: Map<string, string>;
  filter: DashboardFilter;
  section: string;
}) {
  const { t, locale } = props.page;
  const format = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 });
  return (
    <section class="insight" aria-labelledby="insight-map-title">
      <h2 id="insight-map-title">{t(props.map.label)}</h2>
      <CountyMap
        id="insight-map"
        areas={countyShapes()}
        values={props.map.values}
        names={props.countyNames}
        label={t('insights.map.label', { what: t(props.map.label) })}
        legendTitle={t(props.map.label)}
        formatValue={(n) => format.format(n)}
        noDataText={t('insights.map.noData')}
        withheldText={t('insights.map.withheld')}
        attribution={t('insights.map.attribution')}
        selected={props.filter.county}
        hrefFor={(code) =>
          `${dashboardPath}/${props.section}?${filterQuery({ ...props.filter, county: code, station: undefined })}`
        }
      />
    </section>
  );
}
