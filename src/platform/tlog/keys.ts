import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** Signature type bytes of c2sp.org/signed-note. */
export const SIGNATURE_TYPE_ED25519 = 0x01;
export const SIGNATURE_TYPE_COSIGNATURE = 0x04;

const ED25519_PUBLIC_KEY_SIZE = 32;

/** A key name: non-empty, no Unicode spaces, no plus sign, no control characters. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+\p{Cc}]/u.test(name) && !hasLoneSurrogate(name);
}

export function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** Key ID = SHA-256(key name || 0x0A || signature type || public key)[:4]. */
export function keyIdOf(name: string, type: number, publicKey: Buffer): Buffer {
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, type]))
    .update(publicKey)
    .digest();
  return digest.subarray(0, 4);
}

/** The raw 32-byte Ed25519 public key of a public or private KeyObject, or the bytes themselves. */
export function rawEd25519PublicKey(key: Buffer | KeyObject): Buffer {
  if (Buffer.isBuffer(key)) {
    if (key.length !== ED25519_PUBLIC_KEY_SIZE) throw new Error('an Ed25519 public key is 32 bytes');
    return key;
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the key is not an Ed25519 key');
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('the key has no Ed25519 public part');
  return Buffer.from(jwk.x, 'base64url');
}

export function ed25519PublicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

export function ed25519PrivateKeyObject(key: KeyObject): KeyObject {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new Error('the signing key must be an Ed25519 private key');
  }
  return key;
}

/** Never throws: a malformed signature is simply not valid. */
export function ed25519Verify(publicKey: KeyObject, message: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  try {
    return verifySignature(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

/** `<name>+<hex key ID>+<base64(type || public key)>` */
export function formatVerifierKey(name: string, type: number, publicKey: Buffer): string {
  if (!isValidKeyName(name)) throw new Error(`invalid key name ${JSON.stringify(name)}`);
  const keyData = Buffer.concat([Buffer.from([type]), publicKey]);
  return `${name}+${keyIdOf(name, type, publicKey).toString('hex')}+${keyData.toString('base64')}`;
}

export interface ParsedVerifierKey {
  name: string;
  keyId: Buffer;
  type: number;
  publicKey: Buffer;
}

/** Parses a verifier key string of an Ed25519-based type; throws an Error saying what is wrong. */
export function parseVerifierKey(vkey: string, expectedType: number): ParsedVerifierKey {
  // the base64 key may itself hold '+': only the first two separate fields
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (second < 0) throw new Error('a verifier key is <name>+<hex key ID>+<base64 key>');
  const [name, idHex, keyB64] = [vkey.slice(0, first), vkey.slice(first + 1, second), vkey.slice(second + 1)];
  if (!isValidKeyName(name)) throw new Error(`invalid key name in verifier key: ${JSON.stringify(name)}`);
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw new Error('the key ID of a verifier key is 8 hex digits');
  const keyData = decodeBase64Strict(keyB64);
  if (keyData === undefined) throw new Error('the key of a verifier key is not valid base64');
  if (keyData.length === 0) throw new Error('the verifier key holds no key');
  const type = keyData[0]!;
  if (type !== expectedType) {
    throw new Error(`the verifier key has signature type 0x${hex2(type)}, expected 0x${hex2(expectedType)}`);
  }
  const publicKey = Buffer.from(keyData.subarray(1));
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) throw new Error('an Ed25519 verifier key holds 32 bytes');
  const keyId = keyIdOf(name, type, publicKey);
  if (keyId.toString('hex') !== idHex.toLowerCase())
    throw new Error('the key ID of the verifier key does not match its key');
  return { name, keyId, type, publicKey };
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** Standard base64 with padding, canonical only (Buffer.from alone accepts almost anything). */
export function decodeBase64Strict(s: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return undefined;
  const bytes = Buffer.from(s, 'base64');
  return bytes.toString('base64') === s ? bytes : undefined;
}
