import { keyIdOf, verifyEd25519, type RegistryKey } from '../../platform/crypto/index.ts';

/*
 * Signed delivery receipts of the IG's office registry.
 *
 * A receipt says: the registry received a submission whose SHA-256 is `sha256`, at `receivedAt`,
 * under `registryNumber`. The registry signs it with its Ed25519 key; anyone can check it with the
 * published public key (GET /registry/public-key), at /verify, or offline with `sauti verify`.
 *
 * Canonical bytes (what the signature covers), format version 1: UTF-8, six lines, each ended by
 * one line feed (0x0A), no other whitespace:
 *
 *   sauti-registry-receipt/1
 *   issuer:<issuer>
 *   keyId:<keyId>
 *   registryNumber:<registryNumber>
 *   sha256:<sha256>
 *   receivedAt:<receivedAt>
 *
 * where issuer is printable ASCII (1-100, no line break; Sauti uses "sauti:ig-office-registry"),
 * keyId is 16 lowercase hex digits (the first 16 of the SHA-256 of the public key's DER, SPKI),
 * registryNumber is PREFIX-PART[-PART...] in capitals and digits (e.g. IGR-2026-000123),
 * sha256 is 64 lowercase hex digits, receivedAt is UTC as YYYY-MM-DDTHH:MM:SS.sssZ.
 * The signature is Ed25519 (RFC 8032, pure) over these bytes, in base64url without padding.
 * Values outside these forms are refused, so the bytes of a receipt are never ambiguous.
 */

export interface ReceiptClaims {
  registryNumber: string;
  sha256: string;
  /** ISO 8601 UTC */
  receivedAt: string;
}
export interface SignedReceipt extends ReceiptClaims {
  issuer: string;
  keyId: string;
  /** base64url Ed25519 over the canonical bytes */
  signature: string;
}

export type ReceiptReason = 'malformed' | 'signature' | 'unknown_key' | 'not_found' | 'hash_mismatch';
export const receiptReasons: readonly ReceiptReason[] = [
  'malformed',
  'signature',
  'unknown_key',
  'not_found',
  'hash_mismatch',
];
export interface ReceiptCheck {
  genuine: boolean;
  reason?: ReceiptReason;
}

export const RECEIPT_FORMAT = 'sauti-registry-receipt/1';
export const RECEIPT_ISSUER = 'sauti:ig-office-registry';
/** The name of the receipt JSON attached to a receipt PDF. */
export const RECEIPT_ATTACHMENT = 'sauti-receipt.json';

const ISSUER = /^[\x20-\x7e]{1,100}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const REGISTRY_NUMBER = /^[A-Z][A-Z0-9]{0,9}(-[A-Z0-9]{1,20}){1,4}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const RECEIVED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

function validTime(value: string): boolean {
  return RECEIVED_AT.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}

function fieldProblem(r: ReceiptClaims & { issuer: string; keyId: string }): string | undefined {
  if (typeof r.issuer !== 'string' || !ISSUER.test(r.issuer)) return 'issuer';
  if (typeof r.keyId !== 'string' || !KEY_ID.test(r.keyId)) return 'keyId';
  if (typeof r.registryNumber !== 'string' || !REGISTRY_NUMBER.test(r.registryNumber)) return 'registryNumber';
  if (typeof r.sha256 !== 'string' || !SHA256.test(r.sha256)) return 'sha256';
  if (typeof r.receivedAt !== 'string' || !validTime(r.receivedAt)) return 'receivedAt';
  return undefined;
}

/** The bytes the signature covers (format above). Throws on a value outside its form. */
export function canonicalReceiptBytes(r: ReceiptClaims & { issuer: string; keyId: string }): Buffer {
  const problem = fieldProblem(r);
  if (problem) throw new TypeError(`receipt ${problem} is not in its canonical form`);
  return Buffer.from(
    `${RECEIPT_FORMAT}\nissuer:${r.issuer}\nkeyId:${r.keyId}\nregistryNumber:${r.registryNumber}\nsha256:${r.sha256}\nreceivedAt:${r.receivedAt}\n`,
    'utf8',
  );
}

/** Signs claims; `receivedAt` may be any ISO 8601 time (it is normalised to UTC milliseconds), `sha256` either case. */
export function signReceipt(key: RegistryKey, claims: ReceiptClaims): SignedReceipt {
  const time = Date.parse(claims.receivedAt);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(claims.receivedAt) || Number.isNaN(time))
    throw new TypeError('receipt receivedAt must be an ISO 8601 time');
  const unsigned = {
    registryNumber: claims.registryNumber,
    sha256: typeof claims.sha256 === 'string' ? claims.sha256.toLowerCase() : claims.sha256,
    receivedAt: new Date(time).toISOString(),
    issuer: RECEIPT_ISSUER,
    keyId: key.keyId,
  };
  const signature = key.sign(canonicalReceiptBytes(unsigned)).toString('base64url');
  return { ...unsigned, signature };
}

/** The receipt's own fields, in a fixed order, if `value` has them all as strings; else undefined. */
export function parseReceipt(value: unknown): SignedReceipt | undefined {
  let data = value;
  if (typeof data === 'string' || Buffer.isBuffer(data)) {
    try {
      data = JSON.parse(String(data).replace(/^\uFEFF/, ''));
    } catch {
      return undefined;
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const o = data as Record<string, unknown>;
  const fields = ['registryNumber', 'sha256', 'receivedAt', 'issuer', 'keyId', 'signature'] as const;
  if (!fields.every((f) => typeof o[f] === 'string')) return undefined;
  const receipt = Object.fromEntries(fields.map((f) => [f, o[f]])) as unknown as SignedReceipt;
  if (fieldProblem(receipt) || !SIGNATURE.test(receipt.signature)) return undefined;
  return receipt;
}

/** True only for a well-formed receipt whose signature verifies under the key. Never throws. */
export function verifyReceiptSignature(publicKeyPem: string, receipt: SignedReceipt): boolean {
  try {
    const r = parseReceipt(receipt);
    if (!r) return false;
    return verifyEd25519(publicKeyPem, canonicalReceiptBytes(r), Buffer.from(r.signature, 'base64url'));
  } catch {
    return false;
  }
}

/** The offline check (no lookup): form, key, signature. What `sauti verify` does. Never throws. */
export function checkReceiptOffline(publicKeyPem: string, value: unknown): ReceiptCheck & { receipt?: SignedReceipt } {
  const receipt = parseReceipt(value);
  if (!receipt) return { genuine: false, reason: 'malformed' };
  let keyId: string;
  try {
    keyId = keyIdOf(publicKeyPem);
  } catch {
    return { genuine: false, reason: 'unknown_key' };
  }
  if (receipt.keyId !== keyId) return { genuine: false, reason: 'unknown_key', receipt };
  if (!verifyReceiptSignature(publicKeyPem, receipt)) return { genuine: false, reason: 'signature', receipt };
  return { genuine: true, receipt };
}

/** The kind of a registry number: its prefix before the first dash (IGR-2026-000123 -> IGR). */
export function receiptKind(registryNumber: string): string {
  return registryNumber.split('-')[0]!.toUpperCase();
}
