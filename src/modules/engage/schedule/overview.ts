import type { Platform } from '../../../platform/module.ts';
import { type SessionView, view } from '../shared.ts';
import * as consoleStore from '../console/store.ts';
import * as store from './store.ts';

// What the public sees

export interface Overview {
  live: SessionView[];
  upcoming: SessionView[];
  past: SessionView[];
  notices: Map<string, store.NoticeRow[]>;
  /** Where questions go now: the live session, else the next one. */
  open: SessionView | undefined;
  commitments: { open: number; overdue: number; done: number };
}

export function byNotices(notices: store.NoticeRow[]): Map<string, store.NoticeRow[]> {
  const map = new Map<string, store.NoticeRow[]>();
  for (const n of notices) map.set(n.session_id, [...(map.get(n.session_id) ?? []), n]);
  return map;
}

export async function overview(platform: Platform, now = platform.clock.now()): Promise<Overview> {
  const { coming, past } = await store.listSessionsAround(platform.db.pool, now, 50, 20);
  const sessions = [...coming, ...past].map((s) => view(s, now));
  const live = sessions.filter((s) => s.state === 'live');
  const upcoming = sessions
    .filter((s) => s.state === 'upcoming' || (s.state === 'cancelled' && s.starts_at > now))
    .slice(0, 6);
  const ended = sessions.filter((s) => s.state === 'ended' || (s.state === 'cancelled' && s.starts_at <= now));
  const notices = byNotices(
    await store.listNotices(
      platform.db.pool,
      sessions.map((s) => s.id),
    ),
  );
  const all = await consoleStore.listCommitments(platform.db.pool, now);
  return {
    live,
    upcoming,
    past: ended,
    notices,
    open: live[0] ?? upcoming.find((s) => s.state === 'upcoming'),
    commitments: {
      open: all.filter((c) => !c.done_at && !c.overdue).length,
      overdue: all.filter((c) => c.overdue).length,
      done: all.filter((c) => c.done_at).length,
    },
  };
}
