import { audit } from '../../../platform/audit/index.ts';
import { type Actor, actorLabel } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { badField, Problems } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { canRunConsole } from '../permissions.ts';
import { EARLY_START_MINUTES, MAX_NOTICE } from '../shared.ts';
import { checkFutureStart } from './series.ts';
import { cleanText } from '../text.ts';
import { byNotices } from './overview.ts';
import { forgetIntakeSession, lockedSession, staffSessions } from './sessions.ts';
import * as store from './store.ts';

function checkNotice(raw: string | undefined): string {
  const notice = cleanText(raw);
  if (!notice) badField('notice', 'engage.error.noticeRequired');
  if (notice.length > MAX_NOTICE) badField('notice', 'error.tooLong', { max: MAX_NOTICE });
  return notice;
}

export async function postponeSession(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  input: { date?: string; time?: string; notice?: string },
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor, canRunConsole);
  const problems = new Problems();
  const startsAt = checkFutureStart(problems, 'date', 'time', input.date, input.time, now);
  const notice = cleanText(input.notice);
  if (!notice) problems.add('notice', 'engage.error.noticeRequired');
  else if (notice.length > MAX_NOTICE) problems.add('notice', 'error.tooLong', { max: MAX_NOTICE });
  problems.throwIfAny();
  await inTransaction(platform.db.pool, async (client) => {
    const s = await lockedSession(client, sessionId, now);
    if (s.state !== 'upcoming') badField('date', 'engage.error.onlyUpcoming');
    const endsAt = new Date(startsAt!.getTime() + (s.ends_at.getTime() - s.starts_at.getTime()));
    await store.updateSessionTimes(client, s.id, startsAt!, endsAt);
    await store.insertNotice(client, {
      sessionId: s.id,
      kind: 'postponed',
      body: notice,
      fromStartsAt: s.starts_at,
      toStartsAt: startsAt!,
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, 'engage.session.postpone', 'engage_session', s.id, {
      from: s.starts_at.toISOString(),
      to: startsAt!.toISOString(),
    });
  });
  forgetIntakeSession(platform, sessionId);
}

export async function cancelSession(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  input: { notice?: string },
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor, canRunConsole);
  const notice = checkNotice(input.notice);
  await inTransaction(platform.db.pool, async (client) => {
    const s = await lockedSession(client, sessionId, now);
    if (s.state !== 'upcoming' && s.state !== 'live') badField('notice', 'engage.error.cannotCancel');
    await store.cancelSession(client, s.id);
    await store.forgetReplyNumbers(client, now, s.id);
    await store.insertNotice(client, {
      sessionId: s.id,
      kind: 'cancelled',
      body: notice,
      fromStartsAt: s.starts_at,
      toStartsAt: null,
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, 'engage.session.cancel', 'engage_session', s.id);
  });
  forgetIntakeSession(platform, sessionId);
}

/** The IG's office opens the session (up to an hour early) or closes it before its time. */
export async function setSessionLive(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  live: boolean,
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor, canRunConsole);
  await inTransaction(platform.db.pool, async (client) => {
    const s = await lockedSession(client, sessionId, now);
    if (live) {
      if (s.state !== 'upcoming') badField('session', 'engage.error.notUpcoming');
      if (s.starts_at.getTime() - now.getTime() > EARLY_START_MINUTES * 60_000)
        badField('session', 'engage.error.tooEarly', { count: EARLY_START_MINUTES });
      await store.markLive(client, s.id, now);
    } else {
      if (s.state !== 'live') badField('session', 'engage.error.notLive');
      await store.markEnded(client, s.id, now);
      await store.forgetReplyNumbers(client, now, s.id);
    }
    await audit(client, who, live ? 'engage.session.live' : 'engage.session.end', 'engage_session', s.id);
  });
  forgetIntakeSession(platform, sessionId);
}

export async function scheduleView(platform: Platform, actor: Actor, now = platform.clock.now()) {
  requireStaff(actor, canRunConsole);
  const { sessions } = await staffSessions(platform, now);
  const notices = byNotices(
    await store.listNotices(
      platform.db.pool,
      sessions.map((s) => s.id),
    ),
  );
  return { series: await store.listSeries(platform.db.pool), sessions, notices };
}
