import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE45_ALPHABET, Base45Error, decodeBase45, encodeBase45 } from './base45.ts';

const ascii = (s: string) => new TextEncoder().encode(s);

// RFC 9285 §4.3 (encoding) and §4.4 (decoding)
const RFC_EXAMPLES: [string, string][] = [
  ['AB', 'BB8'],
  ['Hello!!', '%69 VD92EX0'],
  ['base-45', 'UJCLQE7W581'],
  ['ietf!', 'QED8WEX0'],
];

test("Base45 encodes and decodes RFC 9285's examples", () => {
  for (const [plain, encoded] of RFC_EXAMPLES) {
    assert.equal(encodeBase45(ascii(plain)), encoded, plain);
    assert.deepEqual(decodeBase45(encoded), ascii(plain), encoded);
  }
  assert.equal(encodeBase45(new Uint8Array(0)), '');
  assert.deepEqual(decodeBase45(''), new Uint8Array(0));
});

test('Base45 round-trips every length and the extremes of a byte pair', () => {
  for (let n = 0; n <= 64; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n * 7) & 0xff);
    const text = encodeBase45(bytes);
    assert.equal(text.length, Math.floor(n / 2) * 3 + (n % 2) * 2);
    assert.ok([...text].every((c) => BASE45_ALPHABET.includes(c)));
    assert.deepEqual(decodeBase45(text), bytes);
  }
  for (const bytes of [[0xff, 0xff], [0, 0], [0xff], [0]])
    assert.deepEqual(decodeBase45(encodeBase45(Uint8Array.from(bytes))), Uint8Array.from(bytes));
  assert.equal(encodeBase45(Uint8Array.from([0xff, 0xff])), 'FGW');
});

test('Base45 refuses what no encoder writes, saying where', () => {
  const refuses = (text: string, message: RegExp) =>
    assert.throws(
      () => decodeBase45(text),
      (e: unknown) => e instanceof Base45Error && message.test(e.message),
      text,
    );
  refuses('GGW', /characters 0-2 stand for 65536/); // one more than two bytes hold (RFC 9285 §6)
  refuses('BB8:;', /";" at position 4 is not in the alphabet/);
  refuses('bb8', /"b" at position 0/); // lowercase is not Base45
  refuses('BB8é0', /"é" at position 3/);
  refuses('BB8A', /length of 4 characters is impossible/);
  refuses('::', /last two characters stand for 2024/);
  refuses('BB86 ', /last two characters stand for 1626/);
});
