import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noticeNumber } from '../notice-number.ts';
import { noticeNumbersIn, parseStatement, statementAmountCents } from './statement.ts';

const zone = 'Africa/Nairobi';

test('amounts: shillings with decimals, thousands separators, debits negative; anything else is not one', () => {
  assert.equal(statementAmountCents('3500.00'), 350_000);
  assert.equal(statementAmountCents('3,500.5'), 350_050);
  assert.equal(statementAmountCents('500'), 50_000);
  assert.equal(statementAmountCents('-200.00'), -20_000);
  for (const bad of ['', 'KES 500', '5.001', '35,00.00', '1e3', '500.00 CR']) {
    assert.equal(statementAmountCents(bad), undefined, bad);
  }
});

test('notice numbers in a narrative: together or in groups, only when the check digit holds', () => {
  const a = noticeNumber(1234);
  const b = noticeNumber(56789);
  assert.deepEqual(noticeNumbersIn(`FINE ${a} KDJ482M`), [a]);
  assert.deepEqual(noticeNumbersIn(`fine ${a.slice(0, 3)} ${a.slice(3, 6)} ${a.slice(6, 9)} ${a.slice(9)}`), [a]);
  assert.deepEqual(noticeNumbersIn(`${a}/${b} and ${a} again`), [a, b]);
  const typo = `${a.slice(0, 9)}${(Number(a[9]) + 1) % 10}`;
  assert.deepEqual(noticeNumbersIn(`FINE ${typo}`), []);
  assert.deepEqual(noticeNumbersIn(`account 9${a}`), [], 'eleven digits are not a notice number');
  assert.deepEqual(noticeNumbersIn('cash deposit'), []);
});

test('a statement: columns by name in any order, quoted fields, blank lines skipped, bad lines refused with their number', () => {
  const csv = [
    '\ufeffReference,Date,Amount,Narrative,Balance',
    'FT1,2026-11-30,"3,500.00","FINE 0000012344, Otieno",10',
    '',
    'FT2,2026-11-30 14:05,-100.00,charges,9',
    'FT3,30/11/2026,100.00,x,1',
    'FT 4,2026-11-30,100.00,x,1',
    'FT5,2026-11-30,0.00,x,1',
    'FT6,2026-11-30,lots,x,1',
    'FT7,2026-02-30,100.00,x,1',
    'FT8,2026-11-30',
  ].join('\r\n');
  const read = parseStatement(csv, zone);
  assert.deepEqual(read[0], {
    line: 2,
    ok: true,
    value: {
      line: 2,
      paidAt: new Date('2026-11-29T21:00:00Z'),
      reference: 'FT1',
      narrative: 'FINE 0000012344, Otieno',
      amountCents: 350_000,
    },
  });
  assert.equal(read[1]!.ok && read[1]!.value.paidAt.toISOString(), '2026-11-30T11:05:00.000Z');
  assert.equal(read[1]!.ok && read[1]!.value.amountCents, -10_000);
  const refused = read.slice(2).map((r) => (r.ok ? `ok ${r.line}` : `${r.line}: ${r.reason}`));
  assert.equal(refused.length, 6);
  assert.match(refused[0]!, /^5: date/);
  assert.match(refused[1]!, /^6: reference/);
  assert.match(refused[2]!, /^7: amount is 0/);
  assert.match(refused[3]!, /^8: amount "lots"/);
  assert.match(refused[4]!, /^9: date/);
  assert.match(refused[5]!, /^10: 2 columns/);
});

test('a statement without the named columns is refused whole', () => {
  assert.deepEqual(parseStatement('when,ref,text,value\n2026-11-30,FT1,x,100.00', zone), [
    { line: 1, ok: false, reason: 'the first line must name the columns date,reference,narrative,amount' },
  ]);
  assert.equal(parseStatement('', zone)[0]?.ok, false);
});
