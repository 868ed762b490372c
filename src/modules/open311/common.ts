import type { Translate } from '../../platform/i18n/index.ts';
import type { Platform } from '../../platform/module.ts';

/** The translator of Open311's answers, which are in English. */
export const english = (platform: Platform): Translate => platform.i18n.translator('en');

/** A form or query field as sent, trimmed ('' when absent). */
export const text = (value: string | undefined): string => (value ?? '').trim();
