/** One line of a CSV file as its fields, trimmed: commas between them, double quotes around any, "" for a quote. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

// A cell a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage return before one): written with a
// leading apostrophe, so that a typed "=HYPERLINK(...)" stays text when the file is opened.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as a CSV file writes it: neutralised if it could run as a formula, quoted if it must be. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole CSV file (RFC 4180: CRLF line ends) with a byte-order mark, so that spreadsheet programs read its
 * Kiswahili and English names as UTF-8.
 */
export function csvFile(header: string[], rows: Array<Array<string | number | boolean | null | undefined>>): string {
  return '\ufeff' + [header, ...rows].map((cells) => cells.map(csvCell).join(',') + '\r\n').join('');
}
