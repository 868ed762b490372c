import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clock } from './clock.ts';

const HOUR = 3600_000;

test('the clock is real unless set; set, it stands still until moved or reset', () => {
  const clock = new Clock();
  assert.equal(clock.isSet, false);
  const before = Date.now();
  const now = clock.now().getTime();
  assert.ok(now >= before && now <= Date.now(), 'unset, it reads the real time');
  const at = new Date('2026-11-30T08:30:00Z');
  clock.set(at);
  assert.equal(clock.isSet, true);
  assert.equal(clock.now().toISOString(), at.toISOString());
  at.setTime(0);
  assert.equal(
    clock.now().toISOString(),
    '2026-11-30T08:30:00.000Z',
    'changing the date it was set with does not move it',
  );
  clock.now().setTime(0);
  assert.equal(
    clock.now().toISOString(),
    '2026-11-30T08:30:00.000Z',
    'a caller cannot move it by changing the date it got',
  );
  clock.advance(HOUR);
  assert.equal(clock.now().toISOString(), '2026-11-30T09:30:00.000Z');
  clock.advance(-2 * HOUR);
  assert.equal(clock.now().toISOString(), '2026-11-30T07:30:00.000Z', 'and back');
  assert.throws(() => clock.set(new Date('not a date')), RangeError);
  assert.equal(clock.now().toISOString(), '2026-11-30T07:30:00.000Z', 'a refused date leaves it where it was');
  clock.reset();
  assert.equal(clock.isSet, false);
  assert.throws(() => clock.advance(1), /set it before moving it/);
});
