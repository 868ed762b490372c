import type { ComponentChildren } from 'preact';
import type { Locale, Translate } from '../../../../platform/i18n/index.ts';
import { intlLocale } from '../../../../platform/time/index.ts';
import { catalogue, TOTAL_ROW, type FieldDef, type TableName } from '../catalogue.ts';
import { fieldTitle, ruleK, type Ks } from '../describe.ts';
import { isHidden, UNKNOWN_COUNTY, type Row, type Value } from '../tables.ts';

/** A figure in words where it is hidden ("fewer than 5", "withheld"), never a blank. */
export function FigureText({
  t,
  locale,
  value,
  k,
  f,
}: {
  t: Translate;
  locale: Locale;
  value: Value | undefined;
  k: number | undefined;
  f: FieldDef;
}) {
  if (isHidden(value))
    return (
      <span class={`figure-hidden figure-${value.hidden}`}>
        {value.hidden === 'small' ? t('transparency.fewer', { k: k ?? '' }) : t('transparency.withheld')}
      </span>
    );
  if (value === null || value === undefined) return <span class="meta">{t('transparency.notApplicable')}</span>;
  if (typeof value === 'string') return <>{value}</>;
  const digits = f.unit === 'hours' ? 1 : f.unit === 'KES' ? 0 : 0;
  return <>{new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: digits }).format(value)}</>;
}

/**
 * A table that scrolls sideways on a narrow screen; focusable so it can be scrolled from the keyboard. Named
 * by an aria-label rather than a visually hidden caption: an absolutely placed caption at the far end of a wide
 * table would widen the page itself on a phone.
 */
export function ScrollTable({ id, caption, children }: { id: string; caption: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table class="transparency" id={id} aria-label={caption}>
        {children}
      </table>
    </div>
  );
}

/**
 * Text with its long unbroken words (snapshots, log roots, file paths) set as code that may break anywhere,
 * so that none of them widens the page on a phone.
 */
export function Breakable({ text }: { text: string }) {
  return <>{text.split(/(\S{24,})/).map((part, i) => (i % 2 === 1 ? <code class="hash">{part}</code> : part))}</>;
}

const isZero = (row: Row, fields: readonly FieldDef[]) =>
  fields.every((f) => !f.unit || row[f.name] === 0 || row[f.name] === null);

/** A county's name as the page says it (the rows of unknown county and of all counties in words). */
function countyLabel(t: Translate, row: Row): string {
  if (row.county_code === TOTAL_ROW) return t('transparency.county.total');
  if (row.county_code === UNKNOWN_COUNTY) return t('transparency.county.unknown');
  return String(row.county);
}

interface TableProps {
  t: Translate;
  locale: Locale;
  name: TableName;
  rows: readonly Row[];
  ks: Ks;
  /** The first column's heading and how a row is named in it. */
  rowHeading?: string;
  rowLabel?: (row: Row) => string;
}

/**
 * One public table as the page shows it: a row per county with any figure (the open data lists every
 * county), the row of all counties last.
 */
export function PublicTable({ t, locale, name, rows, ks, rowHeading, rowLabel }: TableProps) {
  const def = catalogue[name];
  const key = def.primaryKey[0]!;
  const fields = def.fields.filter((f) => f.unit);
  const k = ruleK(def.rule, ks);
  // counties with nothing to count are left out (the open data lists them); a list keeps every row
  const body = rows.filter((r) => r[key] !== TOTAL_ROW && (def.list || !isZero(r, fields)));
  const total = rows.find((r) => r[key] === TOTAL_ROW);
  const label = rowLabel ?? ((r: Row) => countyLabel(t, r));
  const line = (row: Row) => (
    <tr>
      <th scope="row">{row === total ? t(`transparency.total.${key}`) : label(row)}</th>
      {fields.map((f) => (
        <td>
          <FigureText t={t} locale={locale} value={row[f.name]} k={k} f={f} />
        </td>
      ))}
    </tr>
  );
  return (
    <ScrollTable id={`table-${name}`} caption={t(`transparency.table.${name}.title`)}>
      <thead>
        <tr>
          <th scope="col">{rowHeading ?? t('transparency.col.county')}</th>
          {fields.map((f) => (
            <th scope="col">{fieldTitle(t, def, f)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {body.length === 0 ? (
          <tr>
            <td colSpan={fields.length + 1}>{t('transparency.noneThisMonth')}</td>
          </tr>
        ) : (
          body.map(line)
        )}
      </tbody>
      {total ? <tfoot>{line(total)}</tfoot> : null}
    </ScrollTable>
  );
}

/** A section of the page, with its heading and what it counts. */
export function Section(p: { id: string; title: string; caption?: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={`${p.id}-title`} id={p.id}>
      <h2 id={`${p.id}-title`}>{p.title}</h2>
      {p.caption ? <p class="meta">{p.caption}</p> : null}
      {p.children}
    </section>
  );
}
