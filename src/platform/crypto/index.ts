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

const SALT_BYTES = 32;
const SALTS_PER_DRAW = 128;
let salts = Buffer.alloc(0);
let saltsUsed = 0;

/**
 * 32 fresh random bytes from the CSPRNG. Drawn 4 KiB at a time: one call per salt costs more than
 * the rest of an Occurrence Book entry's hashing. Each salt is its own slice, never handed out twice.
 */
export function randomSalt(): Buffer {
  if (saltsUsed === salts.length) {
    salts = randomBytes(SALT_BYTES * SALTS_PER_DRAW);
    saltsUsed = 0;
  }
  saltsUsed += SALT_BYTES;
  return salts.subarray(saltsUsed - SALT_BYTES, saltsUsed);
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
