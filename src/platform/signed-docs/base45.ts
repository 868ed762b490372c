/**
 * Base45 (RFC 9285): two bytes as three characters of QR's alphanumeric set, a last odd byte as
 * two. Denser than base64 in a QR code, because a QR code in alphanumeric mode spends 5.5 bits a
 * character where base64 would force byte mode at 8.
 */

export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE45_ALPHABET.length; i++) VALUE[BASE45_ALPHABET.charCodeAt(i)] = i;

export class Base45Error extends Error {
  override name = 'Base45Error';
}

export function encodeBase45(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 1 < bytes.length; i += 2) {
    const n = bytes[i]! * 256 + bytes[i + 1]!;
    out +=
      BASE45_ALPHABET[n % 45]! + BASE45_ALPHABET[Math.floor(n / 45) % 45]! + BASE45_ALPHABET[Math.floor(n / 2025)]!;
  }
  if (i < bytes.length) {
    const n = bytes[i]!;
    out += BASE45_ALPHABET[n % 45]! + BASE45_ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

function valueAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const v = code < 128 ? VALUE[code]! : -1;
  if (v < 0)
    throw new Base45Error(`Base45: character ${JSON.stringify(text[i])} at position ${i} is not in the alphabet`);
  return v;
}

export function decodeBase45(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 3 === 1)
    throw new Base45Error(
      `Base45: a length of ${text.length} characters is impossible (3 per 2 bytes, 2 for a last byte)`,
    );
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    if (i + 2 < text.length) {
      const n = valueAt(text, i) + valueAt(text, i + 1) * 45 + valueAt(text, i + 2) * 2025;
      if (n > 0xffff)
        throw new Base45Error(`Base45: characters ${i}-${i + 2} stand for ${n}, more than two bytes hold`);
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = valueAt(text, i) + valueAt(text, i + 1) * 45;
      if (n > 0xff) throw new Base45Error(`Base45: the last two characters stand for ${n}, more than one byte holds`);
      out[o++] = n;
    }
  }
  return out;
}
