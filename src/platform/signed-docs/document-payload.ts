/**
 * The facts a Sauti document's QR code carries, signed: a CBOR map with small integer keys, so
 * that the signed core of a document stays near 350 bytes. Never free text: the holder's name is
 * there only as a salted hash a verifier can match a typed name against.
 */
import { decode, encode } from 'cborg';
import { concatBytes, toHex, fromHex, utf8Bytes } from './bytes.ts';

export const DOCUMENT_KINDS = ['abstract-general', 'abstract-traffic', 'p3'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const HOLDER_HASH_BYTES = 16;
export const HOLDER_SALT_BYTES = 16;
export const KID_BYTES = 8;
const MAX_TEXT = 64;

export interface DocumentClaims {
  /** e.g. `PA/SALAMA/2026/12` */
  documentNumber: string;
  kind: DocumentKind;
  /** e.g. `1234/30/11/2026` */
  obNumber: string;
  /** The OB entry's leaf in the national log, or null while it is not yet in a checkpoint. */
  leafIndex: number | null;
  stationId: string;
  /** Epoch seconds. */
  issuedAt: number;
  /** When what the document records happened, epoch seconds. */
  eventAt: number;
  /** First 16 bytes of SHA-256(holderSalt || NFC(lowercase(trimmed name)))). */
  holderHash: Uint8Array;
  holderSalt: Uint8Array;
  /** The signing key's id: 16 hex digits (first 8 bytes of SHA-256 of the raw public key). */
  issuerKid: string;
}

export class DocumentPayloadError extends Error {
  override name = 'DocumentPayloadError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

type Field = keyof DocumentClaims;

function text(field: Field, v: unknown): string {
  if (typeof v !== 'string') throw new DocumentPayloadError(field, 'must be text');
  if (v.length === 0 || v.length > MAX_TEXT || v.trim() !== v)
    throw new DocumentPayloadError(field, `must be 1 to ${MAX_TEXT} characters without surrounding spaces`);
  return v;
}

function seconds(field: Field, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new DocumentPayloadError(field, 'must be whole epoch seconds, not negative');
  return v;
}

function bytes(field: Field, v: unknown, length: number): Uint8Array {
  if (!(v instanceof Uint8Array) || v.length !== length)
    throw new DocumentPayloadError(field, `must be ${length} bytes`);
  return v;
}

function leaf(v: unknown): number | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new DocumentPayloadError('leafIndex', 'must be a whole number, not negative, or null');
  return v;
}

function kind(v: unknown): DocumentKind {
  if (!DOCUMENT_KINDS.includes(v as DocumentKind))
    throw new DocumentPayloadError('kind', `must be one of ${DOCUMENT_KINDS.join(', ')}`);
  return v as DocumentKind;
}

function kid(v: unknown): string {
  if (typeof v !== 'string' || !/^[0-9a-f]{16}$/.test(v))
    throw new DocumentPayloadError('issuerKid', 'must be 16 lowercase hex digits');
  return v;
}

/** Every field checked, in one place for writing and reading; the result holds nothing else. */
export function checkClaims(c: Record<Field, unknown>): DocumentClaims {
  return {
    documentNumber: text('documentNumber', c.documentNumber),
    kind: kind(c.kind),
    obNumber: text('obNumber', c.obNumber),
    leafIndex: leaf(c.leafIndex),
    stationId: text('stationId', c.stationId),
    issuedAt: seconds('issuedAt', c.issuedAt),
    eventAt: seconds('eventAt', c.eventAt),
    holderHash: bytes('holderHash', c.holderHash, HOLDER_HASH_BYTES),
    holderSalt: bytes('holderSalt', c.holderSalt, HOLDER_SALT_BYTES),
    issuerKid: kid(c.issuerKid),
  };
}

// the wire keys; a document of this format never uses others
const KEYS: Record<Field, number> = {
  documentNumber: 1,
  kind: 2,
  obNumber: 3,
  leafIndex: 4,
  stationId: 5,
  issuedAt: 6,
  eventAt: 7,
  holderHash: 8,
  holderSalt: 9,
  issuerKid: 10,
};
const FIELDS = Object.keys(KEYS) as Field[];
const FIELD_OF = new Map(FIELDS.map((f) => [KEYS[f], f]));
// the kind travels as its position in DOCUMENT_KINDS plus one
const kindCode = (k: DocumentKind) => DOCUMENT_KINDS.indexOf(k) + 1;

export function encodeClaims(claims: DocumentClaims): Uint8Array {
  const c = checkClaims(claims);
  const wire = new Map<number, unknown>();
  for (const f of FIELDS) wire.set(KEYS[f], c[f]);
  wire.set(KEYS.kind, kindCode(c.kind));
  wire.set(KEYS.issuerKid, fromHex(c.issuerKid));
  return encode(wire);
}

/** Reads claims written by encodeClaims; any other shape is a DocumentPayloadError naming the field. */
export function decodeClaims(data: Uint8Array): DocumentClaims {
  let wire: unknown;
  try {
    wire = decode(data, { strict: true, useMaps: true, rejectDuplicateMapKeys: true, allowIndefinite: false });
  } catch (e) {
    throw new DocumentPayloadError('claims', `not well-formed CBOR (${(e as Error).message})`);
  }
  if (!(wire instanceof Map)) throw new DocumentPayloadError('claims', 'must be a map');
  const raw = {} as Record<Field, unknown>;
  for (const [key, value] of wire as Map<unknown, unknown>) {
    const field = FIELD_OF.get(key as number);
    if (field === undefined) throw new DocumentPayloadError('claims', `unknown key ${String(key)}`);
    raw[field] = value;
  }
  for (const f of FIELDS) if (!wire.has(KEYS[f])) throw new DocumentPayloadError(f, 'is missing');
  const code = raw.kind;
  raw.kind = typeof code === 'number' && Number.isInteger(code) ? DOCUMENT_KINDS[code - 1] : undefined;
  raw.issuerKid =
    raw.issuerKid instanceof Uint8Array && raw.issuerKid.length === KID_BYTES ? toHex(raw.issuerKid) : undefined;
  return checkClaims(raw);
}

/** The name as hashed: trimmed, lowercase, NFC. */
export function normaliseHolderName(name: string): string {
  return name.trim().toLowerCase().normalize('NFC');
}

/** What SHA-256 is taken of for the holder's hash: salt || UTF-8 of the normalised name. */
export function holderHashInput(salt: Uint8Array, name: string): Uint8Array {
  const normalised = normaliseHolderName(name);
  if (normalised.length === 0) throw new DocumentPayloadError('holderName', 'is empty');
  return concatBytes(salt, utf8Bytes(normalised));
}
