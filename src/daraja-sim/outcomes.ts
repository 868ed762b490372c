import { randomInt } from 'node:crypto';

/**
 * The simulator's phone-number scheme: the last four digits of the number an STK push is sent to choose what the
 * payer "does". Any other number pays. The README's table is this list.
 */
export interface PhoneOutcome {
  /** the number's last four digits; '' for every other number */
  ending: string;
  resultCode: number;
  resultDesc: string;
  /** how many times the callback is POSTed: 0 (it never comes, a query still finds the result), 1 or 2 */
  callbacks: 0 | 1 | 2;
  meaning: string;
}

const PAID = 'The service request is processed successfully.';

export const PHONE_OUTCOMES: readonly PhoneOutcome[] = [
  { ending: '1032', resultCode: 1032, resultDesc: 'Request cancelled by user', callbacks: 1, meaning: 'cancelled' },
  {
    ending: '1037',
    resultCode: 1037,
    resultDesc: 'DS timeout user cannot be reached',
    callbacks: 1,
    meaning: 'phone unreachable',
  },
  {
    ending: '2001',
    resultCode: 2001,
    resultDesc: 'The initiator information is invalid.',
    callbacks: 1,
    meaning: 'wrong PIN',
  },
  {
    ending: '0001',
    resultCode: 1,
    resultDesc: 'The balance is insufficient for the transaction.',
    callbacks: 1,
    meaning: 'insufficient balance',
  },
  {
    ending: '0017',
    resultCode: 17,
    resultDesc: 'Rule limited: same amount to the same customer within 2 minutes.',
    callbacks: 1,
    meaning: 'same amount again within 2 minutes',
  },
  { ending: '1019', resultCode: 1019, resultDesc: 'Transaction has expired', callbacks: 1, meaning: 'expired' },
  {
    ending: '1025',
    resultCode: 1025,
    resultDesc: 'An error occurred while sending a push request',
    callbacks: 1,
    meaning: 'push error',
  },
  {
    ending: '2028',
    resultCode: 2028,
    resultDesc: 'The request is not permitted according to product assignment',
    callbacks: 1,
    meaning: 'wrong TransactionType or PartyB',
  },
  { ending: '9999', resultCode: 0, resultDesc: PAID, callbacks: 0, meaning: 'paid, but the callback never comes' },
  { ending: '2222', resultCode: 0, resultDesc: PAID, callbacks: 2, meaning: 'paid, and the callback comes twice' },
];

export const PAID_OUTCOME: PhoneOutcome = {
  ending: '',
  resultCode: 0,
  resultDesc: PAID,
  callbacks: 1,
  meaning: 'paid',
};

export function outcomeFor(phone: string): PhoneOutcome {
  return PHONE_OUTCOMES.find((outcome) => phone.endsWith(outcome.ending)) ?? PAID_OUTCOME;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALPHANUMERIC = `${LETTERS}0123456789`;

/** An M-Pesa transaction id like Daraja's: 10 uppercase letters and digits, starting with a letter (NLJ7RT61SV). */
export function receiptNumber(): string {
  let id = LETTERS[randomInt(LETTERS.length)]!;
  while (id.length < 10) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]!;
  return id;
}

/** Daraja's requestId / MerchantRequestID shape: 12345-67890123-1. */
export function requestId(): string {
  return `${randomInt(10_000, 99_999)}-${randomInt(10_000_000, 99_999_999)}-1`;
}
