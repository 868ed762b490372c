/**
 * GeoReport v2 output: the same records as JSON or as XML, and times in Nairobi's offset.
 * Nothing here decides what may be shown; service.ts builds the records field by field.
 */
import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { isoInZone } from '../../platform/time/index.ts';

export const formats = ['json', 'xml'] as const;
export type Format = (typeof formats)[number];

export const contentTypes: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

export type Value = string | number | boolean | Date | null | undefined | Value[] | { [key: string]: Value };

/** ISO 8601 in the jurisdiction's local time with its offset, to the second, e.g. 2026-06-22T14:30:00+03:00. */
export function nairobiIso(date: Date): string {
  return isoInZone(date, jurisdiction.timeZone);
}

/** The element name of each item of a list, as GeoReport v2 names them. */
const itemNames: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests: 'request',
  errors: 'error',
};

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

// Characters XML 1.0 cannot carry at all (most control characters, lone surrogates, U+FFFE/U+FFFF).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: Value): string {
  if (!ELEMENT_NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === undefined) return '';
  if (value === null) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = itemNames[name];
    if (!item) throw new Error(`no item element name for the list "${name}"`);
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (value instanceof Date) return `<${name}>${nairobiIso(value)}</${name}>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The whole document, e.g. toXml('services', [...]) -> <services><service>...</service></services>. */
export function toXml(root: string, value: Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}

function plain(value: Value): unknown {
  if (value instanceof Date) return nairobiIso(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, plain(v)]),
    );
  }
  return value;
}

export function toJson(value: Value): string {
  return JSON.stringify(plain(value));
}

/** The body and its content type; `root` names the XML document element (JSON has none). */
export function render(format: Format, root: string, value: Value): { contentType: string; body: string } {
  return { contentType: contentTypes[format], body: format === 'xml' ? toXml(root, value) : toJson(value) };
}

export function isFormat(value: unknown): value is Format {
  return typeof value === 'string' && (formats as readonly string[]).includes(value);
}
