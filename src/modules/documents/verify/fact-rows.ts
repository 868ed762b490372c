import { RECEIPT_KIND } from '../../../platform/signed-docs/document-payload.ts';

// Which facts the verify page shows for each kind of document: the page's server answer and its
// script's answer both read this. A fine receipt names its notice, the amount and when it was paid;
// police abstracts and P3 forms their OB entry, its place in the national log and its current status.

export const FACT_SLOTS = [
  'number',
  'kind',
  'ob',
  'notice',
  'amount',
  'station',
  'issued',
  'event',
  'paid',
  'leaf',
  'holder',
  'status',
] as const;
export type FactSlot = (typeof FACT_SLOTS)[number];

const RECEIPT_ONLY: ReadonlySet<FactSlot> = new Set(['notice', 'amount', 'paid']);
const DOCUMENT_ONLY: ReadonlySet<FactSlot> = new Set(['ob', 'event', 'leaf', 'status']);

/** Whether a document of this kind (the QR code's word) shows this fact. */
export function showsFact(kind: string, slot: FactSlot): boolean {
  return kind === RECEIPT_KIND ? !DOCUMENT_ONLY.has(slot) : !RECEIPT_ONLY.has(slot);
}

/** An amount in cents as money, as the server's pages write it (no decimals for whole units). */
export function formatCents(intlLocale: string, cents: number, currency: string): string {
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat(intlLocale, {
    style: 'currency',
    currency,
    ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
  }).format(cents / 100);
}
