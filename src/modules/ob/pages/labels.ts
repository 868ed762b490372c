import type { Translate } from '../../../platform/i18n/index.ts';
import type { Option } from '../../../platform/web/forms.tsx';
import { formatObNumber, type ObNumber } from '../ob-number.ts';

/** "OB 12/30/11/2026", as the station writes it. */
export const obLabel = (ob: ObNumber) => `OB ${formatObNumber(ob)}`;

export const options = (t: Translate, prefix: string, values: readonly string[]): Option[] =>
  values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));

/** "19 h 05 min": a span of time, whole minutes. */
export function spanText(t: Translate, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return t('ob.span', { hours: Math.floor(minutes / 60), minutes: String(minutes % 60).padStart(2, '0') });
}

/** Where the day's book is. */
export const bookHref = (station: string, day: string) =>
  `/staff/ob/${encodeURIComponent(station)}/${encodeURIComponent(day)}`;

export const slipHref = (station: string, ob: ObNumber) =>
  `/staff/ob/${encodeURIComponent(station)}/entries/${ob.day}/${ob.number}/slip`;
