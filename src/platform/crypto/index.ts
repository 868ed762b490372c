import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacHex(secret: string, purpose: string, data: string): string {
  return createHmac('sha256', secret).update(purpose).update('\0').update(data).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** n random decimal digits from the CSPRNG. */
export function randomDigits(n: number): string {
  let out = '';
  while (out.length < n) out += randomInt(0, 1_000_000_000).toString().padStart(9, '0');
  return out.slice(0, n);
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
export * from './registry-key.ts';
