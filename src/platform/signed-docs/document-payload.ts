/**
 * The facts a Sauti document's QR code carries, signed: a CBOR map with small integer keys, so
 * that the signed core of a document stays near 350 bytes. Never free text: the holder's name is
 * there only as a salted hash a verifier can match a typed name against.
 */
import { decode, encode } from 'cborg';
import { concatBytes, toHex, fromHex, utf8Bytes } from './bytes.ts';

export const DOCUMENT_KINDS = ['abstract-general', 'abstract-traffic', 'p3', 'fine-receipt'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * A receipt for a traffic fine paid: its documentNumber is the receipt's number, its obNumber the
 * notice's number, its eventAt when the notice was paid, its holder the driver, and it alone carries
 * amountCents; it is in no national log (leafIndex null).
 */
export const RECEIPT_KIND = 'fine-receipt' satisfies DocumentKind;

export const HOLDER_HASH_BYTES = 16;
export const HOLDER_SALT_BYTES = 16;
export const KID_BYTES = 8;
const MAX_TEXT = 64;

export interface DocumentClaims {
  /** e.g. `PA/SALAMA/2026/12` */
  documentNumber: string;
  kind: DocumentKind;
  /** e.g. `1234/30/11/2026`; for a fine receipt, the notice's number */
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
  /** A fine receipt's amount paid, in cents (a whole number above 0); no other kind carries it. */
  amountCents?: number;
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

function cents(v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0)
    throw new DocumentPayloadError('amountCents', 'must be a whole number of cents above 0');
  return v;
}

/** What only a fine receipt carries, checked; a receipt is in no national log. */
function receiptPart(k: DocumentKind, c: Partial<Record<Field, unknown>>): { amountCents?: number } {
  if (k !== RECEIPT_KIND) {
    if (c.amountCents !== undefined) throw new DocumentPayloadError('amountCents', `is not part of ${k}`);
    return {};
  }
  if (c.leafIndex !== null) throw new DocumentPayloadError('leafIndex', `must be null for ${k}`);
  return { amountCents: cents(c.amountCents) };
}

/** Every field checked, in one place for writing and reading; the result holds nothing else. */
export function checkClaims(c: Partial<Record<Field, unknown>>): DocumentClaims {
  const k = kind(c.kind);
  return {
    documentNumber: text('documentNumber', c.documentNumber),
    kind: k,
    obNumber: text('obNumber', c.obNumber),
    leafIndex: leaf(c.leafIndex),
    stationId: text('stationId', c.stationId),
    issuedAt: seconds('issuedAt', c.issuedAt),
    eventAt: seconds('eventAt', c.eventAt),
    holderHash: bytes('holderHash', c.holderHash, HOLDER_HASH_BYTES),
    holderSalt: bytes('holderSalt', c.holderSalt, HOLDER_SALT_BYTES),
    issuerKid: kid(c.issuerKid),
    ...receiptPart(k, c),
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
  amountCents: 11,
};
const FIELDS = Object.keys(KEYS) as Field[];
/** Keys only some kinds carry: any other kind never writes them, and is refused when it has them. */
const KIND_FIELDS: Partial<Record<Field, DocumentKind>> = { amountCents: RECEIPT_KIND };
const fieldsOf = (k: DocumentKind) => FIELDS.filter((f) => (KIND_FIELDS[f] ?? k) === k);
const FIELD_OF = new Map(FIELDS.map((f) => [KEYS[f], f]));
// the kind travels as its position in DOCUMENT_KINDS plus one
const kindCode = (k: DocumentKind) => DOCUMENT_KINDS.indexOf(k) + 1;

export function encodeClaims(claims: DocumentClaims): Uint8Array {
  const c = checkClaims(claims);
  const wire = new Map<number, unknown>();
  for (const f of fieldsOf(c.kind)) wire.set(KEYS[f], c[f]);
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
  const code = raw.kind;
  const k = typeof code === 'number' && Number.isInteger(code) ? DOCUMENT_KINDS[code - 1] : undefined;
  raw.kind = k;
  // the keys its kind carries (an unknown kind is refused below, by name, once the common keys are there)
  const fields = k === undefined ? FIELDS.filter((f) => !KIND_FIELDS[f]) : fieldsOf(k);
  for (const f of fields) if (!wire.has(KEYS[f])) throw new DocumentPayloadError(f, 'is missing');
  for (const f of FIELDS)
    if (wire.has(KEYS[f]) && !fields.includes(f))
      throw new DocumentPayloadError('claims', `key ${KEYS[f]} is not part of ${k ?? 'this kind'}`);
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
