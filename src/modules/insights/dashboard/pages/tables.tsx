import type { Locale, Translate } from '../../../../platform/i18n/index.ts';
import { intlLocale } from '../../../../platform/time/index.ts';
import { BarChart } from '../../../../platform/web/charts.tsx';
import type { Cell, ColumnKind, DataTable } from '../table.ts';

/** A cell as the page shows it: counts grouped, shares as percentages, hours (or days past two), money in KES. */
export function cellText(t: Translate, locale: Locale, cell: Cell, kind: ColumnKind): string {
  if (cell === null) return '—';
  if (typeof cell === 'string') return cell;
  const number = (n: number, digits = 0) =>
    new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: digits }).format(n);
  if (kind === 'share') return `${number(cell * 100)}%`;
  if (kind === 'hours')
    return cell >= 48
      ? t('insights.days', { days: number(cell / 24, 1) })
      : t('insights.hours', { hours: number(cell, 1) });
  if (kind === 'money') return `KES ${number(cell / 100)}`;
  return number(cell);
}

/** Columns the page shows (the codes are in the CSV only, the names stand for them here). */
const shownColumns = (table: DataTable) => table.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.key !== 'code');

const CHART_ROWS = 15;

interface TableProps {
  t: Translate;
  locale: Locale;
  table: DataTable;
}

function Chart({ t, locale, table }: TableProps) {
  const chartColumn = table.chart ? table.columns.findIndex((c) => c.key === table.chart) : -1;
  if (chartColumn < 0 || table.rows.length < 2) return null;
  const labelAt = shownColumns(table)[0]!.i;
  const title = t(table.title);
  return (
    <BarChart
      id={`${table.id}-chart`}
      title={t('insights.chartOf', { title })}
      caption={title}
      labelHeading={t(table.columns[labelAt]!.label)}
      valueHeading={t(table.columns[chartColumn]!.label)}
      data={table.rows.slice(0, CHART_ROWS).map((row) => ({
        label: String(row[labelAt] ?? '—'),
        value: typeof row[chartColumn] === 'number' ? row[chartColumn] : 0,
        valueText: cellText(t, locale, row[chartColumn]!, table.columns[chartColumn]!.kind),
      }))}
    />
  );
}

function Table({ t, locale, table }: TableProps) {
  const columns = shownColumns(table);
  return (
    <div class="table-scroll" role="region" aria-labelledby={`${table.id}-title`} tabIndex={0}>
      <table class="insight-table" id={table.id}>
        <thead>
          <tr>
            {columns.map(({ c }) => (
              <th scope="col" class={c.kind === 'text' ? undefined : 'number'}>
                {t(c.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr>
              {columns.map(({ c, i }, n) => {
                const content = cellText(t, locale, row[i]!, c.kind);
                if (n === 0) {
                  const href = table.links?.[r];
                  return <th scope="row">{href ? <a href={href}>{content}</a> : content}</th>;
                }
                return <td class={c.kind === 'text' ? undefined : 'number'}>{content}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A table with its heading, note, CSV link and (for tables that have one) its bar chart. */
export function TableSection({ t, locale, table, csvHref }: TableProps & { csvHref: string }) {
  return (
    <section class="insight" aria-labelledby={`${table.id}-title`}>
      <h2 id={`${table.id}-title`}>{t(table.title)}</h2>
      {table.note ? <p class="meta">{t(table.note)}</p> : null}
      <p class="insight-tools">
        <a href={csvHref} download={`${table.id}.csv`}>
          {t('insights.csv')}
        </a>
      </p>
      {table.rows.length === 0 ? (
        <p class="notice">{t('insights.empty')}</p>
      ) : (
        <>
          <Chart t={t} locale={locale} table={table} />
          <Table t={t} locale={locale} table={table} />
        </>
      )}
    </section>
  );
}
