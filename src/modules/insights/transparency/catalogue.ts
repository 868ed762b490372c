import { misconductCategories } from '../../../jurisdiction/kenya/index.ts';
import { caseOutcomes } from '../../cases/index.ts';

/**
 * The portal's public tables: their names (the open data's file names), fields, types and units, and which
 * suppression rule guards them. The pages, the CSV and JSON files, the data dictionary and the Frictionless
 * descriptor are all drawn from this one list.
 */

/** Frictionless Table Schema types used here. */
export type FieldType = 'string' | 'integer' | 'number' | 'date';

/** What a number counts or measures (none for labels and dates). */
export type Unit =
  'complaints' | 'notices' | 'KES' | 'hours' | 'requests' | 'custody_deadlines' | 'entries' | 'directives';

/** Which field group a field's description comes from (each group one text, with the column's name in it). */
export type FieldGroup = 'outcome' | 'category' | 'kind' | 'plain';

export interface FieldDef {
  name: string;
  type: FieldType;
  unit?: Unit;
  /** May carry the suppression marker instead of a value. */
  hideable?: boolean;
  group?: FieldGroup;
  /** Allowed values (Table Schema `enum` constraint). */
  values?: readonly string[];
  /** The field may be empty ("" in CSV, null in JSON). */
  optional?: boolean;
}

/**
 * - `standard`: counts of people's complaints, fines, requests and log entries, hidden below k (default 5).
 * - `custody`: anything about persons in custody, hidden below the custody k (default 10).
 * - `public`: commitments and public directives, each already published one by one; nothing to hide.
 */
export type RuleName = 'standard' | 'custody' | 'public';

/**
 * - `release`: part of a month's release, computed once from one refresh of the rollups and never changed.
 * - `live`: read when asked, from records that are public one by one.
 */
export type Freshness = 'release' | 'live';

export interface TableDef {
  name: TableName;
  rule: RuleName;
  freshness: Freshness;
  /** Counted from OB entries: the figures name the log checkpoint they were counted up to. */
  fromOb?: boolean;
  /** Tables of one population share their county totals and are protected together. */
  population?: Population;
  /** The column holding each row's total (a population's county margin). */
  rowTotal?: string;
  /** One count per row (the rows name what is counted), the last row their total: the population's. */
  list?: boolean;
  fields: readonly FieldDef[];
  primaryKey: readonly string[];
}

export const tableNames = [
  'complaints_by_outcome',
  'complaints_by_category',
  'complaints_by_response',
  'fines_by_county',
  'documents_by_county',
  'documents_by_kind',
  'custody_by_county',
  'ob_entries_by_county',
  'commitments',
  'directives_by_unit',
] as const;
export type TableName = (typeof tableNames)[number];

export type Population = 'complaints' | 'fines' | 'documents' | 'custody' | 'ob_entries';

/** The row that adds up every county: its `county_code`. */
export const TOTAL_ROW = 'total';

/** Complaints from the public: the jurisdiction's misconduct categories (officers' letters are never counted here). */
export const complaintCategories: readonly string[] = misconductCategories.map((c) => c.code);
/** 'open' until a case is closed, then its outcome. */
export const complaintOutcomes: readonly string[] = ['open', ...caseOutcomes];
export const responseColumns = ['answered_in_time', 'answered_late', 'awaiting_answer'] as const;
/** The free documents stations issue (as documents/kinds.ts names them). */
export const documentKinds = ['abstract_general', 'abstract_traffic', 'p3'] as const;
export const documentColumns = ['issued_in_time', 'issued_late', 'refused', 'waiting'] as const;
export const fineColumns = ['notices_paid', 'notices_awaiting', 'notices_withdrawn', 'notices_in_court'] as const;
export const custodyColumns = ['deadlines_kept', 'deadlines_breached'] as const;
export const directiveColumns = ['delivered_on_time', 'delivered_late', 'overdue', 'not_yet_due'] as const;
export const commitmentStatuses = ['kept', 'kept_late', 'overdue', 'due'] as const;

const county: FieldDef[] = [
  { name: 'county_code', type: 'string' },
  { name: 'county', type: 'string' },
];
const counts = (names: readonly string[], unit: Unit, group: FieldGroup = 'plain', hideable = true): FieldDef[] =>
  names.map((name) => ({ name, type: 'integer', unit, hideable, group }));

