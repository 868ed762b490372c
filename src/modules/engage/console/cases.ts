import { misconductCategory } from '../../../jurisdiction/kenya/index.ts';
import { audit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { badField, NotFound, Problems } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { openCase, roundTheClock } from '../../cases/index.ts';
import { lockedQuestion } from '../moderation/service.ts';
import { canRunConsole } from '../permissions.ts';
import { checkWhole, MAX_CASE_DAYS, MAX_INSTRUCTION, unitCodes, view } from '../shared.ts';
import { cleanText } from '../text.ts';
import * as store from './store.ts';

export interface UrgentInput {
  category?: string | undefined;
  unit?: string | undefined;
  days?: string | number | undefined;
  instruction?: string | undefined;
}

/**
 * "Needs urgent attention": opens a case for the question, routed to the chosen unit with the
 * first response due in the chosen number of days; the question and its case commit together.
 */
export async function flagUrgent(
  platform: Platform,
  actor: Actor,
  questionId: string,
  input: UrgentInput,
  now = platform.clock.now(),
): Promise<{ reference: string; sessionId: string }> {
  const who = requireStaff(actor, canRunConsole);
  const problems = new Problems();
  const category = misconductCategory(input.category ?? '');
  if (!category) problems.add('category', 'engage.error.category');
  const unit = input.unit ?? '';
  if (!unitCodes.includes(unit)) problems.add('unit', 'engage.error.unit');
  const days = checkWhole(problems, 'days', input.days === '' ? undefined : input.days, 7, 1, MAX_CASE_DAYS);
  const instruction = cleanText(input.instruction);
  if (!instruction) problems.add('instruction', 'engage.error.instructionRequired');
  else if (instruction.length > MAX_INSTRUCTION) problems.add('instruction', 'error.tooLong', { max: MAX_INSTRUCTION });
  problems.throwIfAny();
  return inTransaction(platform.db.pool, async (client) => {
    const q = await lockedQuestion(client, questionId);
    if (q.status !== 'approved') throw new NotFound();
    if (q.case_reference) badField('question', 'engage.error.caseExists', { reference: q.case_reference });
    const opened = await openCase(client, {
      source: 'engage',
      category: category!.code,
      unitCode: unit,
      informedUnits: category!.informed.filter((u) => u !== unit),
      oversight: category!.oversight,
      title: instruction,
      summary: `${instruction}\n${q.body}`,
      clocks: { firstResponse: roundTheClock(days * 24) },
      openedAt: now,
      openedBy: who,
    });
    await store.linkCase(client, q.id, opened.id, opened.reference);
    await audit(client, who, 'engage.question.urgent', 'engage_question', q.id, { case: opened.reference, unit, days });
    return { reference: opened.reference, sessionId: q.session_id };
  });
}

// The case page

/** The question behind an engage case, for the case page (uses only the platform it is given). */
export async function questionOfCase(platform: Platform, caseId: string, now = platform.clock.now()) {
  const found = await store.findQuestionByCase(platform.db.pool, caseId);
  return found ? { ...found, session: view(found.session, now) } : undefined;
}
