import {
  protectPopulation,
  type DisclosureRule,
  type Figure,
  type PublishedTable,
  type TableWay,
} from '../../../platform/disclosure/index.ts';
import { addHistograms, percentileOf } from '../durations.ts';
import {
  complaintCategories,
  complaintOutcomes,
  custodyColumns,
  documentColumns,
  documentKinds,
  fineColumns,
  responseColumns,
  TOTAL_ROW,
  type TableName,
} from './catalogue.ts';

/**
 * A month's public tables, built from the rollups' figures for that month. Every count goes through
 * `protectPopulation`: the tables that count one population (complaints by outcome, by category and by
 * response share their county totals; documents by outcome and by kind likewise) are protected together, so
 * that no hidden figure of one can be worked out from another. Amounts of money and median times are shown
 * only beside counts that are shown.
 */

/** A figure withheld from the public: a count from 1 to k - 1 ("small"), or one withheld to protect it. */
export type Hidden = { hidden: 'small' | 'withheld' };
export type Value = string | number | null | Hidden;
export type Row = Record<string, Value>;

export const isHidden = (v: Value | undefined): v is Hidden => typeof v === 'object' && v !== null && 'hidden' in v;

export interface ComplaintFact {
  county: string | null;
  category: string;
  outcome: string;
  cases: number;
  responded: number;
  respondedInTime: number;
}
export interface FineFact {
  county: string;
  status: string;
  notices: number;
  amountCents: number;
  paidCents: number;
}
export interface DocumentFact {
  county: string;
  kind: string;
  requested: number;
  issued: number;
  issuedInTime: number;
  refused: number;
  waiting: number;
  issueHours: number[];
}
export interface ObFact {
  county: string;
  loggedEntries: number;
  custodyDeadlines: number;
  custodyBreaches: number;
}

/** What the rollups hold for one month, added up by county. */
export interface MonthFacts {
  complaints: ComplaintFact[];
  fines: FineFact[];
  documents: DocumentFact[];
  ob: ObFact[];
}

export interface Rules {
  standard: DisclosureRule;
  custody: DisclosureRule;
}

export type ReleaseTableName = Exclude<TableName, 'commitments' | 'directives_by_unit'>;
export type ReleaseTables = Record<ReleaseTableName, Row[]>;

/** The row of complaints whose county was not recorded. */
export const UNKNOWN_COUNTY = 'unknown';

interface County {
  code: string;
  name: string;
}

/** One way of counting a population by county: a column per value, a count per county and column. */
interface CountyWay {
  name: string;
  columns: readonly string[];
  count(county: number, column: number): number;
}

interface ProtectedWay {
  cells: Value[][];
  colTotals: Value[];
}

interface ProtectedCounties {
  ways: ProtectedWay[];
  /** Lists counted nationally alongside the county tables (each adding up to the same total). */
  lists: Value[][];
  rowTotals: Value[];
  total: Value;
}

const asValue = (f: Figure): Value => (f.suppressed ? { hidden: f.reason } : f.count);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Protects counts by county taken several ways (each adding up to the same county totals). Counties with
 * nothing in any way are left out of the protection and shown as zeros: a row of known zeros tells a reader
 * nothing about any other figure, and leaving it out keeps the exact check quick.
 */
export function protectCounties(
  rows: number,
  ways: readonly CountyWay[],
  rule: DisclosureRule,
  lists: readonly (readonly number[])[] = [],
): ProtectedCounties {
  const grids = ways.map((w) => Array.from({ length: rows }, (_, r) => w.columns.map((_, c) => w.count(r, c))));
  const totals = grids[0]!.map(sum);
  grids.forEach((g, w) => {
    if (g.some((row, r) => sum(row) !== totals[r]))
      throw new Error(`${ways[w]!.name} does not add up to the county totals`);
  });
  const active = totals.flatMap((t, r) => (t > 0 ? [r] : []));
  const zeros = (n: number) => Array.from({ length: n }, (): Value => 0);
  if (active.length === 0)
    return {
      ways: ways.map((w) => ({
        cells: grids[0]!.map(() => zeros(w.columns.length)),
        colTotals: zeros(w.columns.length),
      })),
      lists: lists.map((l) => zeros(l.length)),
      rowTotals: zeros(rows),
      total: 0,
    };
  const p = protectPopulation<TableWay | readonly number[]>(
    [...ways.map((w, i) => ({ rows: 'county', cols: w.name, cells: active.map((r) => grids[i]![r]!) })), ...lists],
    rule,
  );
  const tables = p.ways.slice(0, ways.length) as PublishedTable[];
  const place = <T>(shown: readonly T[], fill: T): T[] => {
    const all = Array.from({ length: rows }, () => fill);
    active.forEach((r, i) => (all[r] = shown[i]!));
    return all;
  };
  return {
    ways: tables.map((t, i) => ({
      cells: place(
        t.cells.map((row) => row.map(asValue)),
        zeros(ways[i]!.columns.length),
      ),
      colTotals: t.colTotals.map(asValue),
    })),
    lists: (p.ways.slice(ways.length) as Figure[][]).map((l) => l.map(asValue)),
    rowTotals: place(p.margins['county']!.map(asValue), 0 as Value),
    total: asValue(p.total),
  };
}

