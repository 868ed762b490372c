import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const locales = ['en', 'sw'] as const;
export type Locale = (typeof locales)[number];

export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

export class MissingTranslation extends Error {}

type Catalogue = Record<string, string>;

/** Merged catalogues of the platform and every module, English and Kiswahili. */
export class Translations {
  private readonly catalogues: Record<Locale, Catalogue> = { en: {}, sw: {} };

  /** Adds `<dir>/en.json` and `<dir>/sw.json`; a key defined twice is a mistake. */
  load(dir: string): this {
    for (const locale of locales) {
      const file = join(dir, `${locale}.json`);
      if (!existsSync(file)) throw new Error(`missing catalogue ${file}`);
      const entries = JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
      for (const [key, text] of Object.entries(entries)) {
        if (key in this.catalogues[locale]) throw new Error(`translation key "${key}" defined twice (${file})`);
        this.catalogues[locale][key] = text;
      }
    }
    return this;
  }

  has(locale: Locale, key: string): boolean {
    return key in this.catalogues[locale];
  }

  keys(locale: Locale): string[] {
    return Object.keys(this.catalogues[locale]);
  }

  translator(locale: Locale): Translate {
    const catalogue = this.catalogues[locale];
    return (key, params) => {
      const text = catalogue[key];
      if (text === undefined) throw new MissingTranslation(`no ${locale} text for "${key}"`);
      if (!params) return text;
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
    };
  }
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Picks the language: explicit choice first, then the browser's preference, then English. */
export function negotiateLocale(choice: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(choice)) return choice;
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.trim().split(';')[0]!.toLowerCase().slice(0, 2));
  return preferred.find(isLocale) ?? 'en';
}

const TIME_ZONE = 'Africa/Nairobi';

/** Times are stored in UTC and shown in Nairobi time. */
export function formatDateTime(locale: Locale, value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale === 'sw' ? 'sw-KE' : 'en-KE', {
    timeZone: TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

export function formatDate(locale: Locale, value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale === 'sw' ? 'sw-KE' : 'en-KE', { timeZone: TIME_ZONE, dateStyle: 'medium' }).format(date);
}
