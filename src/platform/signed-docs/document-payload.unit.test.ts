import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode } from 'cborg';
import { fromHex, toHex } from './bytes.ts';
import {
  DocumentPayloadError,
  decodeClaims,
  encodeClaims,
  holderHashInput,
  normaliseHolderName,
  type DocumentClaims,
} from './document-payload.ts';
import { realisticAbstract, realisticReceipt } from './fixtures.ts';

const KID = '34750f98bd59fcfc';
const claims = realisticAbstract(KID);

function refusedFor(field: string, run: () => unknown) {
  assert.throws(run, (e: unknown) => e instanceof DocumentPayloadError && e.field === field, field);
}

test("a document's claims round-trip, in at most 140 bytes for a realistic abstract", () => {
  const bytes = encodeClaims(claims);
  assert.ok(bytes.length <= 140, `${bytes.length} bytes`);
  assert.deepEqual(decodeClaims(bytes), claims);
  for (const kind of ['abstract-general', 'abstract-traffic', 'p3'] as const) {
    const other = { ...claims, kind, leafIndex: null };
    assert.deepEqual(decodeClaims(encodeClaims(other)), other);
  }
});

test('the wire form is a map of small integer keys with the kind as a number and the kid as bytes', () => {
  const bytes = encodeClaims(claims);
  assert.equal(bytes[0], 0xaa); // a map of 10
  assert.equal(toHex(bytes.subarray(1, 3)), '0178'); // key 1, then text of one-byte length
  const kidAt = bytes.length - 9;
  assert.equal(toHex(bytes.subarray(kidAt - 1, kidAt + 1)), '0a48'); // key 10, 8 bytes
});

test('writing claims of the wrong shape names the field', () => {
  const bad: [keyof DocumentClaims | 'holderName', Partial<Record<keyof DocumentClaims, unknown>>][] = [
    ['documentNumber', { documentNumber: '' }],
    ['documentNumber', { documentNumber: 'x'.repeat(65) }],
    ['documentNumber', { documentNumber: ' PA/1' }],
    ['kind', { kind: 'abstract_general' }],
    ['obNumber', { obNumber: 12 }],
    ['leafIndex', { leafIndex: -1 }],
    ['leafIndex', { leafIndex: 1.5 }],
    ['stationId', { stationId: undefined }],
    ['issuedAt', { issuedAt: Number.MAX_SAFE_INTEGER + 1 }],
    ['eventAt', { eventAt: '2026-11-30' }],
    ['holderHash', { holderHash: new Uint8Array(32) }],
    ['holderSalt', { holderSalt: 'salt' }],
    ['issuerKid', { issuerKid: '34750F98BD59FCFC' }],
  ];
  for (const [field, change] of bad) refusedFor(field, () => encodeClaims({ ...claims, ...change } as DocumentClaims));
});

test('reading claims refuses any other shape, naming the field', () => {
  const wire = () =>
    new Map<number, unknown>([
      [1, claims.documentNumber],
      [2, 2],
      [3, claims.obNumber],
      [4, claims.leafIndex],
      [5, claims.stationId],
      [6, claims.issuedAt],
      [7, claims.eventAt],
      [8, claims.holderHash],
      [9, claims.holderSalt],
      [10, fromHex(KID)],
    ]);
  assert.deepEqual(decodeClaims(encode(wire())), claims);
  const changed = (key: number, value: unknown) => encode(wire().set(key, value));
  const without = (key: number) => {
    const m = wire();
    m.delete(key);
    return encode(m);
  };
  refusedFor('claims', () => decodeClaims(encode([1, 2])));
  refusedFor('claims', () => decodeClaims(fromHex('a1')));
  refusedFor('claims', () => decodeClaims(changed(11, 'extra')));
  refusedFor('claims', () => decodeClaims(encode(new Map([...wire()].map(([k, v]) => [String(k), v])))));
  refusedFor('eventAt', () => decodeClaims(without(7)));
  refusedFor('kind', () => decodeClaims(changed(2, 5))); // past the last kind (4, a fine receipt)
  refusedFor('kind', () => decodeClaims(changed(2, 'p3')));
  refusedFor('leafIndex', () => decodeClaims(changed(4, 2n ** 64n - 1n)));
  refusedFor('issuedAt', () => decodeClaims(changed(6, -5)));
  refusedFor('issuedAt', () => decodeClaims(changed(6, 1.5)));
  refusedFor('holderHash', () => decodeClaims(changed(8, new Uint8Array(15))));
  refusedFor('issuerKid', () => decodeClaims(changed(10, KID)));
  refusedFor('issuerKid', () => decodeClaims(changed(10, new Uint8Array(32))));
  // key 1 twice, as a hostile writer could
  const twice = encode(wire());
  refusedFor('claims', () => decodeClaims(new Uint8Array([0xab, ...twice.subarray(1), 0x01, 0x61, 0x78])));
});

