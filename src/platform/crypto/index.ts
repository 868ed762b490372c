import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacHex(secret: string, purpose: string, data: string): string {
  return createHmac('sha256', secret).update(purpose).update('\0').update(data).digest('hex');
}

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolUsed = 0;

/**
 * Fresh random bytes from the CSPRNG, drawn 4 KiB at a time: one call per token or salt costs more than the
 * rest of issuing a notice or hashing an Occurrence Book entry. Each slice is handed out once; a new draw is a
 * new buffer, so slices handed out earlier are never overwritten.
 */
function randomFromPool(bytes: number): Buffer {
  if (bytes > POOL_BYTES) return randomBytes(bytes);
  if (poolUsed + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolUsed = 0;
  }
  poolUsed += bytes;
  return pool.subarray(poolUsed - bytes, poolUsed);
}

export function randomToken(bytes = 32): string {
  return randomFromPool(bytes).toString('base64url');
}

/** 32 fresh random bytes from the CSPRNG, its own slice. */
export function randomSalt(): Buffer {
  return randomFromPool(32);
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
