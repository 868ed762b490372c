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
import { realisticAbstract } from './fixtures.ts';

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
  refusedFor('kind', () => decodeClaims(changed(2, 4)));
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
