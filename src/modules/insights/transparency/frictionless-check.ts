// For the tests: a check of a Frictionless Data Package (v1: Data Package, Tabular Data Resource, Table Schema,
// CSV Dialect) and of its CSV files against their schemas, with the rules the specifications state. Returns
// every problem found, in words; none for a valid package.

type Json = Record<string, unknown>;

const RESOURCE_NAME = /^[-a-z0-9._/]+$/;
const PACKAGE_NAME = /^[-a-z0-9._]+$/;
const TYPES = [
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'date',
  'time',
  'datetime',
  'year',
  'yearmonth',
  'duration',
  'geopoint',
  'geojson',
  'any',
];
const ROLES = ['author', 'publisher', 'maintainer', 'wrangler', 'contributor'];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 4180: fields separated by commas, quoted with double quotes (doubled inside), records by CRLF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endRow();
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

function checkPackage(p: Json, problems: string[]): void {
  if (!Array.isArray(p.resources) || p.resources.length === 0)
    problems.push('resources: a non-empty array is required');
  if (p.name !== undefined && !(typeof p.name === 'string' && PACKAGE_NAME.test(p.name)))
    problems.push(`name: ${String(p.name)}`);
  if (p.created !== undefined && !(typeof p.created === 'string' && RFC3339.test(p.created)))
    problems.push('created: not RFC 3339');
  checkLicences(p.licenses, 'package', problems);
  checkSources(p.sources, 'package', problems);
  if (p.contributors !== undefined)
    for (const c of p.contributors as Json[])
      if (typeof c.title !== 'string' || (c.role !== undefined && !ROLES.includes(String(c.role))))
        problems.push(`contributor: ${JSON.stringify(c)}`);
}

function checkLicences(licences: unknown, where: string, problems: string[]): void {
  if (licences === undefined) return;
  if (!Array.isArray(licences) || licences.length === 0)
    return void problems.push(`${where}: licenses must be a non-empty array`);
  for (const l of licences)
    if (!isObject(l) || (typeof l.name !== 'string' && typeof l.path !== 'string'))
      problems.push(`${where}: a licence needs a name or a path`);
}

function checkSources(sources: unknown, where: string, problems: string[]): void {
  if (sources === undefined) return;
  if (!Array.isArray(sources)) return void problems.push(`${where}: sources must be an array`);
  for (const s of sources)
    if (!isObject(s) || typeof s.title !== 'string') problems.push(`${where}: a source needs a title`);
}

function checkSchema(r: string, schema: unknown, problems: string[]): Json[] {
  if (!isObject(schema) || !Array.isArray(schema.fields) || schema.fields.length === 0) {
    problems.push(`${r}: a tabular data resource needs a schema with fields`);
    return [];
  }
  const fields = schema.fields as Json[];
  for (const f of fields) {
    if (typeof f.name !== 'string') problems.push(`${r}: a field has no name`);
    if (f.type !== undefined && !TYPES.includes(String(f.type)))
      problems.push(`${r}.${String(f.name)}: type ${String(f.type)}`);
    const c = f.constraints;
    if (c !== undefined && !isObject(c)) problems.push(`${r}.${String(f.name)}: constraints must be an object`);
  }
  const names = fields.map((f) => f.name);
  if (new Set(names).size !== names.length) problems.push(`${r}: field names repeat`);
  if (
    schema.missingValues !== undefined &&
    !(Array.isArray(schema.missingValues) && schema.missingValues.every((v) => typeof v === 'string'))
  )
    problems.push(`${r}: missingValues must be strings`);
  const key = schema.primaryKey === undefined ? [] : ([] as unknown[]).concat(schema.primaryKey);
  for (const k of key) if (!names.includes(k)) problems.push(`${r}: primary key ${String(k)} is not a field`);
  return fields;
}

/** Checks the descriptor; returns each resource's name, path and schema for the data checks. */
export function checkDescriptor(p: Json): { problems: string[]; resources: Json[] } {
  const problems: string[] = [];
  checkPackage(p, problems);
  const resources = (Array.isArray(p.resources) ? p.resources : []) as Json[];
  const names = new Set<string>();
  for (const r of resources) {
    const name = typeof r.name === 'string' ? r.name : '?';
    if (!RESOURCE_NAME.test(name)) problems.push(`resource name ${name}`);
    if (names.has(name)) problems.push(`resource ${name} twice`);
    names.add(name);
    if (typeof r.path !== 'string' && r.data === undefined) problems.push(`${name}: path or data is required`);
    if (typeof r.path === 'string' && (r.path.startsWith('/') || r.path.split('/').includes('..')))
      problems.push(`${name}: path must be relative without ..`);
    if (p.profile === 'tabular-data-package' && r.profile !== 'tabular-data-resource')
      problems.push(`${name}: not tabular`);
    checkLicences(r.licenses, name, problems);
    checkSources(r.sources, name, problems);
    const d = r.dialect as Json | undefined;
    if (d && (typeof d.delimiter !== 'string' || d.delimiter.length !== 1)) problems.push(`${name}: dialect delimiter`);
    checkSchema(name, r.schema, problems);
  }
  return { problems, resources };
}

const parses: Record<string, (v: string) => unknown> = {
  integer: (v) => (/^[-+]?\d+$/.test(v) ? Number(v) : undefined),
  number: (v) => (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v) ? Number(v) : undefined),
  date: (v) =>
    /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v) ? v : undefined,
  string: (v) => v,
};

/** Checks a CSV file against its resource's schema: header, types, missing values, constraints, primary key. */
export function checkCsv(resource: Json, text: string): string[] {
  const problems: string[] = [];
  const name = String(resource.name);
  const schema = resource.schema as Json;
  const fields = schema.fields as Json[];
  const missing = (schema.missingValues as string[] | undefined) ?? [''];
  const [header, ...rows] = parseCsv(text);
  if (JSON.stringify(header) !== JSON.stringify(fields.map((f) => f.name)))
    problems.push(`${name}: header ${JSON.stringify(header)} is not the schema's fields in order`);
  const keys = new Set<string>();
  const primary = ([] as string[]).concat((schema.primaryKey as string | string[] | undefined) ?? []);
  rows.forEach((row, i) => {
    if (row.length !== fields.length) problems.push(`${name} row ${i + 1}: ${row.length} values`);
    fields.forEach((f, c) => {
      const raw = row[c] ?? '';
      const where = `${name} row ${i + 1} ${String(f.name)}`;
      const constraints = (f.constraints ?? {}) as Json;
      if (missing.includes(raw)) {
        if (constraints.required === true || primary.includes(String(f.name))) problems.push(`${where}: required`);
        return;
      }
      const value = (parses[String(f.type ?? 'string')] ?? parses.string!)(raw);
      if (value === undefined) return void problems.push(`${where}: "${raw}" is not ${String(f.type)}`);
      if (typeof constraints.minimum === 'number' && (value as number) < constraints.minimum)
        problems.push(`${where}: below minimum`);
      if (Array.isArray(constraints.enum) && !constraints.enum.includes(value)) problems.push(`${where}: not in enum`);
    });
    const key = primary.map((k) => row[fields.findIndex((f) => f.name === k)]).join('\u0000');
    if (keys.has(key)) problems.push(`${name} row ${i + 1}: primary key repeats`);
    keys.add(key);
  });
  return problems;
}
