import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDigit, noticeNumber, printedNoticeNumber, readNoticeNumber } from './notice-number.ts';

test('the check digit is Damm’s (the published example: 572 → 4)', () => {
  assert.equal(checkDigit('572'), 4);
  assert.equal(noticeNumber(572), '0000005724');
  assert.equal(readNoticeNumber('0000005724'), '0000005724');
});

test('every single wrong digit and every swap of neighbouring digits is caught', () => {
  for (const serial of [1, 572, 123456789, 900000001, 314159265]) {
    const number = noticeNumber(serial);
    assert.equal(readNoticeNumber(number), number);
    for (let i = 0; i < number.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === number[i]) continue;
        const typo = number.slice(0, i) + d + number.slice(i + 1);
        assert.equal(readNoticeNumber(typo), undefined, `${typo} (digit ${i + 1} of ${number})`);
      }
      if (i + 1 < number.length && number[i] !== number[i + 1]) {
        const swapped = number.slice(0, i) + number[i + 1] + number[i] + number.slice(i + 2);
        assert.equal(readNoticeNumber(swapped), undefined, `${swapped} (swap in ${number})`);
      }
    }
  }
});

test('a number is read as people type it, and what cannot be one is not', () => {
  const number = noticeNumber(123456789);
  assert.equal(readNoticeNumber(printedNoticeNumber(number)), number);
  assert.equal(readNoticeNumber(` ${number.slice(0, 5)}-${number.slice(5)} `), number);
  for (const bad of ['', '12345', `${number}1`, 'ABCDEFGHIJ', `${number.slice(0, 9)}x`])
    assert.equal(readNoticeNumber(bad), undefined);
  assert.throws(() => noticeNumber(0));
  assert.throws(() => noticeNumber(10 ** 9));
});
