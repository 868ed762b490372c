export const roles = ['officer', 'station_commander', 'investigator', 'oversight_liaison', 'ig_office', 'moderator', 'administrator'] as const;
export type Role = (typeof roles)[number];

/** Roles that must pass a second factor (TOTP) before they see anything. */
export const rolesRequiringTotp: ReadonlySet<Role> = new Set(['investigator', 'oversight_liaison', 'ig_office']);

export interface StaffActor {
  kind: 'staff';
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  stationId: string | null;
  serviceNumber: string | null;
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
