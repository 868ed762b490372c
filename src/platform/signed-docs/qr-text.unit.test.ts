import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE45_ALPHABET } from './base45.ts';
import { DocumentPayloadError } from './document-payload.ts';
import {
  HOLDER,
  hostileTexts,
  oneCharacterChanges,
  realisticAbstract,
  realisticReceipt,
  testKey,
  trusted,
} from './fixtures.ts';
import { kidOf, nameMatches, newHolder, openDocument, sealDocument } from './node.ts';
import { DOCUMENT_PREFIX, TrustListError, type OpenResult } from './qr-text.ts';

const key = testKey(1);
const trustList = [trusted(key, 0)];
const claims = realisticAbstract(key.kid);
const text = sealDocument(claims, key.signer);

test('a sealed abstract opens as genuine with its claims and its key id', () => {
  assert.deepEqual(openDocument(text, trustList), { genuine: true, claims, kid: key.kid });
  const p3 = realisticAbstract(key.kid, { kind: 'p3', documentNumber: 'P3/SALAMA/2026/3', leafIndex: null });
  assert.deepEqual(openDocument(sealDocument(p3, key.signer), trustList), { genuine: true, claims: p3, kid: key.kid });
});

test("a realistic abstract's QR text is under 550 characters, all in QR's alphanumeric set", () => {
  assert.ok(text.startsWith(DOCUMENT_PREFIX));
  assert.ok(text.length < 550, `${text.length} characters`);
  assert.ok(
    [...text].every((c) => BASE45_ALPHABET.includes(c)),
    text,
  );
  // the longest fields Sauti allows still fit one QR code
  const long = realisticAbstract(key.kid, {
    documentNumber: 'X'.repeat(64),
    obNumber: '9'.repeat(64),
    stationId: 's'.repeat(64),
    leafIndex: Number.MAX_SAFE_INTEGER,
  });
  assert.ok(sealDocument(long, key.signer).length < 700);
});

test('a kid is the first 8 bytes of SHA-256 of the raw public key', () => {
  assert.match(key.kid, /^[0-9a-f]{16}$/);
  // RFC 8032 §7.1 TEST 1's public key; SHA-256 of it computed independently (sha256sum)
  const rfcKey = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
  assert.equal(kidOf(rfcKey), '21fe31dfa154a261');
});

test('every one-character change anywhere in the text makes it not genuine, and never throws', () => {
  const changes = oneCharacterChanges(text);
  assert.equal(changes.length, text.length * 3);
  const reasons = new Map<string, number>();
  for (const changed of changes) {
    const result = openDocument(changed, trustList);
    assert.equal(result.genuine, false, changed);
    if (!result.genuine) reasons.set(result.reason, (reasons.get(result.reason) ?? 0) + 1);
  }
  assert.ok((reasons.get('malformed') ?? 0) > changes.length / 2, JSON.stringify([...reasons]));
});

test('hostile and damaged texts get the refusal that names what is wrong, never an exception', () => {
  for (const [what, hostile, reason] of hostileTexts(key))
    assert.deepEqual(openDocument(hostile as string, trustList), { genuine: false, reason }, what);
});

test('random text after the prefix never throws', () => {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  for (let i = 0; i < 3000; i++) {
    const length = next() % 700;
    const body = Array.from({ length }, () => BASE45_ALPHABET[next() % 45]).join('');
    const result = openDocument(DOCUMENT_PREFIX + body, trustList);
    assert.equal(result.genuine, false);
  }
});

