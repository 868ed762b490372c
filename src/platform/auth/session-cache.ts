import type { Database } from '../db/database.ts';
import { watchNotifications, type Watch } from '../events/notifications.ts';
import type { SessionState } from './service.ts';

/** Where sign-outs and disabled accounts are announced to every instance. */
export const SESSIONS_CHANNEL = 'sauti_sessions';

/**
 * How long an instance trusts a signed-in session it has read before reading it again, at most. A
 * sign-out or a disabled account ends cached sessions at once in this process and, through NOTIFY, in
 * every other; this bounds the damage should a notification be lost on a broken connection.
 */
const TRUST_MS = 5000;
const MAX_SESSIONS = 20_000;

interface Cached {
  state: SessionState;
  until: number;
}

const everyCache = new Set<SessionCache>();

/** Forgets every session cached in this process (an account was disabled or a session ended here). */
export function forgetCachedSessions(): void {
  for (const cache of everyCache) cache.clear();
}

/**
 * Signed-in staff sessions by token hash, so that a desk saving entry after entry does not cost a session
 * read each time. Only sessions past both steps are kept, never past their expiry.
 */
export class SessionCache {
  readonly #sessions = new Map<string, Cached>();
  readonly #watch: Watch;

  constructor(db: Database) {
    everyCache.add(this);
    // any notification, every reconnection and every TRUST_MS: forget them all (sign-outs are rare)
    this.#watch = watchNotifications(db, SESSIONS_CHANNEL, () => this.clear(), { safetyMs: TRUST_MS });
  }

  get(tokenHash: string): SessionState | undefined {
    const cached = this.#sessions.get(tokenHash);
    if (!cached) return undefined;
    if (Date.now() < cached.until) return cached.state;
    this.#sessions.delete(tokenHash);
    return undefined;
  }

  keep(tokenHash: string, state: SessionState, expiresAt: Date): void {
    if (!state.secondFactorDone) return;
    if (this.#sessions.size >= MAX_SESSIONS) this.#sessions.clear();
    this.#sessions.set(tokenHash, { state, until: Math.min(Date.now() + TRUST_MS, expiresAt.getTime()) });
  }

  forget(tokenHash: string): void {
    this.#sessions.delete(tokenHash);
  }

  clear(): void {
    this.#sessions.clear();
  }

  async close(): Promise<void> {
    everyCache.delete(this);
    this.clear();
    await this.#watch.close();
  }
}
