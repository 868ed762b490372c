import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isGsm7, plainForSms } from './gsm7.ts';

test('typographic characters become plain, so an amount, a quote or a dash keeps a message in GSM-7', () => {
  const formatted = 'Pay Ksh\u00a03,500 \u2013 \u201cnever cash\u201d \u2026 it\u2019s free';
  assert.equal(isGsm7(formatted), false);
  const plain = plainForSms(formatted);
  assert.equal(plain, 'Pay Ksh 3,500 - "never cash" ... it\'s free');
  assert.equal(isGsm7(plain), true);
  assert.equal(
    plainForSms('Nambari ya risiti: 1234 ĩ ũ'),
    'Nambari ya risiti: 1234 ĩ ũ',
    'letters are left as they are',
  );
});
