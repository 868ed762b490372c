import type { Actor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { NotFound, Problems } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { queueAddress, readQueueQuery } from '../queue.ts';
import * as store from './store.ts';

// A person's own named views of the queue ("Salama bribery", "Kisumu, late"): filters, search and sort under a name.

export const MAX_SAVED_VIEWS = 20;
export const MAX_VIEW_NAME = 60;

export type SavedView = store.SavedViewRow;

export function savedViews(platform: Platform, actor: Actor): Promise<SavedView[]> {
  return store.listSavedViews(platform.db.pool, requireStaff(actor).id);
}

/**
 * Saves the queue as `address` asks for it (its query string; the page is not kept) under a name of the person's
 * choosing; returns the view's address.
 */
export async function saveView(
  platform: Platform,
  actor: Actor,
  input: { name: string; address: string },
): Promise<string> {
  const who = requireStaff(actor);
  const name = cleanText(input.name, { public: true });
  const problems = new Problems();
  if (!name) problems.add('name', 'cases.views.error.nameRequired');
  if (name.length > MAX_VIEW_NAME) problems.add('name', 'error.tooLong', { max: MAX_VIEW_NAME });
  problems.throwIfAny();
  if ((await store.countSavedViews(platform.db.pool, who.id)) >= MAX_SAVED_VIEWS)
    problems.add('name', 'cases.views.error.tooMany', { max: MAX_SAVED_VIEWS });
  problems.throwIfAny();
  const query = queueAddress(readQueueQuery(Object.fromEntries(new URLSearchParams(input.address))), 1);
  const saved = await store.insertSavedView(platform.db.pool, {
    userId: who.id,
    name,
    query,
    at: platform.clock.now(),
  });
  if (!saved) problems.add('name', 'cases.views.error.taken', { name });
  problems.throwIfAny();
  return query;
}

/** Deletes one of the person's own views; another person's, or one that is gone, is not found. */
export async function deleteView(platform: Platform, actor: Actor, id: string): Promise<void> {
  const who = requireStaff(actor);
  if (!/^\d{1,18}$/.test(id) || !(await store.deleteSavedView(platform.db.pool, who.id, id))) throw new NotFound();
}
