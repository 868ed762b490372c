/** Keys and documents for the tests and the benchmark: fixed, so that every run signs the same bytes. */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { encode } from 'cborg';
import { BASE45_ALPHABET, encodeBase45 } from './base45.ts';
import { concatBytes, fromHex } from './bytes.ts';
import { ALG_EDDSA, HEADER_ALG, HEADER_KID, decodeSign1, encodeSign1, signSign1, type HeaderMap } from './cose.ts';
import { encodeClaims, type DocumentClaims } from './document-payload.ts';
import { ed25519Signer, holderNameHash, kidOf, rawPublicKey, sealDocument } from './node.ts';
import { DOCUMENT_PREFIX, MAX_TEXT_CHARS, type DocumentSigner, type Refusal, type TrustedKey } from './qr-text.ts';

// PKCS#8 DER of an Ed25519 private key up to its 32-byte seed (RFC 8410)
const PKCS8_ED25519 = fromHex('302e020100300506032b657004220420');

export function keyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

export interface TestKey {
  privateKey: KeyObject;
  signer: DocumentSigner;
  publicKey: Uint8Array;
  kid: string;
}

/** The n-th test key (its seed is n repeated). */
export function testKey(n: number): TestKey {
  const privateKey = keyFromSeed(new Uint8Array(32).fill(n));
  const publicKey = rawPublicKey(privateKey);
  return { privateKey, signer: ed25519Signer(privateKey), publicKey, kid: kidOf(publicKey) };
}

export function trusted(key: TestKey, from: number, until?: number): TrustedKey {
  return { kid: key.kid, publicKey: key.publicKey, from, ...(until === undefined ? {} : { until }) };
}

export const HOLDER = 'Amina Wanjiru Otieno';
const SALT = fromHex('6a1f0c9e5b2d48a7c3e1f09b7d5a2c64');

/** A police abstract for a traffic accident, as a Nairobi station would issue it. */
export function realisticAbstract(kid: string, overrides: Partial<DocumentClaims> = {}): DocumentClaims {
  return {
    documentNumber: 'PA/NAIROBI-CENTRAL/2026/12345',
    kind: 'abstract-traffic',
    obNumber: '1234/30/11/2026',
    leafIndex: 48_213_377,
    stationId: 'nairobi-central',
    issuedAt: 1_796_000_000,
    eventAt: 1_795_950_000,
    holderHash: holderNameHash(SALT, HOLDER),
    holderSalt: SALT,
    issuerKid: kid,
    ...overrides,
  };
}

/** A receipt for a traffic fine paid by M-Pesa at a Mombasa station. */
export function realisticReceipt(kid: string, overrides: Partial<DocumentClaims> = {}): DocumentClaims {
  return {
    documentNumber: 'FR-2026004217',
    kind: 'fine-receipt',
    obNumber: '2026004217',
    leafIndex: null,
    stationId: 'mombasa-central',
    issuedAt: 1_796_000_060,
    eventAt: 1_796_000_000,
    holderHash: holderNameHash(SALT, HOLDER),
    holderSalt: SALT,
    issuerKid: kid,
    amountCents: 3_500_00,
    ...overrides,
  };
}

/** A COSE_Sign1's bytes as QR text, however it was made. */
export function textOf(sign1: Uint8Array, tail: Uint8Array = new Uint8Array(0)): string {
  return DOCUMENT_PREFIX + encodeBase45(concatBytes(deflateSync(sign1), tail));
}

/** A COSE_Sign1 signed properly by `key` over whatever headers and payload it is given. */
export function signedBy(key: TestKey, payload: Uint8Array, protectedHeader?: HeaderMap, unprotected?: HeaderMap) {
  const header =
    protectedHeader ??
    new Map<number, unknown>([
      [HEADER_ALG, ALG_EDDSA],
      [HEADER_KID, fromHex(key.kid)],
    ]);
  return signSign1(header, unprotected ?? new Map(), payload, (tbs) => sign(null, tbs, key.privateKey));
}

