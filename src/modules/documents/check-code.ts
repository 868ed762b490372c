import { createHmac, timingSafeEqual } from 'node:crypto';

/** Crockford's Base32: no I, L, O or U, so a code read aloud or typed from paper is not mistaken. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_CHARS = 8;

/**
 * The check code printed on a document beside its number, for checking it without its QR code: the
 * first 8 Crockford Base32 characters (40 bits) of HMAC-SHA256(secret, 'document-check' || number),
 * grouped XXXX-XXXX. Derived, not stored: a document's code can be printed again.
 */
export function checkCode(secret: string, documentNumber: string): string {
  const mac = createHmac('sha256', secret).update('document-check').update(documentNumber).digest();
  let bits = 0;
  let value = 0;
  let code = '';
  for (const byte of mac) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && code.length < CODE_CHARS) {
      bits -= 5;
      code += CROCKFORD[(value >> bits) & 31];
    }
    if (code.length === CODE_CHARS) break;
  }
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A check code as people type it, in its printed form; undefined if it cannot be one. Crockford's
 * decoding rules: any case, hyphens and spaces anywhere, O read as 0, I and L as 1.
 */
export function normaliseCheckCode(typed: string): string | undefined {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== CODE_CHARS || [...plain].some((c) => !CROCKFORD.includes(c))) return undefined;
  return `${plain.slice(0, 4)}-${plain.slice(4)}`;
}

/** Whether a typed code is the document's, compared in constant time. */
export function checkCodeMatches(secret: string, documentNumber: string, typed: string): boolean {
  const expected = Buffer.from(checkCode(secret, documentNumber));
  const given = Buffer.from(normaliseCheckCode(typed) ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
