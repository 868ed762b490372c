/**
 * Notice numbers: nine digits of serial and a Damm check digit. Digits only, so that they are typed
 * easily as an M-Pesa account number on any phone; the check digit catches every single wrong digit
 * and every swap of two neighbouring digits before a payment is taken against another notice.
 */

// H. Michael Damm's totally anti-symmetric quasigroup of order 10
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

function interim(digits: string): number {
  let state = 0;
  for (const c of digits) state = DAMM[state]![c.charCodeAt(0) - 48]!;
  return state;
}

/** The Damm check digit of a string of digits. */
export function checkDigit(digits: string): number {
  if (!/^[0-9]+$/.test(digits)) throw new Error('a check digit is worked out for digits only');
  return interim(digits);
}

const SERIAL_DIGITS = 9;

/** The notice number of a serial (from the database's sequence). */
export function noticeNumber(serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 1 || serial >= 10 ** SERIAL_DIGITS)
    throw new Error(`a notice serial is 1 to ${10 ** SERIAL_DIGITS - 1}`);
  const digits = String(serial).padStart(SERIAL_DIGITS, '0');
  return `${digits}${checkDigit(digits)}`;
}

/**
 * A notice number as people type it (spaces, dashes, dots between groups), if it can be one and its
 * check digit holds; undefined otherwise.
 */
export function readNoticeNumber(typed: string): string | undefined {
  const digits = typed.replace(/[\s.-]/g, '');
  if (!/^[0-9]{10}$/.test(digits)) return undefined;
  return interim(digits) === 0 ? digits : undefined;
}

/** As printed: `123 456 789 0`, easier to read out and type. */
export const printedNoticeNumber = (number: string): string =>
  `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6, 9)} ${number.slice(9)}`;