/** Rows of one way: a county's code and name, its figures by column, its total; then the row of all counties. */
function countyRows(
  counties: readonly County[],
  columns: readonly string[],
  totalField: string,
  p: ProtectedCounties,
  way: number,
): Row[] {
  const w = p.ways[way]!;
  const rows = counties.map((c, r): Row => {
    const row: Row = { county_code: c.code, county: c.name };
    columns.forEach((col, i) => (row[col] = w.cells[r]![i]!));
    row[totalField] = p.rowTotals[r]!;
    return row;
  });
  const total: Row = { county_code: TOTAL_ROW, county: 'All counties' };
  columns.forEach((col, i) => (total[col] = w.colTotals[i]!));
  total[totalField] = p.total;
  return [...rows, total];
}

const indexOf = (list: readonly string[]) => new Map(list.map((v, i) => [v, i]));

function complaintTables(facts: readonly ComplaintFact[], counties: readonly County[], rule: DisclosureRule) {
  const all = [...counties, { code: UNKNOWN_COUNTY, name: 'Not recorded' }];
  const at = indexOf(all.map((c) => c.code));
  const outcomes = indexOf(complaintOutcomes);
  const categories = indexOf(complaintCategories);
  const known = facts.filter((f) => outcomes.has(f.outcome) && categories.has(f.category));
  const grid = (columns: readonly string[], add: (f: ComplaintFact, row: number[]) => void) => {
    const cells = all.map(() => columns.map(() => 0));
    for (const f of known) {
      const r = at.get(f.county ?? UNKNOWN_COUNTY);
      if (r !== undefined) add(f, cells[r]!);
    }
    return { name: '', columns, count: (r: number, c: number) => cells[r]![c]! };
  };
  const ways: CountyWay[] = [
    { ...grid(complaintOutcomes, (f, row) => (row[outcomes.get(f.outcome)!]! += f.cases)), name: 'outcome' },
    { ...grid(complaintCategories, (f, row) => (row[categories.get(f.category)!]! += f.cases)), name: 'category' },
  ];
  // how quickly complaints were answered: nationally, one list beside the county tables (by county, its
  // often small "not yet answered" counts made the secondary suppression withhold nearly every figure)
  const response = [0, 0, 0];
  for (const f of known) {
    if (!at.has(f.county ?? UNKNOWN_COUNTY)) continue;
    response[0]! += f.respondedInTime;
    response[1]! += f.responded - f.respondedInTime;
    response[2]! += f.cases - f.responded;
  }
  const p = protectCounties(all.length, ways, rule, [response]);
  const listRows = responseColumns.map((name, i): Row => ({ response: name, complaints: p.lists[0]![i]! }));
  return {
    complaints_by_outcome: countyRows(all, complaintOutcomes, 'complaints', p, 0),
    complaints_by_category: countyRows(all, complaintCategories, 'complaints', p, 1),
    complaints_by_response: [...listRows, { response: TOTAL_ROW, complaints: p.total }],
  };
}

const fineColumnOf = (status: string): number =>
  status === 'paid' ? 0 : status === 'withdrawn' ? 2 : status === 'court' ? 3 : 1;

/** KES to the cent, shown only when the count of notices it comes from is shown. */
function money(cents: readonly number[], shownCounts: readonly Value[], total: Value): Value[] {
  const each = cents.map((c, r): Value => (typeof shownCounts[r] === 'number' ? c / 100 : { hidden: 'withheld' }));
  const all = typeof total === 'number' && each.every((v) => typeof v === 'number') ? sum(cents) / 100 : null;
  return [...each, all ?? { hidden: 'withheld' }];
}

