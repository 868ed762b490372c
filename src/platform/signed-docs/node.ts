/**
 * Sauti's signed documents in Node (the server, `sauti verify`): synchronous node:crypto and
 * node:zlib around the shared parsing path in qr-text.ts.
 */
import { createHash, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { equalBytes, toHex } from './bytes.ts';
import {
  HOLDER_HASH_BYTES,
  HOLDER_SALT_BYTES,
  KID_BYTES,
  holderHashInput,
  normaliseHolderName,
  type DocumentClaims,
} from './document-payload.ts';
import {
  MAX_SIGN1_BYTES,
  TrustListError,
  checkTrustedKey,
  conclude,
  isRefused,
  keysFor,
  readSealed,
  refuse,
  sealWith,
  unwrapText,
  type DocumentSigner,
  type OpenResult,
  type TrustList,
  type TrustedKey,
} from './qr-text.ts';

/** First 8 bytes of SHA-256 of the raw 32-byte public key, as 16 hex digits. */
export function kidOf(publicKey: Uint8Array): string {
  return toHex(createHash('sha256').update(publicKey).digest().subarray(0, KID_BYTES));
}

/** The raw 32 bytes of an Ed25519 key's public half. */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== 'ed25519') throw new TypeError('documents are signed with Ed25519 keys only');
  return new Uint8Array(Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url'));
}

export function ed25519Signer(privateKey: KeyObject): DocumentSigner {
  return { kid: kidOf(rawPublicKey(privateKey)), sign: (data) => sign(null, data, privateKey) };
}

/** The text for a document's QR code: `NPS1:` + Base45(zlib(COSE_Sign1(claims))). */
export function sealDocument(claims: DocumentClaims, signer: DocumentSigner): string {
  return sealWith(claims, signer, (data) => deflateSync(data, { level: 9 }));
}

export function holderNameHash(salt: Uint8Array, name: string): Uint8Array {
  const digest = createHash('sha256').update(holderHashInput(salt, name)).digest();
  return new Uint8Array(digest.subarray(0, HOLDER_HASH_BYTES));
}

/** A fresh salt and the holder's hash under it, for a new document. */
export function newHolder(name: string): { holderHash: Uint8Array; holderSalt: Uint8Array } {
  const holderSalt = new Uint8Array(randomBytes(HOLDER_SALT_BYTES));
  return { holderHash: holderNameHash(holderSalt, name), holderSalt };
}

/** Whether the name a verifier typed is the holder's (case, surrounding spaces and Unicode form aside). */
export function nameMatches(claims: DocumentClaims, name: string): boolean {
  if (normaliseHolderName(name) === '') return false;
  return equalBytes(holderNameHash(claims.holderSalt, name), claims.holderHash);
}

const keyObjects = new WeakMap<TrustedKey, KeyObject>();
function keyObjectOf(key: TrustedKey): KeyObject {
  let keyObject = keyObjects.get(key);
  if (keyObject === undefined) {
    checkTrustedKey(key); // its shape first: the kid is computed from its key
    checkTrustedKey(key, kidOf(key.publicKey));
    try {
      const x = Buffer.from(key.publicKey).toString('base64url');
      keyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    } catch (e) {
      throw new TrustListError(`trust list key ${key.kid}: not an Ed25519 public key (${(e as Error).message})`);
    }
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}

function inflateCapped(compressed: Uint8Array): Uint8Array | ReturnType<typeof refuse> {
  try {
    return inflateSync(compressed, { maxOutputLength: MAX_SIGN1_BYTES });
  } catch (e) {
    return refuse((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'malformed');
  }
}

/**
 * Checks a document's QR text offline against the trust list. Hostile text gets a refusal, never
 * an exception; a malformed trust list entry is a TrustListError.
 */
export function openDocument(text: string, trustList: TrustList): OpenResult {
  const compressed = unwrapText(text);
  if (isRefused(compressed)) return compressed;
  const inflated = inflateCapped(compressed);
  if (isRefused(inflated)) return inflated;
  const sealed = readSealed(compressed, inflated);
  if (isRefused(sealed)) return sealed;
  const keys = keysFor(sealed, trustList);
  if (isRefused(keys)) return keys;
  const { signedBytes, sign1 } = sealed;
  return conclude(
    sealed,
    keys.filter((k) => verify(null, signedBytes, keyObjectOf(k), sign1.signature)),
  );
}
