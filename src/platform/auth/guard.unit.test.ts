import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFailure, clearGuard, isLocked, lockDurationMs, SIGN_IN_GUARD, type GuardState } from './guard.ts';

// The lock rules alone, as pure functions of the failures and the moment; sign-in.test.ts shows them at work.

const MINUTE = 60_000;
const monday = new Date('2026-03-02T08:30:00Z');

describe('the sign-in guard rules', () => {
  const at = (minutes: number) => new Date(monday.getTime() + minutes * MINUTE);
  const fail = (state: GuardState, ...minutes: number[]) => minutes.reduce((s, m) => afterFailure(s, at(m)), state);

  test('five failures within fifteen minutes lock the account for five minutes', () => {
    const four = fail(clearGuard, 0, 1, 2, 3);
    assert.equal(isLocked(four, at(3)), false);
    const five = afterFailure(four, at(14));
    assert.equal(isLocked(five, at(14)), true);
    assert.equal(isLocked(five, at(18.9)), true);
    assert.equal(isLocked(five, at(19)), false);
    assert.equal(five.failures, 0, 'the count starts again after the lock');
  });

  test('failures spread beyond fifteen minutes never lock', () => {
    const spread = fail(clearGuard, 0, 1, 2, 3, 15, 16, 17, 18);
    assert.equal(isLocked(spread, at(18)), false);
    assert.equal(spread.failures, 4);
  });

  test('each lock lasts twice as long as the one before, at most a day', () => {
    assert.deepEqual(
      [0, 1, 2, 3].map(lockDurationMs),
      [5, 10, 20, 40].map((m) => m * MINUTE),
    );
    assert.equal(lockDurationMs(9), SIGN_IN_GUARD.longestLockMs);
    assert.equal(lockDurationMs(500), SIGN_IN_GUARD.longestLockMs);
    const first = fail(clearGuard, 0, 0, 0, 0, 0);
    const second = fail(first, 6, 6, 6, 6, 6);
    assert.equal(second.lockedUntil?.getTime(), at(16).getTime());
  });
});
