/**
 * The text in a Sauti document's QR code: `NPS1:` + Base45(zlib(COSE_Sign1(claims))), after the EU
 * Digital COVID Certificate. This file is the one parsing path; `node.ts` and `browser.ts` only
 * supply the two operations that differ between the places a document is checked: inflating, and
 * verifying an Ed25519 signature.
 */
import { decodeBase45, encodeBase45 } from './base45.ts';
import { adler32, fromHex, toHex } from './bytes.ts';
import {
  ALG_EDDSA,
  CoseError,
  HEADER_ALG,
  HEADER_KID,
  decodeSign1,
  sigStructure,
  signSign1,
  type Sign1,
} from './cose.ts';
import {
  DocumentPayloadError,
  KID_BYTES,
  decodeClaims,
  encodeClaims,
  type DocumentClaims,
} from './document-payload.ts';

export const DOCUMENT_PREFIX = 'NPS1:';
/** Longer text is refused unread: an abstract seals to about 340 characters, one with every field at its longest to under 700. */
export const MAX_TEXT_CHARS = 1000;
/** Inflation stops here (zlib bombs): an abstract's COSE_Sign1 is about 220 bytes. */
export const MAX_SIGN1_BYTES = 1024;
const ED25519_SIGNATURE_BYTES = 64;

export const REFUSALS = [
  'wrong-prefix', // not a Sauti document's QR code (or a format this version does not read)
  'too-large', // longer than any document Sauti writes, or inflates beyond it
  'malformed', // damaged or altered: bad Base45, zlib, CBOR, COSE or claims
  'unknown-key', // signed by a key not in the trust list
  'bad-signature', // the signature does not match the content
  'key-not-yet-valid', // issued (as it says) before its key was in service
  'key-retired', // issued (as it says) after its key was retired
] as const;
export type Refusal = (typeof REFUSALS)[number];

export type OpenResult = { genuine: true; claims: DocumentClaims; kid: string } | { genuine: false; reason: Refusal };
type Refused = { genuine: false; reason: Refusal };

/**
 * A key Sauti signed with, and when. A document whose signed issue time falls in [from, until)
 * stays genuine after the key is retired. A key that leaked is not retired but left out of the
 * list: a retired key's holder could still backdate a document into its period.
 */
export interface TrustedKey {
  /** 16 hex digits: the first 8 bytes of SHA-256 of publicKey. */
  kid: string;
  /** The raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  /** Epoch seconds. */
  from: number;
  until?: number;
}
export type TrustList = readonly TrustedKey[];

export class TrustListError extends Error {
  override name = 'TrustListError';
}

export interface DocumentSigner {
  kid: string;
  /** Ed25519 over the bytes given. */
  sign(data: Uint8Array): Uint8Array;
}

/** A document's QR text, given how to compress (zlib format). */
export function sealWith(
  claims: DocumentClaims,
  signer: DocumentSigner,
  deflate: (data: Uint8Array) => Uint8Array,
): string {
  if (claims.issuerKid !== signer.kid)
    throw new DocumentPayloadError('issuerKid', `is ${claims.issuerKid} but the signer's key is ${signer.kid}`);
  const payload = encodeClaims(claims);
  const protectedHeader = new Map<number, unknown>([
    [HEADER_ALG, ALG_EDDSA],
    [HEADER_KID, fromHex(signer.kid)],
  ]);
  const sign1 = signSign1(protectedHeader, new Map(), payload, (tbs) => signer.sign(tbs));
  const text = DOCUMENT_PREFIX + encodeBase45(deflate(sign1));
  if (text.length > MAX_TEXT_CHARS)
    throw new DocumentPayloadError('claims', `seal to ${text.length} characters, more than ${MAX_TEXT_CHARS}`);
  return text;
}

export const refuse = (reason: Refusal): Refused => ({ genuine: false, reason });
export const isRefused = (x: object): x is Refused => 'reason' in x;