function fineTable(facts: readonly FineFact[], counties: readonly County[], rule: DisclosureRule): Row[] {
  const at = indexOf(counties.map((c) => c.code));
  const cells = counties.map(() => fineColumns.map(() => 0));
  const collected = counties.map(() => 0);
  const withdrawn = counties.map(() => 0);
  for (const f of facts) {
    const r = at.get(f.county);
    if (r === undefined) continue;
    const c = fineColumnOf(f.status);
    cells[r]![c]! += f.notices;
    if (c === 0) collected[r]! += f.paidCents;
    if (c === 2) withdrawn[r]! += f.amountCents;
  }
  const p = protectCounties(
    counties.length,
    [{ name: 'status', columns: fineColumns, count: (r, c) => cells[r]![c]! }],
    rule,
  );
  const rows = countyRows(counties, fineColumns, 'notices', p, 0);
  const w = p.ways[0]!;
  const paid = money(collected, [...w.cells.map((row) => row[0]!)], w.colTotals[0]!);
  const out = money(withdrawn, [...w.cells.map((row) => row[2]!)], w.colTotals[2]!);
  return rows.map((row, r) => ({ ...row, collected_kes: paid[r]!, withdrawn_kes: out[r]! }));
}

/** A median in hours (to a tenth), shown only when at least k durations stand behind it and their counts are shown. */
function median(hist: readonly number[], parts: readonly Value[], k: number): Value {
  if (!parts.every((v) => typeof v === 'number')) return { hidden: 'withheld' };
  const n = sum(parts as number[]);
  if (n === 0) return null;
  const m = percentileOf(hist, 0.5);
  return n < k || m === null ? { hidden: 'withheld' } : Math.round(m * 10) / 10;
}

function documentTables(facts: readonly DocumentFact[], counties: readonly County[], rule: DisclosureRule) {
  const at = indexOf(counties.map((c) => c.code));
  const kinds = indexOf(documentKinds);
  const outcome = counties.map(() => documentColumns.map(() => 0));
  const byKind = counties.map(() => documentKinds.map(() => 0));
  const hours = counties.map((): number[] => []);
  for (const f of facts) {
    const r = at.get(f.county);
    const k = kinds.get(f.kind);
    if (r === undefined || k === undefined) continue;
    const row = outcome[r]!;
    [f.issuedInTime, f.issued - f.issuedInTime, f.refused, f.waiting].forEach((n, c) => (row[c]! += n));
    byKind[r]![k]! += f.requested;
    hours[r] = addHistograms(hours[r]!, f.issueHours);
  }
  const p = protectCounties(
    counties.length,
    [
      { name: 'outcome', columns: documentColumns, count: (r, c) => outcome[r]![c]! },
      { name: 'kind', columns: documentKinds, count: (r, c) => byKind[r]![c]! },
    ],
    rule,
  );
  const rows = countyRows(counties, documentColumns, 'requested', p, 0);
  const w = p.ways[0]!;
  const all = hours.reduce((a, b) => addHistograms(a, b), []);
  const medians = [
    ...hours.map((h, r) => median(h, w.cells[r]!.slice(0, 2), rule.k)),
    median(all, w.colTotals.slice(0, 2), rule.k),
  ];
  return {
    documents_by_county: rows.map((row, r) => ({ ...row, median_hours_to_issue: medians[r]! })),
    documents_by_kind: countyRows(counties, documentKinds, 'requested', p, 1),
  };
}

function obTables(facts: readonly ObFact[], counties: readonly County[], rules: Rules) {
  const at = indexOf(counties.map((c) => c.code));
  const custody = counties.map(() => [0, 0]);
  const logged = counties.map(() => [0]);
  for (const f of facts) {
    const r = at.get(f.county);
    if (r === undefined) continue;
    custody[r]![0]! += f.custodyDeadlines - f.custodyBreaches;
    custody[r]![1]! += f.custodyBreaches;
    logged[r]![0]! += f.loggedEntries;
  }
  const c = protectCounties(
    counties.length,
    [{ name: 'custody', columns: custodyColumns, count: (r, i) => custody[r]![i]! }],
    rules.custody,
  );
  const e = protectCounties(
    counties.length,
    [{ name: 'entries', columns: ['logged_entries'], count: (r) => logged[r]![0]! }],
    rules.standard,
  );
  return {
    custody_by_county: countyRows(counties, custodyColumns, 'custody_deadlines', c, 0),
    ob_entries_by_county: countyRows(counties, ['logged_entries'], 'logged_entries', e, 0),
  };
}

/** Every release table of a month, each figure protected by its table's rule. */
export function buildReleaseTables(facts: MonthFacts, counties: readonly County[], rules: Rules): ReleaseTables {
  return {
    ...complaintTables(facts.complaints, counties, rules.standard),
    fines_by_county: fineTable(facts.fines, counties, rules.standard),
    ...documentTables(facts.documents, counties, rules.standard),
    ...obTables(facts.ob, counties, rules),
  };
}
