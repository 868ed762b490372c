import type { Translate } from '../../../../platform/i18n/index.ts';
import { formatMonth } from '../../../../platform/time/index.ts';
import { Layout } from '../../../../platform/web/layout.tsx';
import type { PageContext } from '../../../../platform/web/page.ts';
import { catalogue, tableNames, type TableDef } from '../catalogue.ts';
import { fieldDescription, ruleK, type Ks } from '../describe.ts';
import type { ReleaseSummary } from '../release.ts';
import { Breakable, ScrollTable } from './parts.tsx';

/** What a table's hidden counts are written as, in words. */
function suppression(t: Translate, def: TableDef, ks: Ks): string {
  const k = ruleK(def.rule, ks);
  return k === undefined
    ? t('transparency.dictionary.rule.public')
    : t(`transparency.dictionary.rule.${def.rule}`, { k, max: k - 1 });
}

function TableEntry({ t, def, ks }: { t: Translate; def: TableDef; ks: Ks }) {
  const k = ruleK(def.rule, ks);
  return (
    <section aria-labelledby={`dict-${def.name}`}>
      <h3 id={`dict-${def.name}`}>
        <code>{def.name}</code> — {t(`transparency.table.${def.name}.title`)}
      </h3>
      <p>{t(`transparency.table.${def.name}.description`)}</p>
      <p class="meta">
        {suppression(t, def, ks)} {t(`transparency.dictionary.freshness.${def.freshness}`)}{' '}
        {def.fromOb ? t('transparency.dictionary.fromOb') : ''}
      </p>
      <ScrollTable id={`fields-${def.name}`} caption={t('transparency.dictionary.fieldsOf', { table: def.name })}>
        <thead>
          <tr>
            <th scope="col">{t('transparency.dictionary.field')}</th>
            <th scope="col">{t('transparency.dictionary.type')}</th>
            <th scope="col">{t('transparency.dictionary.unit')}</th>
            <th scope="col">{t('transparency.dictionary.description')}</th>
            <th scope="col">{t('transparency.dictionary.marker')}</th>
          </tr>
        </thead>
        <tbody>
          {def.fields.map((f) => (
            <tr>
              <th scope="row">
                <code>{f.name}</code>
              </th>
              <td>{f.type}</td>
              <td>{f.unit ? t(`transparency.unit.${f.unit}`) : '—'}</td>
              <td>{fieldDescription(t, def, f)}</td>
              <td>
                {f.hideable && k !== undefined
                  ? t('transparency.dictionary.markers', { k })
                  : t('transparency.dictionary.noMarker')}
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}

/** The data dictionary: every public table and field, the markers of hidden counts, the months and their files. */
export function DictionaryPage({ page, months, ks }: { page: PageContext; months: ReleaseSummary[]; ks: Ks }) {
  const { t, locale } = page;
  const title = t('transparency.dictionary.title');
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href="/transparency">{t('transparency.title')}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t('transparency.dictionary.lead')}</p>
      <p>
        <Breakable text={t('transparency.dictionary.files')} />
      </p>
      <p>{t('transparency.provenance.licence')}</p>
      <h2>{t('transparency.dictionary.months')}</h2>
      {months.length === 0 ? (
        <p>{t('transparency.nothingYet')}</p>
      ) : (
        <ul>
          {months.map((m) => (
            <li>
              <a href={`/transparency/${m.month}`}>{formatMonth(locale, m.month)}</a> ·{' '}
              <a href={`/transparency/data/${m.month}/datapackage.json`}>datapackage.json</a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('transparency.dictionary.tables')}</h2>
      {tableNames.map((name) => (
        <TableEntry t={t} def={catalogue[name]} ks={ks} />
      ))}
    </Layout>
  );
}