/** Step 1: the zlib bytes in the text, with nothing read past a fixed size. */
export function unwrapText(text: unknown): Uint8Array | Refused {
  if (typeof text !== 'string' || !text.startsWith(DOCUMENT_PREFIX)) return refuse('wrong-prefix');
  if (text.length > MAX_TEXT_CHARS) return refuse('too-large');
  try {
    return decodeBase45(text.slice(DOCUMENT_PREFIX.length));
  } catch {
    return refuse('malformed');
  }
}

export interface Sealed {
  sign1: Sign1;
  kid: string;
  /** The Sig_structure's bytes: what the signature is over. */
  signedBytes: Uint8Array;
}

/**
 * Step 2, after inflating: a COSE_Sign1 of Sauti's profile (EdDSA and an 8-byte kid, both
 * protected; nothing unprotected). The zlib stream must end where the data ends: its Adler-32 is
 * the last four bytes (runtimes disagree on whether data after the stream is an error: Chromium refuses it, Node's DecompressionStream does not).
 */
export function readSealed(compressed: Uint8Array, inflated: Uint8Array): Sealed | Refused {
  const n = compressed.length;
  const trailer =
    n >= 6
      ? ((compressed[n - 4]! << 24) | (compressed[n - 3]! << 16) | (compressed[n - 2]! << 8) | compressed[n - 1]!) >>> 0
      : -1;
  if (trailer !== adler32(inflated)) return refuse('malformed');
  let sign1: Sign1;
  try {
    sign1 = decodeSign1(inflated);
  } catch (e) {
    if (e instanceof CoseError) return refuse('malformed');
    throw e;
  }
  const kid = sign1.protectedHeader.get(HEADER_KID);
  if (
    sign1.protectedHeader.size !== 2 ||
    sign1.protectedHeader.get(HEADER_ALG) !== ALG_EDDSA ||
    !(kid instanceof Uint8Array) ||
    kid.length !== KID_BYTES ||
    sign1.unprotectedHeader.size !== 0 ||
    sign1.signature.length !== ED25519_SIGNATURE_BYTES
  )
    return refuse('malformed');
  return { sign1, kid: toHex(kid), signedBytes: sigStructure(sign1.protectedBytes, sign1.payload) };
}

/** Step 3: the trust list's keys with the document's kid (usually one; a verifier tries each). */
export function keysFor(sealed: Sealed, trustList: TrustList): TrustedKey[] | Refused {
  const keys = trustList.filter((k) => k.kid === sealed.kid);
  return keys.length > 0 ? keys : refuse('unknown-key');
}

/** Step 4, given the keys whose signature verified: the claims, if they were signed in the key's period. */
export function conclude(sealed: Sealed, verified: readonly TrustedKey[]): OpenResult {
  if (verified.length === 0) return refuse('bad-signature');
  let claims: DocumentClaims;
  try {
    claims = decodeClaims(sealed.sign1.payload);
  } catch (e) {
    if (e instanceof DocumentPayloadError) return refuse('malformed');
    throw e;
  }
  if (claims.issuerKid !== sealed.kid) return refuse('malformed');
  const at = claims.issuedAt;
  if (!verified.some((k) => k.from <= at && (k.until === undefined || at < k.until)))
    return refuse(verified.every((k) => at < k.from) ? 'key-not-yet-valid' : 'key-retired');
  return { genuine: true, claims, kid: sealed.kid };
}

/** Checks a trust list entry's shape, and its kid against the one computed from its key; throws TrustListError. */
export function checkTrustedKey(key: TrustedKey, kidOf?: string): void {
  if (!(key.publicKey instanceof Uint8Array) || key.publicKey.length !== 32)
    throw new TrustListError(`trust list key ${key.kid}: publicKey must be the raw 32 bytes of an Ed25519 key`);
  if (!Number.isSafeInteger(key.from) || (key.until !== undefined && !Number.isSafeInteger(key.until)))
    throw new TrustListError(`trust list key ${key.kid}: from and until must be epoch seconds`);
  if (kidOf !== undefined && kidOf !== key.kid)
    throw new TrustListError(`trust list key ${key.kid}: its public key's kid is ${kidOf}`);
}
