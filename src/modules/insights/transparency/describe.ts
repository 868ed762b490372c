import type { Translate } from '../../../platform/i18n/index.ts';
import type { FieldDef, RuleName, TableDef } from './catalogue.ts';

/** The k of each rule, as a month was released. */
export interface Ks {
  standard: number;
  custody: number;
}

/** The k below which a table's counts are hidden (none for tables of public records). */
export const ruleK = (rule: RuleName, ks: Ks): number | undefined => (rule === 'public' ? undefined : ks[rule]);

/** A column's short name, for table headings and the schema's titles. */
export function fieldTitle(t: Translate, _def: TableDef, f: FieldDef): string {
  switch (f.group) {
    case 'outcome':
      return t(`transparency.outcome.${f.name}`);
    case 'category':
      return t(`category.${f.name}`);
    case 'kind':
      return t(`transparency.kind.${f.name}`);
    default:
      return t(`transparency.col.${f.name}`);
  }
}

/** What a column holds, in a sentence, for the data dictionary and the schema's descriptions. */
export function fieldDescription(t: Translate, def: TableDef, f: FieldDef): string {
  const title = fieldTitle(t, def, f);
  switch (f.group) {
    case 'outcome':
      return t('transparency.field.outcome', { outcome: title });
    case 'category':
      return t('transparency.field.category', { category: title });
    case 'kind':
      return t('transparency.field.kind', { kind: title });
    default:
      return t(`transparency.field.${f.name}`);
  }
}
