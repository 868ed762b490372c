import type { LocalDate } from '../../platform/time/index.ts';

/** An entry's place in its station's book: the day (Africa/Nairobi) and its number that day. */
export interface ObNumber {
  day: LocalDate;
  number: number;
}

/** `12/30/11/2026`, as stations write it (`OB 12/30/11/2026` with the prefix). */
export function formatObNumber({ day, number }: ObNumber): string {
  const [year, month, date] = day.split('-');
  return `${number}/${date}/${month}/${year}`;
}

const OB_PATTERN = /^(?:OB\s*(?:NO\.?)?\s*)?(\d{1,6})\s*\/\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})$/i;

/** Reads an OB number as people type it (`OB 12/30/11/2026`, `ob 12/3/9/2026`, `12/30/11/2026`); undefined if it is not one. */
export function parseObNumber(text: string): ObNumber | undefined {
  const match = OB_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, n, d, m, y] = match;
  const number = Number(n);
  const day = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${day}T00:00:00Z`);
  if (number < 1 || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return undefined;
  return { day, number };
}
