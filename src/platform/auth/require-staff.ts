/**
 * The one staff guard services and routes use: "a signed-in staff member, and one this rule lets
 * in". Each module keeps its rules (roles, or a function of the staff member) in its
 * permissions.ts and passes them here.
 */
import { Forbidden, NotFound, Unauthenticated } from '../http/errors.ts';
import { isStaff, type Actor, type Role, type StaffActor } from './actor.ts';

/** Who is let in: any of these roles, or whoever the function accepts. */
export type StaffRule = readonly Role[] | ((who: StaffActor) => boolean);

export interface RequireStaffOptions {
  /**
   * How someone signed in but not let in is refused: 'forbidden' (403, the default), or
   * 'not_found' (404) where the very existence of the thing is not to be revealed.
   */
  refuse?: 'forbidden' | 'not_found';
}

/** Does the staff member pass the rule? (No rule: every staff member does.) */
export function passes(who: StaffActor, rule: StaffRule | undefined): boolean {
  if (rule === undefined) return true;
  return typeof rule === 'function' ? rule(who) : rule.includes(who.role);
}

/**
 * The staff member acting, narrowed: anyone else (the public, Sauti itself) is Unauthenticated
 * (401, or a redirect to sign in for pages); a staff member the rule does not let in is Forbidden
 * (or NotFound with `refuse: 'not_found'`).
 */
export function requireStaff(actor: Actor, rule?: StaffRule, options: RequireStaffOptions = {}): StaffActor {
  if (!isStaff(actor)) throw new Unauthenticated();
  if (!passes(actor, rule)) throw options.refuse === 'not_found' ? new NotFound() : new Forbidden();
  return actor;
}