export const catalogue: Record<TableName, TableDef> = {
  complaints_by_outcome: {
    name: 'complaints_by_outcome',
    rule: 'standard',
    freshness: 'release',
    population: 'complaints',
    rowTotal: 'complaints',
    fields: [...county, ...counts(complaintOutcomes, 'complaints', 'outcome'), ...counts(['complaints'], 'complaints')],
    primaryKey: ['county_code'],
  },
  complaints_by_category: {
    name: 'complaints_by_category',
    rule: 'standard',
    freshness: 'release',
    population: 'complaints',
    rowTotal: 'complaints',
    fields: [
      ...county,
      ...counts(complaintCategories, 'complaints', 'category'),
      ...counts(['complaints'], 'complaints'),
    ],
    primaryKey: ['county_code'],
  },
  complaints_by_response: {
    name: 'complaints_by_response',
    rule: 'standard',
    freshness: 'release',
    population: 'complaints',
    list: true,
    fields: [
      { name: 'response', type: 'string', values: [...responseColumns, TOTAL_ROW] },
      ...counts(['complaints'], 'complaints'),
    ],
    primaryKey: ['response'],
  },
  fines_by_county: {
    name: 'fines_by_county',
    rule: 'standard',
    freshness: 'release',
    population: 'fines',
    rowTotal: 'notices',
    fields: [
      ...county,
      ...counts([...fineColumns, 'notices'], 'notices'),
      { name: 'collected_kes', type: 'number', unit: 'KES', hideable: true },
      { name: 'withdrawn_kes', type: 'number', unit: 'KES', hideable: true },
    ],
    primaryKey: ['county_code'],
  },
  documents_by_county: {
    name: 'documents_by_county',
    rule: 'standard',
    freshness: 'release',
    population: 'documents',
    rowTotal: 'requested',
    fields: [
      ...county,
      ...counts([...documentColumns, 'requested'], 'requests'),
      { name: 'median_hours_to_issue', type: 'number', unit: 'hours', hideable: true },
    ],
    primaryKey: ['county_code'],
  },
  documents_by_kind: {
    name: 'documents_by_kind',
    rule: 'standard',
    freshness: 'release',
    population: 'documents',
    rowTotal: 'requested',
    fields: [...county, ...counts(documentKinds, 'requests', 'kind'), ...counts(['requested'], 'requests')],
    primaryKey: ['county_code'],
  },
  custody_by_county: {
    name: 'custody_by_county',
    rule: 'custody',
    freshness: 'release',
    fromOb: true,
    population: 'custody',
    rowTotal: 'custody_deadlines',
    fields: [...county, ...counts([...custodyColumns, 'custody_deadlines'], 'custody_deadlines')],
    primaryKey: ['county_code'],
  },
  ob_entries_by_county: {
    name: 'ob_entries_by_county',
    rule: 'standard',
    freshness: 'release',
    fromOb: true,
    population: 'ob_entries',
    fields: [...county, ...counts(['logged_entries'], 'entries')],
    primaryKey: ['county_code'],
  },
  commitments: {
    name: 'commitments',
    rule: 'public',
    freshness: 'live',
    fields: [
      { name: 'id', type: 'integer' },
      { name: 'session', type: 'string' },
      { name: 'session_date', type: 'date' },
      { name: 'promise', type: 'string' },
      { name: 'unit_code', type: 'string' },
      { name: 'due_date', type: 'date' },
      { name: 'status', type: 'string', values: commitmentStatuses },
      { name: 'kept_date', type: 'date', optional: true },
      { name: 'note', type: 'string', optional: true },
    ],
    primaryKey: ['id'],
  },
  directives_by_unit: {
    name: 'directives_by_unit',
    rule: 'public',
    freshness: 'live',
    fields: [
      { name: 'unit_code', type: 'string' },
      ...counts([...directiveColumns, 'directives'], 'directives', 'plain', false),
    ],
    primaryKey: ['unit_code'],
  },
};

export const isTableName = (value: string): value is TableName => (tableNames as readonly string[]).includes(value);

/** The tables of a month's release (the rest are read live). */
export const releaseTables = tableNames.filter((n) => catalogue[n].freshness === 'release');
