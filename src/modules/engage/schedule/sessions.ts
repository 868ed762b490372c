import type { Queryable } from '../../../platform/db/database.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { perPlatform, type SessionView, view } from '../shared.ts';
import * as store from './store.ts';

export async function lockedSession(client: Queryable, id: string, now: Date): Promise<SessionView> {
  const found = await store.findSession(client, id);
  if (!found) throw new NotFound();
  await store.lockSession(client, id);
  return view((await store.findSession(client, id))!, now);
}

/**
 * Sessions as question intake sees them, read again at most once a second: a change made here
 * (going live, ending, cancelling) is seen at once, one made by another instance within a second.
 */
const CACHED_SESSIONS = 32;
const intakeSessions = new WeakMap<Platform, Map<string, { row: store.SessionRow; at: number }>>();
const INTAKE_SESSION_MS = 1000;

export async function sessionForIntake(platform: Platform, sessionId: string): Promise<store.SessionRow | undefined> {
  const cache = perPlatform(intakeSessions, platform);
  const cached = cache.get(sessionId);
  if (cached && Date.now() - cached.at < INTAKE_SESSION_MS) return cached.row;
  const row = await store.findSessionForIntake(platform.db.pool, sessionId);
  if (!row) return undefined;
  if (cache.size >= CACHED_SESSIONS) cache.delete(cache.keys().next().value!);
  cache.set(sessionId, { row, at: Date.now() });
  return row;
}

export function forgetIntakeSession(platform: Platform, sessionId: string): void {
  intakeSessions.get(platform)?.delete(sessionId);
}

/** The session staff work on by default: the live one, else the next, else the latest. */
export async function staffSessions(
  platform: Platform,
  now: Date,
): Promise<{ sessions: SessionView[]; current: SessionView | undefined }> {
  const { coming, past } = await store.listSessionsAround(platform.db.pool, now, 8, 8);
  const sessions = [...coming, ...past].map((s) => view(s, now));
  const current =
    sessions.find((s) => s.state === 'live') ??
    sessions.find((s) => s.state === 'upcoming') ??
    sessions.find((s) => s.state === 'ended');
  return { sessions: sessions.sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime()), current };
}
