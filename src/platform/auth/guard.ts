/**
 * The sign-in guard: failed attempts (a wrong password or a wrong two-step code) are counted per
 * account; five within fifteen minutes lock the account, for five minutes the first time and twice
 * as long each time after (at most a day), until someone signs in successfully. While locked, even
 * the right password is refused, with the same message as a wrong one.
 *
 * Pure rules on the account's state: the caller passes the time (the platform's clock).
 */
export const SIGN_IN_GUARD = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  firstLockMs: 5 * 60_000,
  longestLockMs: 24 * 3600_000,
} as const;

export interface GuardState {
  failures: number;
  firstFailedAt: Date | null;
  lockedUntil: Date | null;
  /** Locks since the last successful sign-in; each lasts twice as long as the one before. */
  lockouts: number;
}

export const clearGuard: GuardState = { failures: 0, firstFailedAt: null, lockedUntil: null, lockouts: 0 };

export function isLocked(state: GuardState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** How long the lock after `lockouts` earlier locks lasts. */
export function lockDurationMs(lockouts: number): number {
  return Math.min(SIGN_IN_GUARD.firstLockMs * 2 ** Math.min(lockouts, 20), SIGN_IN_GUARD.longestLockMs);
}

/** The state after one more failed attempt at `now`; the fifth within the window locks the account. */
export function afterFailure(state: GuardState, now: Date): GuardState {
  const windowOpen =
    state.firstFailedAt !== null && now.getTime() - state.firstFailedAt.getTime() < SIGN_IN_GUARD.windowMs;
  const failures = windowOpen ? state.failures + 1 : 1;
  const firstFailedAt = windowOpen ? state.firstFailedAt : now;
  if (failures < SIGN_IN_GUARD.maxFailures) return { ...state, failures, firstFailedAt };
  return {
    failures: 0,
    firstFailedAt: null,
    lockedUntil: new Date(now.getTime() + lockDurationMs(state.lockouts)),
    lockouts: state.lockouts + 1,
  };
}
