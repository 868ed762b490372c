import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Jurisdiction } from '../jurisdiction.ts';
import * as time from '../time/index.ts';

export const locales = ['en', 'sw'] as const;
export type Locale = (typeof locales)[number];

export type Params = Record<string, string | number>;
/**
 * A text by its key. A numeric `count` picks the plural form when the catalogue has the key's
 * forms rather than the key itself (`key.one`, `key.other`: the language's plural categories, by
 * Intl.PluralRules), and `{count}` shows the number as the language writes it ("1,250").
 */
export type Translate = (key: string, params?: Params) => string;

export class MissingTranslation extends Error {}

type Catalogue = Record<string, string>;

/** Merged catalogues of the platform and every module, English and Kiswahili. */
export class Translations {
  private readonly catalogues: Record<Locale, Catalogue> = { en: {}, sw: {} };
  /** One translator per language: making Intl's rules and formats costs more than most requests' own work. */
  private readonly translators = new Map<Locale, Translate>();

  /** Adds `<dir>/en.json` and `<dir>/sw.json`; a key defined twice is a mistake. */
  load(dir: string): this {
    this.translators.clear();
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

  /** Is there a text for the key (or, for a count-dependent text, its `other` form)? */
  has(locale: Locale, key: string): boolean {
    return key in this.catalogues[locale] || `${key}.other` in this.catalogues[locale];
  }

  keys(locale: Locale): string[] {
    return Object.keys(this.catalogues[locale]);
  }

  translator(locale: Locale): Translate {
    let translate = this.translators.get(locale);
    if (!translate) {
      translate = this.makeTranslator(locale);
      this.translators.set(locale, translate);
    }
    return translate;
  }

  private makeTranslator(locale: Locale): Translate {
    const catalogue = this.catalogues[locale];
    const plurals = new Intl.PluralRules(locale);
    const numbers = new Intl.NumberFormat(locale === 'sw' ? 'sw-KE' : 'en-KE');
    return (key, params) => {
      const count = params?.count;
      let text = catalogue[key];
      if (text === undefined && typeof count === 'number')
        text = catalogue[`${key}.${plurals.select(count)}`] ?? catalogue[`${key}.other`];
      if (text === undefined) throw new MissingTranslation(`no ${locale} text for "${key}"`);
      if (!params) return text;
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
        if (!(name in params)) return whole;
        const value = params[name]!;
        return name === 'count' && typeof value === 'number' ? numbers.format(value) : String(value);
      });
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

/**
 * The zone times are shown in: the jurisdiction's, set when the platform loads its texts
 * (`showTimesIn`). It is the process's, not a request's, because pages format dates in plain
 * render functions, and one process serves one jurisdiction. The arithmetic is `platform/time`.
 */
let shownIn: Pick<Jurisdiction, 'timeZone' | 'timeZoneAbbreviation'> = { timeZone: 'UTC', timeZoneAbbreviation: 'UTC' };

export function showTimesIn(jurisdiction: Pick<Jurisdiction, 'timeZone' | 'timeZoneAbbreviation'>): void {
  shownIn = { timeZone: jurisdiction.timeZone, timeZoneAbbreviation: jurisdiction.timeZoneAbbreviation };
}

/** Times are stored in UTC and shown in the jurisdiction's zone ("22 Jun 2026, 14:30"). */
export function formatDateTime(locale: Locale, value: Date | string | null | undefined): string {
  return time.formatDateTime(locale, value, shownIn.timeZone);
}

/** The date in the jurisdiction's zone ("22 Jun 2026"). */
export function formatDate(locale: Locale, value: Date | string | null | undefined): string {
  return time.formatDate(locale, value, shownIn.timeZone);
}

/** The time of day in the jurisdiction's zone ("14:30"). */
export function formatTime(locale: Locale, value: Date | string | null | undefined): string {
  return time.formatTime(locale, value, shownIn.timeZone);
}

/** A date and time followed by the zone's abbreviation ("22 Jun 2026, 14:30 EAT"), for what is read away from Sauti (receipts). */
export function formatDateTimeWithZone(locale: Locale, value: Date | string | null | undefined): string {
  return `${formatDateTime(locale, value)} ${shownIn.timeZoneAbbreviation}`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in cents in the jurisdiction's currency, shillings whole when there are no cents ("Ksh 3,500"). */
export function formatMoney(locale: Locale, cents: number, currency: string): string {
  const whole = cents % 100 === 0;
  const key = `${locale} ${currency} ${whole}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(time.intlLocale(locale), {
      style: 'currency',
      currency,
      ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
    });
    moneyFormats.set(key, format);
  }
  return format.format(cents / 100);
}
