import { DarajaError } from './errors.ts';

/** A Kenyan mobile number as Daraja takes it: 254 then 7XXXXXXXX or 1XXXXXXXX. */
export const DARAJA_PHONE = /^254[17]\d{8}$/;

/** Words Daraja refuses in C2B URLs (it filters them as keywords, whatever the case). */
export const C2B_FORBIDDEN_WORDS = ['m-pesa', 'mpesa', 'safaricom', 'sql', 'exec', 'cmd'] as const;

export function invalid(field: string, message: string): DarajaError {
  return new DarajaError('invalid', `${field}: ${message}`, { field });
}

/** Trimmed text of 1..max characters, or an `invalid` error naming the field. */
export function boundedText(field: string, value: unknown, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '' || [...text].length > max) throw invalid(field, `1 to ${max} characters`);
  return text;
}

/** An http(s) URL Daraja can call back; https when Sauti talks to the real Daraja (itself on https). */
export function callbackUrl(field: string, value: unknown, httpsOnly: boolean): string {
  let url: URL;
  try {
    url = new URL(typeof value === 'string' ? value : '');
  } catch {
    throw invalid(field, 'an http:// or https:// address');
  }
  if (url.protocol !== 'https:' && (httpsOnly || url.protocol !== 'http:')) {
    throw invalid(field, httpsOnly ? 'an https:// address (Daraja calls only https)' : 'an http(s):// address');
  }
  if (url.username !== '' || url.password !== '') throw invalid(field, 'an address without a user name or password');
  return url.href;
}

/** A C2B URL as Daraja registers it: as callbackUrl, and none of the words Daraja filters out. */
export function c2bUrl(field: string, value: unknown, httpsOnly: boolean): string {
  const url = callbackUrl(field, value, httpsOnly);
  const word = C2B_FORBIDDEN_WORDS.find((w) => url.toLowerCase().includes(w));
  if (word) throw invalid(field, `Daraja refuses C2B addresses containing "${word}"`);
  return url;
}