test('a document signed while its key was in service stays genuine after the key is retired', () => {
  const old = testKey(2);
  const current = testKey(3);
  const rotatedAt = 1_790_000_000;
  const list = [trusted(old, 1_700_000_000, rotatedAt), trusted(current, rotatedAt)];
  const sealed = (k: typeof old, issuedAt: number) =>
    openDocument(sealDocument(realisticAbstract(k.kid, { issuedAt, eventAt: issuedAt - 3600 }), k.signer), list);
  const reason = (r: OpenResult) => (r.genuine ? 'genuine' : r.reason);

  assert.equal(reason(sealed(old, rotatedAt - 1)), 'genuine');
  assert.equal(reason(sealed(current, rotatedAt)), 'genuine');
  assert.equal(reason(sealed(old, rotatedAt)), 'key-retired');
  assert.equal(reason(sealed(current, rotatedAt - 1)), 'key-not-yet-valid');
  assert.equal(reason(sealed(old, 1_600_000_000)), 'key-not-yet-valid');
  // a key left out of the list (as a leaked one is) makes its documents unknown, old or new
  const withoutOld = [trusted(current, rotatedAt)];
  const oldDocument = sealDocument(realisticAbstract(old.kid, { issuedAt: rotatedAt - 1 }), old.signer);
  assert.deepEqual(openDocument(oldDocument, withoutOld), { genuine: false, reason: 'unknown-key' });
  // a key listed twice (in service again later) is tried in each of its periods
  const again = [trusted(old, 1_700_000_000, rotatedAt), trusted(old, 1_800_000_000)];
  assert.equal(
    reason(openDocument(sealDocument(realisticAbstract(old.kid, { issuedAt: 1_800_000_001 }), old.signer), again)),
    'genuine',
  );
  assert.equal(
    reason(openDocument(sealDocument(realisticAbstract(old.kid, { issuedAt: 1_795_000_000 }), old.signer), again)),
    'key-retired',
  );
});

test('a trust list entry whose kid is not its key, or whose key is not 32 bytes, is a TrustListError', () => {
  assert.throws(() => openDocument(text, [{ ...trusted(key, 0), publicKey: testKey(4).publicKey }]), TrustListError);
  assert.throws(
    () => openDocument(text, [{ ...trusted(key, 0), publicKey: key.publicKey.subarray(1) }]),
    TrustListError,
  );
  assert.throws(() => openDocument(text, [{ ...trusted(key, 0), from: Number.NaN }]), TrustListError);
});

test('sealing refuses claims of the wrong shape and claims naming another key than the signer', () => {
  assert.throws(() => sealDocument({ ...claims, obNumber: '' }, key.signer), DocumentPayloadError);
  assert.throws(() => sealDocument(realisticAbstract(testKey(5).kid), key.signer), /issuerKid/);
});

test("a verifier's typed name matches the holder's whatever its case, surrounding spaces or Unicode form", () => {
  const opened = openDocument(text, trustList);
  assert.ok(opened.genuine);
  for (const typed of [HOLDER, '  amina wanjiru otieno ', 'AMINA WANJIRU OTIENO'])
    assert.equal(nameMatches(opened.claims, typed), true, typed);
  for (const typed of ['Amina Wanjiku Otieno', 'Amina Otieno', '', '   '])
    assert.equal(nameMatches(opened.claims, typed), false, typed);

  const holder = newHolder('Zoë Njeri');
  const zoe = realisticAbstract(key.kid, holder);
  assert.equal(nameMatches(zoe, 'ZOE\u0308 NJERI'), true);
  assert.notDeepEqual(newHolder('Zoë Njeri').holderSalt, holder.holderSalt);
});

test('a sealed fine receipt opens as genuine with its amount; any one character changed is refused', () => {
  const receipt = realisticReceipt(key.kid);
  const sealed = sealDocument(receipt, key.signer);
  assert.ok(sealed.length < 550, `${sealed.length} characters`);
  const opened = openDocument(sealed, trustList);
  assert.deepEqual(opened, { genuine: true, claims: receipt, kid: key.kid });
  assert.equal(opened.genuine && opened.claims.amountCents, 3_500_00);
  assert.equal(nameMatches(receipt, HOLDER.toUpperCase()), true);
  for (const changed of oneCharacterChanges(sealed)) assert.equal(openDocument(changed, trustList).genuine, false);
  assert.deepEqual(openDocument(sealed, [trusted(testKey(2), 0)]), { genuine: false, reason: 'unknown-key' });
});
