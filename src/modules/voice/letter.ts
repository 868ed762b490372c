import { cleanText } from '../../platform/text/index.ts';
import type { Actor, StaffActor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { canWrite } from './permissions.ts';
import type { VoiceKind } from './store.ts';

// What a letter may be (its kinds, topics and limits), who may write one and how its text is cleaned.

export const voiceKinds: VoiceKind[] = ['grievance', 'harassment', 'whistleblowing', 'resignation', 'counselling'];
export const grievanceTopics = ['welfare', 'pay', 'promotion', 'transfer', 'housing'] as const;
/** Kinds whose writer may keep their identity from the investigating unit. */
export const protectableKinds: VoiceKind[] = ['harassment', 'whistleblowing'];
export const MAX_SUBJECT = 200;
export const MAX_BODY = 8000;
export const MAX_NAMED = 10;
export const MAX_ATTACHMENTS = 5;
export const resignationOutcomes = ['accepted', 'declined', 'referred'] as const;
export const MAX_REASONS = 2000;
/** Kinds the registry assigns to a unit to look into (resignations it decides itself; support requests are the counselling unit's). */
export const assignableKinds: VoiceKind[] = ['grievance', 'harassment', 'whistleblowing'];
export const assignableUnits = ['IAU', 'DCI', 'GENDER', 'COUNSELLING'] as const;
export const MAX_REVEAL_REASON = 2000;

/** The writer of a letter: a staff member with a service number; anyone else is refused (403). */
export function officer(actor: Actor): StaffActor & { serviceNumber: string } {
  return requireStaff(actor, canWrite) as StaffActor & { serviceNumber: string };
}

export const clean = (value: string | undefined) => cleanText(value, { multiline: true });
