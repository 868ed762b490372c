import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { checkCode, checkCodeMatches, normaliseCheckCode } from '../check-code.ts';

const secret = 'test-secret-0123456789-0123456789-abcdef';

test("a document's check code is the first 40 bits of its HMAC in Crockford Base32, grouped 4-4", () => {
  const number = 'PA/SALAMA/2026/1';
  const mac = createHmac('sha256', secret).update(`document-check${number}`).digest();
  const bits = BigInt(`0x${mac.subarray(0, 5).toString('hex')}`);
  let expected = '';
  for (let i = 7; i >= 0; i--) expected += '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[Number((bits >> BigInt(i * 5)) & 31n)];
  assert.equal(checkCode(secret, number), `${expected.slice(0, 4)}-${expected.slice(4)}`);
  assert.match(checkCode(secret, number), /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.notEqual(checkCode(secret, 'PA/SALAMA/2026/2'), checkCode(secret, number));
  assert.notEqual(checkCode(`${secret}x`, number), checkCode(secret, number));
});

test('a check code is read as people type it, by Crockford’s rules', () => {
  assert.equal(normaliseCheckCode(' 7kq4 m2xd '), '7KQ4-M2XD');
  assert.equal(normaliseCheckCode('oIL4-M2XD'), '0114-M2XD');
  for (const wrong of ['', '7KQ4-M2X', '7KQ4-M2XDD', '7KQ4-M2XU', '7KQ4_M2XD'])
    assert.equal(normaliseCheckCode(wrong), undefined, wrong);
});

test('the typed code matches its own document only', () => {
  const code = checkCode(secret, 'P3/KASARANI/2026/12');
  assert.ok(checkCodeMatches(secret, 'P3/KASARANI/2026/12', code.toLowerCase().replace('-', ' ')));
  assert.ok(!checkCodeMatches(secret, 'P3/KASARANI/2026/13', code));
  assert.ok(!checkCodeMatches(secret, 'P3/KASARANI/2026/12', 'not a code'));
});