test("the holder's name is hashed trimmed, lowercase and in NFC, after the salt", () => {
  assert.equal(normaliseHolderName('  Amina WANJIRU\n'), 'amina wanjiru');
  assert.equal(normaliseHolderName('Zoe\u0308'), 'zo\u00eb');
  const salt = new Uint8Array(16).fill(7);
  assert.deepEqual(holderHashInput(salt, ' Zoë '), new Uint8Array([...salt, 0x7a, 0x6f, 0xc3, 0xab]));
  refusedFor('holderName', () => holderHashInput(salt, '   '));
});

const receipt = realisticReceipt(KID);

test('a fine receipt round-trips with its amount under key 11, and other kinds never carry one', () => {
  const bytes = encodeClaims(receipt);
  assert.equal(bytes[0], 0xab); // a map of 11
  assert.ok(bytes.length <= 140, `${bytes.length} bytes`);
  assert.deepEqual(decodeClaims(bytes), receipt);
  assert.equal(decodeClaims(bytes).amountCents, 3_500_00);
  const abstract = decodeClaims(encodeClaims(claims));
  assert.equal('amountCents' in abstract, false, 'an abstract decodes without an amount');
  // an abstract's encoding is what it always was: ten keys, none of them 11
  assert.equal(encodeClaims(claims)[0], 0xaa);
});

test('a fine receipt of the wrong shape is refused, naming the field', () => {
  const bad: Array<[string, Partial<Record<keyof DocumentClaims, unknown>>]> = [
    ['amountCents', { amountCents: undefined }],
    ['amountCents', { amountCents: 0 }],
    ['amountCents', { amountCents: -100 }],
    ['amountCents', { amountCents: 12.5 }],
    ['amountCents', { amountCents: '3500' }],
    ['amountCents', { amountCents: Number.MAX_SAFE_INTEGER + 1 }],
    ['leafIndex', { leafIndex: 7 }],
  ];
  for (const [field, change] of bad) refusedFor(field, () => encodeClaims({ ...receipt, ...change } as DocumentClaims));
  refusedFor('amountCents', () => encodeClaims({ ...claims, amountCents: 100 }));
});

test('reading a fine receipt refuses a missing amount, an amount on another kind, and a bad amount', () => {
  const wire = () => {
    const m = new Map<number, unknown>([
      [1, receipt.documentNumber],
      [2, 4],
      [3, receipt.obNumber],
      [4, null],
      [5, receipt.stationId],
      [6, receipt.issuedAt],
      [7, receipt.eventAt],
      [8, receipt.holderHash],
      [9, receipt.holderSalt],
      [10, fromHex(KID)],
      [11, receipt.amountCents],
    ]);
    return m;
  };
  assert.deepEqual(decodeClaims(encode(wire())), receipt);
  const m = wire();
  m.delete(11);
  refusedFor('amountCents', () => decodeClaims(encode(m)));
  refusedFor('claims', () => decodeClaims(encode(wire().set(2, 2)))); // an abstract with an amount
  refusedFor('amountCents', () => decodeClaims(encode(wire().set(11, 0))));
  refusedFor('amountCents', () => decodeClaims(encode(wire().set(11, -5))));
  refusedFor('amountCents', () => decodeClaims(encode(wire().set(11, '3500'))));
  refusedFor('leafIndex', () => decodeClaims(encode(wire().set(4, 12))));
});
