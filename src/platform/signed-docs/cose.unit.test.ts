import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { test } from 'node:test';
import { encode, Tagged } from 'cborg';
import { fromHex, toHex } from './bytes.ts';
import { ALG_EDDSA, CoseError, HEADER_ALG, decodeSign1, encodeHeader, sigStructure, signSign1 } from './cose.ts';
import { keyFromSeed } from './fixtures.ts';

/*
 * cose-wg/Examples eddsa-examples/eddsa-sig-01.json ("EdDSA-01: EdDSA - 25519 - sign0"): a
 * COSE_Sign1 of "This is the content." with protected {1: -8, 3: 0}, unprotected {4: '11'}, signed
 * by key "11" of the examples' key set, the RFC 8032 §7.1 TEST 1 key. Ed25519 is deterministic, so
 * these are the bytes to the last one.
 */
const RFC8032_TEST1_SEED = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const EXAMPLE_TO_BE_SIGNED = '846a5369676e61747572653145a2012703004054546869732069732074686520636f6e74656e742e';
const EXAMPLE_SIGN1 =
  'D28445A201270300A10442313154546869732069732074686520636F6E74656E742E58407142FD2FF96D56DB85BEE905A76BA1D0B7321A95C8C4D3607C5781932B7AFB8711497DFA751BF40B58B3BCC32300B1487F3DB34085EEF013BF08F4A44D6FEF0D';

const content = new TextEncoder().encode('This is the content.');

test("COSE_Sign1 with EdDSA reproduces cose-wg's Ed25519 example byte for byte", () => {
  const key = keyFromSeed(RFC8032_TEST1_SEED);
  const protectedHeader = new Map<number, unknown>([
    [HEADER_ALG, ALG_EDDSA],
    [3, 0],
  ]);
  const unprotected = new Map<number, unknown>([[4, new TextEncoder().encode('11')]]);
  assert.equal(toHex(sigStructure(encodeHeader(protectedHeader), content)), EXAMPLE_TO_BE_SIGNED);
  const sign1 = signSign1(protectedHeader, unprotected, content, (tbs) => sign(null, tbs, key));
  assert.equal(toHex(sign1), EXAMPLE_SIGN1.toLowerCase());
});

test('a COSE_Sign1 reads back as its parts, the protected header kept as the bytes signed', () => {
  const read = decodeSign1(fromHex(EXAMPLE_SIGN1));
  assert.equal(toHex(read.protectedBytes), 'a201270300');
  assert.deepEqual(
    [...read.protectedHeader],
    [
      [1, -8],
      [3, 0],
    ],
  );
  assert.deepEqual(read.unprotectedHeader.get(4), new TextEncoder().encode('11'));
  assert.deepEqual(read.payload, content);
  assert.equal(toHex(read.signature).slice(0, 8), '7142fd2f');
  assert.equal(toHex(sigStructure(read.protectedBytes, read.payload)), EXAMPLE_TO_BE_SIGNED);
});

test('an empty protected header is an empty byte string (RFC 9052 §3)', () => {
  assert.equal(encodeHeader(new Map()).length, 0);
  const sign1 = signSign1(new Map(), new Map(), content, () => new Uint8Array(64));
  assert.equal(decodeSign1(sign1).protectedHeader.size, 0);
});

test('anything but a tagged COSE_Sign1 with an attached payload is a CoseError', () => {
  const sig = new Uint8Array(64);
  const prot = encode(new Map([[1, -8]]));
  const cases: [string, Uint8Array, RegExp][] = [
    ['not CBOR', fromHex('ff'), /not well-formed CBOR/],
    ['untagged', encode([prot, new Map(), content, sig]), /tag 18/],
    ['tagged as a COSE_Sign (98)', encode(new Tagged(98, [prot, new Map(), content, sig])), /not well-formed CBOR/],
    ['three parts', encode(new Tagged(18, [prot, new Map(), content])), /array of four/],
    ['detached payload', encode(new Tagged(18, [prot, new Map(), null, sig])), /detached/],
    [
      'protected header as a map',
      encode(new Tagged(18, [new Map([[1, -8]]), new Map(), content, sig])),
      /protected header is not a byte string/,
    ],
    [
      'protected header not a map',
      encode(new Tagged(18, [encode([1, -8]), new Map(), content, sig])),
      /protected header is not a map/,
    ],
    [
      'unprotected header not a map',
      encode(new Tagged(18, [prot, [], content, sig])),
      /unprotected header is not a map/,
    ],
    [
      'a label twice',
      encode(new Tagged(18, [prot, new Map([[1, -8]]), content, sig])),
      /both protected and unprotected/,
    ],
    [
      'trailing bytes',
      new Uint8Array([...encode(new Tagged(18, [prot, new Map(), content, sig])), 0]),
      /not well-formed/,
    ],
    ['truncated', encode(new Tagged(18, [prot, new Map(), content, sig])).subarray(0, 40), /not well-formed/],
    // the payload's length, 20, written in two bytes
    [
      'a length in more bytes than it needs',
      fromHex(`d28443a10127a05814${toHex(content)}5840${toHex(sig)}`),
      /more bytes than necessary/,
    ],
  ];
  for (const [what, bytes, message] of cases)
    assert.throws(
      () => decodeSign1(bytes),
      (e: unknown) => e instanceof CoseError && message.test(e.message),
      what,
    );
});
