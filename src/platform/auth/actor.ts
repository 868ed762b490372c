export const roles = [
  'officer',
  'station_commander',
  'investigator',
  'oversight_liaison',
  'ig_office',
  'moderator',
  'administrator',
  'medical_officer',
  'finance',
] as const;
export type Role = (typeof roles)[number];

export const duties = ['office_head', 'identity_custodian'] as const;
/** office_head: the head of the IG's office, who receives escalations; identity_custodian: holds protected writers' identities. */
export type Duty = (typeof duties)[number];

export function hasDuty(actor: StaffActor, duty: Duty): boolean {
  return actor.duties.includes(duty);
}

/**
 * Roles that must pass a second factor (TOTP) before they see anything (a medical officer reads injuries;
 * a finance officer sees every payment received and where money waits in suspense; an administrator can reset
 * anyone's password and two-step verification).
 */
export const rolesRequiringTotp: ReadonlySet<Role> = new Set([
  'investigator',
  'oversight_liaison',
  'ig_office',
  'medical_officer',
  'finance',
  'administrator',
]);

export interface StaffActor {
  kind: 'staff';
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  stationId: string | null;
  /** The health facility a medical officer examines at (a medical or clinical officer completing P3 forms). */
  facilityId?: string | null;
  serviceNumber: string | null;
  /** Duties on top of the role (e.g. head of the IG's office). */
  duties: readonly Duty[];
}

/** A member of the public; carries nothing that identifies them. */
export interface PublicActor {
  kind: 'public';
}

/** Sauti itself (jobs, intake from channels). */
export interface SystemActor {
  kind: 'system';
  label: string;
}

export type Actor = StaffActor | PublicActor | SystemActor;

export const publicActor: PublicActor = { kind: 'public' };

export function isStaff(actor: Actor): actor is StaffActor {
  return actor.kind === 'staff';
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return `${actor.displayName} (${actor.username})`;
    case 'system':
      return actor.label;
    case 'public':
      return 'public';
  }
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
