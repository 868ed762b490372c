import type { Translate } from '../../../platform/i18n/index.ts';
import { catalogue, type FieldDef, type TableDef, type TableName } from './catalogue.ts';
import { fieldDescription, fieldTitle, ruleK, type Ks } from './describe.ts';
import type { Provenance } from './release.ts';
import { isHidden, type Row, type Value } from './tables.ts';

/**
 * The open data: each public table of a month as CSV (RFC 4180, UTF-8, CRLF) and JSON, and the month's
 * Frictionless Data Package (v1) describing every table with a Table Schema. A hidden count is written as
 * its marker ("fewer than 5", "withheld"), which each schema declares as a missing value.
 */

export const LICENCE = {
  name: 'CC-BY-4.0',
  path: 'https://creativecommons.org/licenses/by/4.0/',
  title: 'Creative Commons Attribution 4.0',
} as const;

/** What one table of one month is: its rows and where they come from. */
export interface TableData {
  def: TableDef;
  rows: Row[];
  ks: Ks;
  provenance: Provenance;
  /** When the figures were taken: the release, or the moment a live table was read. */
  asOf: Date;
}

export function markers(def: TableDef, ks: Ks): string[] {
  const k = ruleK(def.rule, ks);
  return k === undefined ? [] : [`fewer than ${k}`, 'withheld'];
}

/** A value as its CSV or JSON text: a hidden one as its marker, nothing as "". */
export function cellText(value: Value | undefined, def: TableDef, ks: Ks): string {
  if (value === null || value === undefined) return '';
  if (isHidden(value)) return value.hidden === 'small' ? `fewer than ${ruleK(def.rule, ks) ?? ''}` : 'withheld';
  return String(value);
}

const quoted = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function toCsv(data: TableData): string {
  const names = data.def.fields.map((f) => f.name);
  const lines = [
    names.join(','),
    ...data.rows.map((row) => names.map((n) => quoted(cellText(row[n], data.def, data.ks))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

function provenanceJson(p: Provenance, asOf: Date, fromOb: boolean) {
  return {
    as_of: asOf.toISOString(),
    refreshed_at: p.refreshedAt.toISOString(),
    database_snapshot: p.snapshot,
    ...(fromOb && p.checkpoint
      ? {
          ob_checkpoint: {
            size: Number(p.checkpoint.size),
            root: p.checkpoint.root,
            witnesses: p.checkpoint.witnesses,
          },
        }
      : {}),
  };
}

/** The table as JSON: its rows as objects (a hidden count as its marker, nothing as null) and where they come from. */
export function toJson(data: TableData, month: string): string {
  const { def } = data;
  const rows = data.rows.map((row) =>
    Object.fromEntries(
      def.fields.map((f) => {
        const v = row[f.name];
        return [f.name, v === undefined || v === null ? null : isHidden(v) ? cellText(v, def, data.ks) : v];
      }),
    ),
  );
  return JSON.stringify({
    month,
    table: def.name,
    licence: LICENCE,
    provenance: provenanceJson(data.provenance, data.asOf, def.fromOb === true),
    suppression: { rule: def.rule, k: ruleK(def.rule, data.ks) ?? null, markers: markers(def, data.ks) },
    fields: def.fields.map((f) => f.name),
    rows,
  });
}

function schemaField(t: Translate, def: TableDef, f: FieldDef) {
  const constraints: Record<string, unknown> = {};
  if (def.primaryKey.includes(f.name)) constraints.required = true;
  if ((f.type === 'integer' || f.type === 'number') && f.unit) constraints.minimum = 0;
  if (f.values) constraints.enum = [...f.values];
  return {
    name: f.name,
    type: f.type,
    ...(f.type === 'date' ? { format: 'default' } : {}),
    title: fieldTitle(t, def, f),
    description: fieldDescription(t, def, f),
    ...(Object.keys(constraints).length > 0 ? { constraints } : {}),
  };
}

export interface PackageInput {
  t: Translate;
  month: string;
  monthName: string;
  baseUrl: string;
  releasedAt: Date;
  ks: Ks;
  provenance: Provenance;
  tables: readonly TableName[];
}

function sources(p: PackageInput, fromOb: boolean) {
  const list = [
    {
      title: p.t('transparency.data.source.snapshot', {
        snapshot: p.provenance.snapshot,
        at: p.provenance.refreshedAt.toISOString(),
      }),
      path: `${p.baseUrl}/transparency/${p.month}`,
    },
  ];
  if (fromOb && p.provenance.checkpoint)
    list.push({
      title: p.t('transparency.data.source.checkpoint', {
        size: p.provenance.checkpoint.size,
        root: p.provenance.checkpoint.root,
      }),
      path: `${p.baseUrl}/ob/log/checkpoint`,
    });
  return list;
}

/** The month's Frictionless Data Package: one tabular data resource per table, with its schema and sources. */
export function dataPackage(p: PackageInput): Record<string, unknown> {
  const { t } = p;
  return {
    profile: 'tabular-data-package',
    name: `sauti-transparency-${p.month}`,
    id: `${p.baseUrl}/transparency/data/${p.month}/datapackage.json`,
    title: t('transparency.data.packageTitle', { month: p.monthName }),
    description: t('transparency.data.packageDescription'),
    homepage: `${p.baseUrl}/transparency/${p.month}`,
    created: p.releasedAt.toISOString(),
    licenses: [LICENCE],
    contributors: [{ title: t('transparency.data.publisher'), role: 'publisher' }],
    sources: sources(p, true),
    resources: p.tables.map((name) => {
      const def = catalogue[name];
      return {
        profile: 'tabular-data-resource',
        name,
        path: `${name}.csv`,
        title: t(`transparency.table.${name}.title`),
        description: t(`transparency.table.${name}.description`),
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { delimiter: ',', lineTerminator: '\r\n', header: true },
        licenses: [LICENCE],
        sources: sources(p, def.fromOb === true),
        schema: {
          fields: def.fields.map((f) => schemaField(t, def, f)),
          missingValues: ['', ...markers(def, p.ks)],
          primaryKey: [...def.primaryKey],
        },
      };
    }),
  };
}
