import { integer, ModuleSettings } from '../../platform/settings/index.ts';

export interface FineSettings {
  /** Days a motorist has to pay or contest. */
  dueDays: number;
  /** Days after the due date before an unpaid notice is flagged for court. */
  graceDays: number;
  /** The only paybill fines are paid to (the M-Pesa business number every notice names). */
  paybill: string;
  /** The SMS sender id notices come from: a text from any other sender is not from the police. */
  senderId: string;
}

function paybill(value: string | undefined, problems: string[]): string {
  const v = value?.trim() || '174379';
  if (!/^\d{5,7}$/.test(v)) problems.push(`FINES_PAYBILL is an M-Pesa paybill number (5 to 7 digits), got "${v}"`);
  return v;
}

function senderId(value: string | undefined, problems: string[]): string {
  const v = value?.trim() || 'NPS_KENYA';
  if (!/^[A-Za-z0-9_-]{3,11}$/.test(v))
    problems.push(`FINES_SENDER_ID is an SMS sender id (3 to 11 letters, digits, _ or -), got "${v}"`);
  return v;
}

export const fineSettings = new ModuleSettings<FineSettings>('fines', (env, problems) => ({
  dueDays: integer(env, 'FINES_DUE_DAYS', 7, problems, 1, 90),
  graceDays: integer(env, 'FINES_GRACE_DAYS', 14, problems, 1, 365),
  paybill: paybill(env.FINES_PAYBILL, problems),
  senderId: senderId(env.FINES_SENDER_ID, problems),
}));
