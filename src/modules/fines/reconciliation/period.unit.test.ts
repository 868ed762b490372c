import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadInput } from '../../../platform/http/errors.ts';
import { readPeriod } from './service.ts';

const zone = 'Africa/Nairobi';
/** 00:30 on Tuesday 1 December in Nairobi: still Monday 30 November in UTC. */
const now = new Date('2026-12-01T00:30:00+03:00');

const field = (typed: { from?: unknown; to?: unknown }) => {
  try {
    readPeriod(typed, now, zone);
  } catch (error) {
    assert.ok(error instanceof BadInput);
    return error.problems.map((p) => `${p.field}: ${p.message}`).join();
  }
  return 'accepted';
};

test('without days, the period is the day before in Nairobi, from its midnight to the next', () => {
  assert.deepEqual(readPeriod({}, now, zone), {
    fromDate: '2026-11-30',
    toDate: '2026-11-30',
    start: new Date('2026-11-29T21:00:00Z'),
    end: new Date('2026-11-30T21:00:00Z'),
  });
  assert.deepEqual(readPeriod({ from: '', to: ' ' }, now, zone).fromDate, '2026-11-30');
});

test('one day given is that day; two are both included; today may be asked for', () => {
  assert.equal(readPeriod({ to: '2026-11-02' }, now, zone).fromDate, '2026-11-02');
  const month = readPeriod({ from: '2026-11-01', to: '2026-12-01' }, now, zone);
  assert.equal(month.end.toISOString(), '2026-12-01T21:00:00.000Z');
});

test('a day that is no day, backwards, beyond today or longer than a year is refused, naming the field', () => {
  assert.equal(field({ from: '2026-02-30' }), 'from: fines.reconciliation.error.date');
  assert.equal(field({ to: 20261130 }), 'accepted', 'a number is no day given: yesterday');
  assert.equal(field({ from: '2026-11-30', to: '30/11/2026' }), 'to: fines.reconciliation.error.date');
  assert.equal(field({ from: '2026-11-30', to: '2026-11-29' }), 'to: fines.reconciliation.error.order');
  assert.equal(field({ to: '2026-12-02' }), 'to: fines.reconciliation.error.future');
  assert.equal(field({ from: '2025-11-29', to: '2026-11-30' }), 'from: fines.reconciliation.error.tooLong');
  assert.equal(field({ from: '2025-11-30', to: '2026-11-30' }), 'accepted', '366 days');
});
