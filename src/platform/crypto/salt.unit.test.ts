import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomSalt } from './index.ts';

test('salts are 32 random bytes each, never the same bytes twice, also across draws from the CSPRNG', () => {
  const salts = Array.from({ length: 1000 }, () => randomSalt());
  assert.ok(salts.every((s) => s.length === 32));
  assert.equal(new Set(salts.map((s) => s.toString('hex'))).size, salts.length);
  // a salt handed out is not overwritten by the next draw
  const first = Buffer.from(salts[0]!);
  for (let i = 0; i < 1000; i++) randomSalt();
  assert.ok(salts[0]!.equals(first));
});
