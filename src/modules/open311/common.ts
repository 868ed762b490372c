import type { Translate } from '../../platform/i18n/index.ts';
import type { Platform } from '../../platform/module.ts';

/** Open311 answers in English: GeoReport v2 has no way to ask for a language. */
export const english = (platform: Platform): Translate => platform.i18n.translator('en');

/** A form or query field as sent, trimmed ('' when absent). */
export const text = (value: string | undefined): string => (value ?? '').trim();
