/**
 * Sauti's signed documents in a browser (the offline verify page): WebCrypto's Ed25519 and
 * DecompressionStream around the shared parsing path in qr-text.ts. Imports nothing from node:*.
 */
import { equalBytes, ownBytes, toHex } from './bytes.ts';
import {
  HOLDER_HASH_BYTES,
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
  unwrapText,
  type OpenResult,
  type TrustList,
  type TrustedKey,
} from './qr-text.ts';

export class UnsupportedBrowserError extends Error {
  override name = 'UnsupportedBrowserError';
}

/** WebCrypto exists only in a secure context (HTTPS, or localhost). */
function subtle(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle as SubtleCrypto | undefined;
  if (subtle === undefined)
    throw new UnsupportedBrowserError(
      'WebCrypto is unavailable here: documents are checked on a page served over HTTPS',
    );
  return subtle;
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', ownBytes(data)));
}

export async function kidOf(publicKey: Uint8Array): Promise<string> {
  return toHex((await sha256(publicKey)).subarray(0, KID_BYTES));
}

export async function nameMatches(claims: DocumentClaims, name: string): Promise<boolean> {
  if (normaliseHolderName(name) === '') return false;
  const hash = (await sha256(holderHashInput(claims.holderSalt, name))).subarray(0, HOLDER_HASH_BYTES);
  return equalBytes(hash, claims.holderHash);
}

const cryptoKeys = new WeakMap<TrustedKey, Promise<CryptoKey>>();
async function importTrusted(key: TrustedKey): Promise<CryptoKey> {
  checkTrustedKey(key); // its shape first: the kid is computed from its key
  checkTrustedKey(key, await kidOf(key.publicKey));
  try {
    return await subtle().importKey('raw', ownBytes(key.publicKey), { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    if ((e as Error).name === 'NotSupportedError')
      throw new UnsupportedBrowserError("this browser's WebCrypto does not verify Ed25519 signatures");
    throw new TrustListError(`trust list key ${key.kid}: not an Ed25519 public key (${(e as Error).message})`);
  }
}
function cryptoKeyOf(key: TrustedKey): Promise<CryptoKey> {
  let cryptoKey = cryptoKeys.get(key);
  if (cryptoKey === undefined) {
    cryptoKey = importTrusted(key);
    cryptoKeys.set(key, cryptoKey);
  }
  return cryptoKey;
}

async function inflateCapped(compressed: Uint8Array): Promise<Uint8Array | ReturnType<typeof refuse>> {
  if (typeof DecompressionStream !== 'function')
    throw new UnsupportedBrowserError('this browser has no DecompressionStream to read a document with');
  const reader = new Blob([ownBytes(compressed)]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  const out = new Uint8Array(MAX_SIGN1_BYTES);
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return out.subarray(0, length);
      if (length + value.length > MAX_SIGN1_BYTES) {
        await reader.cancel();
        return refuse('too-large');
      }
      out.set(value, length);
      length += value.length;
    }
  } catch {
    return refuse('malformed');
  }
}

/**
 * Checks a document's QR text offline against the trust list, as openDocument in node.ts does.
 * Rejects only for a bad trust list or a browser without what it needs (UnsupportedBrowserError).
 */
export async function openDocument(text: string, trustList: TrustList): Promise<OpenResult> {
  const compressed = unwrapText(text);
  if (isRefused(compressed)) return compressed;
  const inflated = await inflateCapped(compressed);
  if (isRefused(inflated)) return inflated;
  const sealed = readSealed(compressed, inflated);
  if (isRefused(sealed)) return sealed;
  const keys = keysFor(sealed, trustList);
  if (isRefused(keys)) return keys;
  const data = ownBytes(sealed.signedBytes);
  const signature = ownBytes(sealed.sign1.signature);
  const checks = await Promise.all(
    keys.map(async (k) => subtle().verify('Ed25519', await cryptoKeyOf(k), signature, data)),
  );
  return conclude(
    sealed,
    keys.filter((_, i) => checks[i]),
  );
}
