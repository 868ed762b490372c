/**
 * Who may do what with Open311, in one place. Apps read and file requests with an API key (checked
 * by the service before anything else); no person signs in for that. API keys are issued and
 * revoked by Sauti itself (the `sauti open311 key` command) or an administrator.
 */
import { isStaff, type Actor, type Role } from '../../platform/auth/actor.ts';
import { passes } from '../../platform/auth/require-staff.ts';

/** Staff who may issue and revoke Open311 API keys. */
export const keyManagerRoles = ['administrator'] as const satisfies readonly Role[];

/** Sauti itself (the command line) or an administrator. */
export function mayManageKeys(actor: Actor): boolean {
  return actor.kind === 'system' || (isStaff(actor) && passes(actor, keyManagerRoles));
}
