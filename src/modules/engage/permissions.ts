/**
 * Who may do what in #EngageTheIG, in one place. The public asks, upvotes and reads sessions,
 * summaries (summary/) and commitments without signing in; questions arriving by SMS or X
 * (channels/) come in as Sauti itself behind the channel's own token. Staff:
 */
import type { Role, StaffActor } from '../../platform/auth/actor.ts';

/** Moderators and the IG's office moderate questions (the queue, approve, reject, merge, ban). */
export const moderationRoles = ['moderator', 'ig_office'] as const satisfies readonly Role[];

/** The IG's office runs sessions: the console (answers, commitments, cases from questions), the schedule, commitments. */
export const consoleRoles = ['ig_office'] as const satisfies readonly Role[];

export function canModerate(who: StaffActor): boolean {
  return (moderationRoles as readonly Role[]).includes(who.role);
}

export function canRunConsole(who: StaffActor): boolean {
  return (consoleRoles as readonly Role[]).includes(who.role);
}
