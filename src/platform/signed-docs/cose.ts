/**
 * COSE_Sign1 (RFC 9052 §4.2): tag 18 over [protected header as bytes, unprotected header map,
 * payload, signature]; the signature is over the Sig_structure
 * ["Signature1", protected header bytes, external_aad, payload] (§4.4). Structure only: the
 * signing and verifying themselves are the caller's, so this file runs in Node and in a browser.
 */
import { decode, encode, Tagged, type DecodeOptions } from 'cborg';

export const COSE_SIGN1_TAG = 18;
export const HEADER_ALG = 1;
export const HEADER_KID = 4;
/** EdDSA (RFC 9053 §2.2); with an OKP key on Ed25519 it is Ed25519. */
export const ALG_EDDSA = -8;

export type HeaderMap = Map<number | string, unknown>;

export interface Sign1 {
  /** The protected header exactly as sent: it is signed as these bytes, not as the map. */
  protectedBytes: Uint8Array;
  protectedHeader: HeaderMap;
  unprotectedHeader: HeaderMap;
  payload: Uint8Array;
  signature: Uint8Array;
}

export class CoseError extends Error {
  override name = 'CoseError';
}

// shortest forms only, no indefinite lengths, no repeated labels: one byte string per message
const strictCbor: DecodeOptions = {
  strict: true,
  useMaps: true,
  rejectDuplicateMapKeys: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowBigInt: false,
};

export function sigStructure(
  protectedBytes: Uint8Array,
  payload: Uint8Array,
  externalAad: Uint8Array = new Uint8Array(0),
): Uint8Array {
  return encode(['Signature1', protectedBytes, externalAad, payload]);
}

export function encodeHeader(header: HeaderMap): Uint8Array {
  // an empty protected header is the empty byte string, not an encoded empty map (RFC 9052 §3)
  return header.size === 0 ? new Uint8Array(0) : encode(header);
}

export function encodeSign1(sign1: Omit<Sign1, 'protectedHeader'>): Uint8Array {
  return encode(
    new Tagged(COSE_SIGN1_TAG, [sign1.protectedBytes, sign1.unprotectedHeader, sign1.payload, sign1.signature]),
  );
}

/** Signs payload with the given protected header; `sign` takes the Sig_structure's bytes. */
export function signSign1(
  protectedHeader: HeaderMap,
  unprotectedHeader: HeaderMap,
  payload: Uint8Array,
  sign: (toBeSigned: Uint8Array) => Uint8Array,
): Uint8Array {
  const protectedBytes = encodeHeader(protectedHeader);
  const signature = sign(sigStructure(protectedBytes, payload));
  return encodeSign1({ protectedBytes, unprotectedHeader, payload, signature });
}

function decodeStrict(bytes: Uint8Array, what: string, options: DecodeOptions = strictCbor): unknown {
  try {
    return decode(bytes, options);
  } catch (e) {
    throw new CoseError(`${what} is not well-formed CBOR (${(e as Error).message})`);
  }
}

function headerMap(value: unknown, what: string): HeaderMap {
  if (!(value instanceof Map)) throw new CoseError(`${what} is not a map`);
  for (const label of value.keys())
    if (typeof label !== 'string' && !(typeof label === 'number' && Number.isInteger(label)))
      throw new CoseError(`${what} has a label that is neither an integer nor text`);
  return value as HeaderMap;
}

/** Reads a tagged COSE_Sign1 with an attached payload; anything else is a CoseError. */
export function decodeSign1(bytes: Uint8Array): Sign1 {
  const value = decodeStrict(bytes, 'COSE_Sign1', {
    ...strictCbor,
    tags: { [COSE_SIGN1_TAG]: Tagged.decoder(COSE_SIGN1_TAG) },
  });
  if (!(value instanceof Tagged) || value.tag !== COSE_SIGN1_TAG) throw new CoseError('not a COSE_Sign1 (tag 18)');
  const parts: unknown = value.value;
  if (!Array.isArray(parts) || parts.length !== 4) throw new CoseError('a COSE_Sign1 is an array of four');
  const [protectedBytes, unprotected, payload, signature] = parts as unknown[];
  if (!(protectedBytes instanceof Uint8Array)) throw new CoseError('the protected header is not a byte string');
  if (!(payload instanceof Uint8Array))
    throw new CoseError('the payload is not a byte string (detached payloads are not read)');
  if (!(signature instanceof Uint8Array)) throw new CoseError('the signature is not a byte string');
  const protectedHeader =
    protectedBytes.length === 0
      ? new Map()
      : headerMap(decodeStrict(protectedBytes, 'protected header'), 'the protected header');
  const unprotectedHeader = headerMap(unprotected, 'the unprotected header');
  for (const label of protectedHeader.keys())
    if (unprotectedHeader.has(label)) throw new CoseError(`header ${label} is both protected and unprotected`);
  return { protectedBytes, protectedHeader, unprotectedHeader, payload, signature };
}
