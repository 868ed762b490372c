import { BadInput, type FieldProblem } from '../../../platform/http/errors.ts';

// The desk form's field names, and how what it posts becomes the body `recordEntry` reads. Every
// kind's section is on the page at once (without JavaScript they are all shown), so each section's
// fields carry its name (`arrest.reason`, `firearm.officers`) and only the chosen kind's are sent on.

/** Rows the form offers for people, property and linked entries. */
export const ROWS = { persons: 4, property: 3, links: 2 } as const;

export const personFields = ['role', 'name', 'idNumber', 'phone', 'age', 'sex'] as const;
export const propertyFields = ['description', 'quantity', 'serial'] as const;

/** Each kind's own section, and the fields of the body it fills. */
export const kindSections = {
  arrest: ['arrestedAt', 'arrestedBy', 'reason'],
  release: ['releaseOf', 'releaseMode', 'releaseNote'],
  booking: ['officers', 'purpose'],
  firearm: ['firearmSerial', 'officers', 'rounds'],
  accident: ['vehicles', 'injuries'],
} as const;
export type KindSection = keyof typeof kindSections;

/** The section a kind of entry shows (none for kinds that have only the common fields). */
export function sectionOf(kind: string): KindSection | undefined {
  if (kind === 'arrest' || kind === 'release' || kind === 'accident') return kind;
  if (kind === 'booking_out' || kind === 'booking_in') return 'booking';
  if (kind === 'firearm_issued' || kind === 'firearm_returned') return 'firearm';
  return undefined;
}

/** Every field name the form may post, with a cap on each (the service states the real limits). */
export function deskFormFields(): Record<string, number> {
  const fields: Record<string, number> = {
    kind: 100,
    occurredAt: 100,
    place: 1_000,
    narrative: 20_000,
    amends: 100,
    amendReason: 5_000,
  };
  for (let i = 0; i < ROWS.persons; i++) for (const f of personFields) fields[`persons.${i}.${f}`] = 1_000;
  for (let i = 0; i < ROWS.property; i++) for (const f of propertyFields) fields[`property.${i}.${f}`] = 1_000;
  for (let i = 0; i < ROWS.links; i++) fields[`links.${i}`] = 100;
  for (const [section, names] of Object.entries(kindSections))
    for (const name of names) fields[`${section}.${name}`] = 2_000;
  return fields;
}

type Form = Record<string, string | undefined>;

/** What the form posted, as the body `checkEntry` reads, and where each list item came from on the form. */
export interface DeskBody {
  body: Record<string, unknown>;
  /** The form row of each item sent (empty rows are left out, so the n-th item may be a later row). */
  rows: { persons: number[]; property: number[]; links: number[] };
}

const filled = (form: Form, names: readonly string[], prefix: string, ignore: readonly string[] = []) =>
  names.some((n) => !ignore.includes(n) && (form[`${prefix}${n}`] ?? '').trim() !== '');

function rowsOf(form: Form, list: 'persons' | 'property', names: readonly string[], ignore: readonly string[] = []) {
  const items: Array<Record<string, string>> = [];
  const rows: number[] = [];
  for (let i = 0; i < ROWS[list]; i++) {
    const prefix = `${list}.${i}.`;
    // a row with only a role chosen (the form preselects one) is an empty row
    if (!filled(form, names, prefix, ignore)) continue;
    items.push(Object.fromEntries(names.map((n) => [n, form[`${prefix}${n}`] ?? ''])));
    rows.push(i);
  }
  return { items, rows };
}

export function deskBody(form: Form): DeskBody {
  const kind = form.kind ?? '';
  const body: Record<string, unknown> = {
    kind,
    occurredAt: form.occurredAt ?? '',
    place: form.place ?? '',
    narrative: form.narrative ?? '',
  };
  const persons = rowsOf(form, 'persons', personFields, ['role']);
  const property = rowsOf(form, 'property', propertyFields);
  const links: string[] = [];
  const linkRows: number[] = [];
  for (let i = 0; i < ROWS.links; i++) {
    const link = (form[`links.${i}`] ?? '').trim();
    if (link === '') continue;
    links.push(link);
    linkRows.push(i);
  }
  body.persons = persons.items;
  body.property = property.items;
  body.links = links;
  if ((form.amends ?? '').trim() !== '' || (form.amendReason ?? '').trim() !== '') {
    body.amends = form.amends ?? '';
    body.amendReason = form.amendReason ?? '';
  }
  const section = sectionOf(kind);
  if (section) for (const name of kindSections[section]) body[name] = form[`${section}.${name}`] ?? '';
  return { body, rows: { persons: persons.rows, property: property.rows, links: linkRows } };
}

/** A problem the service named in the body's terms, renamed to the form field it came from. */
export function formField(field: string, kind: string, rows: DeskBody['rows']): string {
  const item = /^(persons|property|links)\.(\d+)(\..+)?$/.exec(field);
  if (item) {
    const list = item[1] as keyof DeskBody['rows'];
    const row = rows[list][Number(item[2])];
    return row === undefined ? list : `${list}.${row}${item[3] ?? ''}`;
  }
  const section = sectionOf(kind);
  if (section && (kindSections[section] as readonly string[]).includes(field)) return `${section}.${field}`;
  if (field === 'persons') return 'persons.0.name';
  if (field === 'property') return 'property.0.description';
  return field;
}

/** The service's refusal, its fields renamed to the form's. */
export function asFormProblems(error: BadInput, kind: string, rows: DeskBody['rows']): BadInput {
  const problems: FieldProblem[] = error.problems.map((p) => ({ ...p, field: formField(p.field, kind, rows) }));
  return new BadInput(problems);
}
