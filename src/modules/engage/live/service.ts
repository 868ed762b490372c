import type { Actor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { DomainError, NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { sessionFeed, type Viewer } from '../live.ts';
import { canModerate } from '../permissions.ts';
import * as scheduleStore from '../schedule/store.ts';

/** Most live viewers one process serves; beyond it new ones are turned away (503) rather than starve the rest. */
export const MAX_VIEWERS = 20_000;

export class TooManyViewers extends DomainError {
  constructor() {
    super(503, 'too_many_viewers', 'too many live viewers');
  }
}

/** Follows a session live: its public changes are written to the viewer as Server-Sent Events. */
export async function followSession(
  platform: Platform,
  sessionId: string,
  viewer: Viewer,
  lastEventId?: string,
): Promise<() => void> {
  return follow(platform, sessionId, { write: (chunk) => viewer.write(chunk) }, lastEventId);
}

/** Moderators and the IG's office follow a session with its moderation queue's counts as well. */
export async function followSessionAsStaff(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  viewer: Viewer,
  lastEventId?: string,
): Promise<() => void> {
  requireStaff(actor, canModerate);
  return follow(platform, sessionId, { write: (chunk) => viewer.write(chunk), staff: true }, lastEventId);
}

async function follow(
  platform: Platform,
  sessionId: string,
  viewer: Viewer,
  lastEventId?: string,
): Promise<() => void> {
  const feed = sessionFeed(platform);
  if (feed.viewerCount >= MAX_VIEWERS) throw new TooManyViewers();
  const found = await scheduleStore.findSessionForIntake(platform.db.pool, sessionId);
  if (!found) throw new NotFound();
  return feed.subscribe(found.id, viewer, lastEventId);
}
