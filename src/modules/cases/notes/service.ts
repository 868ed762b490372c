import { actorLabel, type Actor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { audit } from '../../../platform/audit/index.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { Problems } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { loadForAction, MAX_MESSAGE_LENGTH } from '../service.ts';
import * as store from '../store.ts';
import { insertNote } from './store.ts';

/**
 * Adds an internal note to a case, by someone who may act on it: kept with the case's history (which records that a
 * note was added, not what it says) and never shown or sent to the reporter.
 */
export async function addNote(platform: Platform, actor: Actor, reference: string, body: string): Promise<void> {
  const who = requireStaff(actor);
  const text = body.trim();
  const problems = new Problems();
  if (!text) problems.add('note', 'cases.error.noteRequired');
  if (text.length > MAX_MESSAGE_LENGTH) problems.add('note', 'error.tooLong', { max: MAX_MESSAGE_LENGTH });
  problems.throwIfAny();
  const now = platform.clock.now();
  await inTransaction(platform.db.pool, async (client) => {
    const c = await loadForAction(client, who, reference, now);
    await insertNote(client, c.id, who.id, text, now);
    await store.insertHistory(client, {
      caseId: c.id,
      actorId: who.id,
      actorLabel: actorLabel(who),
      action: 'internal_note',
    });
    await audit(client, who, 'case.note', 'case', c.reference);
  });
}
