import type { Role, StaffActor } from '../../platform/auth/actor.ts';

/** Who looks after staff accounts. */
export const adminRoles = ['administrator'] as const satisfies readonly Role[];

/** The roles that may read the audit trail at all (the menu's filter: the IPOA liaison, by unit). */
export const auditReaderRoles = ['ig_office', 'oversight_liaison'] as const satisfies readonly Role[];

/** Who reads the audit trail: the IG's office all of it, the IPOA liaison a case within IPOA's mandate at a time. */
export const auditRoles = (who: StaffActor): boolean =>
  who.role === 'ig_office' || (who.role === 'oversight_liaison' && (who.unitCode ?? 'IPOA') === 'IPOA');