/** Texts no genuine document has, each with the refusal it gets from a trust list holding `key` from 0. */
export function hostileTexts(key: TestKey): [string, unknown, Refusal][] {
  const genuine = sealDocument(realisticAbstract(key.kid), key.signer);
  const payload = encodeClaims(realisticAbstract(key.kid));
  const kidBytes = fromHex(key.kid);
  const good = signedBy(key, payload);
  const sign1 = decodeSign1(good);
  const flipped = Uint8Array.from(sign1.signature, (b, i) => (i === 10 ? b ^ 1 : b));
  const withSignature = (signature: Uint8Array) => encodeSign1({ ...sign1, signature });
  return [
    ['not text', undefined, 'wrong-prefix'],
    ['empty', '', 'wrong-prefix'],
    ["an EU certificate's prefix", 'HC1:' + genuine.slice(DOCUMENT_PREFIX.length), 'wrong-prefix'],
    ['a prefix in lowercase', genuine.replace('NPS1:', 'nps1:'), 'wrong-prefix'],
    ['longer than any document', DOCUMENT_PREFIX + '0'.repeat(MAX_TEXT_CHARS), 'too-large'],
    ['a zlib bomb', textOf(new Uint8Array(200_000)), 'too-large'],
    ['lowercase Base45', DOCUMENT_PREFIX + genuine.slice(DOCUMENT_PREFIX.length).toLowerCase(), 'malformed'],
    ['an impossible Base45 length', genuine + 'A', 'malformed'],
    ['not zlib', DOCUMENT_PREFIX + encodeBase45(payload), 'malformed'],
    ['truncated by two bytes', genuine.slice(0, -3), 'malformed'],
    ['truncated to half', genuine.slice(0, DOCUMENT_PREFIX.length + 150), 'malformed'],
    ['data after the zlib stream', textOf(good, Uint8Array.of(1, 2, 3)), 'malformed'],
    ['CBOR of the wrong shape', textOf(encode([1, 2, 3])), 'malformed'],
    ['untagged', textOf(encode([sign1.protectedBytes, new Map(), payload, sign1.signature])), 'malformed'],
    [
      'ES256 instead of EdDSA',
      textOf(
        signedBy(
          key,
          payload,
          new Map<number, unknown>([
            [HEADER_ALG, -7],
            [HEADER_KID, kidBytes],
          ]),
        ),
      ),
      'malformed',
    ],
    [
      'the kid unprotected',
      textOf(signedBy(key, payload, new Map([[HEADER_ALG, ALG_EDDSA]]), new Map([[HEADER_KID, kidBytes]]))),
      'malformed',
    ],
    ['a 63-byte signature', textOf(withSignature(sign1.signature.subarray(0, 63))), 'malformed'],
    ['a signature with one bit changed', textOf(withSignature(flipped)), 'bad-signature'],
    ['signed claims of the wrong shape', textOf(signedBy(key, encode(new Map([[1, 'PA/X/2026/1']])))), 'malformed'],
    [
      'signed claims naming another key',
      textOf(signedBy(key, encodeClaims(realisticAbstract(testKey(9).kid)))),
      'malformed',
    ],
    [
      'signed by a key not in the list',
      sealDocument(realisticAbstract(testKey(9).kid), testKey(9).signer),
      'unknown-key',
    ],
  ];
}

/** Every text that differs from `text` in one character: the next and a far letter of the alphabet, and one outside it. */
export function oneCharacterChanges(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const at = BASE45_ALPHABET.indexOf(text[i]!);
    for (const c of [BASE45_ALPHABET[(at + 1) % 45]!, BASE45_ALPHABET[(at + 23) % 45]!, 'a'])
      out.push(text.slice(0, i) + c + text.slice(i + 1));
  }
  return out;
}
