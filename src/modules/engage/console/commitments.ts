import { audit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { badField, NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { canRunConsole } from '../permissions.ts';
import { MAX_NOTE } from '../shared.ts';
import { cleanText } from '../text.ts';
import * as store from './store.ts';

export async function publicCommitments(
  platform: Platform,
  now = platform.clock.now(),
): Promise<store.CommitmentRow[]> {
  return store.listCommitments(platform.db.pool, now);
}

export async function staffCommitments(
  platform: Platform,
  actor: Actor,
  now = platform.clock.now(),
): Promise<store.CommitmentRow[]> {
  requireStaff(actor, canRunConsole);
  return store.listCommitments(platform.db.pool, now);
}

export async function markCommitmentDone(
  platform: Platform,
  actor: Actor,
  commitmentId: string,
  input: { note?: string | undefined },
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor, canRunConsole);
  const note = cleanText(input.note);
  if (!note) badField('note', 'engage.error.noteRequired');
  if (note.length > MAX_NOTE) badField('note', 'error.tooLong', { max: MAX_NOTE });
  await inTransaction(platform.db.pool, async (client) => {
    const c = await store.findCommitment(client, commitmentId, now);
    if (!c) throw new NotFound();
    if (!(await store.markCommitmentDone(client, c.id, note, who.id, now)))
      badField('note', 'engage.error.alreadyDone');
    await audit(client, who, 'engage.commitment.done', 'engage_commitment', c.id);
  });
}
