import { csvFile } from '../../../platform/text/csv.ts';

/**
 * A dashboard table: the one shape every section produces, rendered as an HTML table (and its chart) and
 * exported as CSV from the same rows, so the page and the file can never disagree.
 */
export type ColumnKind = 'text' | 'count' | 'share' | 'hours' | 'money';

export interface Column {
  key: string;
  /** i18n key of the heading */
  label: string;
  kind: ColumnKind;
}

/** A cell: text, a number (a share from 0 to 1, hours, or money in cents), or null when there is no figure. */
export type Cell = string | number | null;

export interface DataTable {
  id: string;
  /** i18n keys */
  title: string;
  note?: string | undefined;
  columns: Column[];
  rows: Cell[][];
  /** Where each row's label leads (e.g. the dashboard filtered to that county), when it leads anywhere. */
  links?: (string | undefined)[];
  /** The column a bar chart of the table shows, if any. */
  chart?: string | undefined;
}

export const text = (key: string, label: string): Column => ({ key, label, kind: 'text' });
export const count = (key: string, label: string): Column => ({ key, label, kind: 'count' });
export const share = (key: string, label: string): Column => ({ key, label, kind: 'share' });
export const hours = (key: string, label: string): Column => ({ key, label, kind: 'hours' });
export const money = (key: string, label: string): Column => ({ key, label, kind: 'money' });

/** part / whole, or null when there is no whole. */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The table as CSV: headings are the columns' keys; shares as fractions, hours to one decimal, money in KES. */
export function tableCsv(table: DataTable): string {
  const value = (cell: Cell, kind: ColumnKind) => {
    if (cell === null || typeof cell === 'string') return cell;
    if (kind === 'share') return cell.toFixed(4);
    if (kind === 'hours') return cell.toFixed(1);
    if (kind === 'money') return (cell / 100).toFixed(2);
    return cell;
  };
  return csvFile(
    table.columns.map((c) => c.key),
    table.rows.map((row) => row.map((cell, i) => value(cell, table.columns[i]!.kind))),
  );
}
