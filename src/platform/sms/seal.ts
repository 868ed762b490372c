import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { hmacHex } from '../crypto/index.ts';

// A number Sauti must keep to send a message is stored sealed (AES-256-GCM, a key derived from SAUTI_SECRET)
// and erased once the message is final; what counts messages to a number is a keyed hash of it, not the number.

const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'sauti', 'sms.number.v1', 32));
    keys.set(secret, key);
  }
  return key;
}

/** iv (12 bytes) | tag (16) | ciphertext. */
export function sealNumber(secret: string, number: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(number, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openNumber(secret: string, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}

/** The same number always gives the same hash under one secret; the hash gives nothing back. */
export const numberHash = (secret: string, number: string): string => hmacHex(secret, 'sms.number', number);
