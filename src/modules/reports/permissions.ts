/**
 * Who may do what with reports, in one place. Anyone may report (within the per-address limits)
 * and upload evidence for it, and whoever holds a report's receipt code follows it, replies and
 * adds evidence; none of that needs signing in. Staff reach a report only through its case: the
 * case page shows it to whoever may see the case.
 */
import type { Actor, StaffActor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';

/**
 * A staff member asking for an evidence file (anyone else is refused before anything is looked
 * up); whether they may have this one is the case's wall, checked by cases with the file's case.
 */
export function requireEvidenceReader(actor: Actor): StaffActor {
  return requireStaff(actor);
}
