import type { ComponentChild } from 'preact';
import { actorLabel, isStaff, type Actor, type StaffActor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction, type Queryable } from '../../platform/db/database.ts';
import type { OneStatement, Relation } from '../../platform/db/statement.ts';
import { badField, Forbidden, NotFound, Problems } from '../../platform/http/errors.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { ExtensionPoint } from '../../platform/extensions.ts';
import type { Platform } from '../../platform/module.ts';
import { localDate, localYear } from '../../platform/time/index.ts';
import { cleanText } from '../../platform/text/index.ts';
import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import type { PageContext } from '../../platform/web/page.ts';
import { canActOnCase, canDirect } from './permissions.ts';
import * as store from './store.ts';
import { openingTimes, type CaseClocks } from './clocks/clocks.ts';
import { clocksOnMessage, clocksOnStatus } from './clocks/service.ts';
import type { CaseRow, CaseStatus } from './store.ts';
import { listCaseDirectives, type DirectiveRow } from './directives/store.ts';
import { listNotes, type NoteRow } from './notes/store.ts';

export const caseStatuses: CaseStatus[] = [
  'received',
  'under_assessment',
  'under_investigation',
  'waiting_for_reporter',
  'closed',
];
export const caseOutcomes = [
  'substantiated_disciplinary',
  'substantiated_prosecution',
  'not_substantiated',
  'referred_elsewhere',
  'withdrawn',
  'duplicate',
] as const;

export const MAX_MESSAGE_LENGTH = 2000;
export const MAX_REASON_LENGTH = 1000;

export interface OpenCaseInput {
  source: string;
  category: string;
  unitCode: string;
  informedUnits?: string[];
  oversight?: boolean;
  countyCode?: string | null;
  stationId?: string | null;
  /**
   * Everyone posted at this station (by their account or the officers roster) is kept out of the
   * case, its queue entry and search: a case opened from an officer's letter carries the letter's
   * wall on the writer's station.
   */
  walledStationId?: string | null;
  title: string;
  summary: string;
  /** Its first-response clock, and for the public's cases the update and resolution clocks. */
  clocks: CaseClocks;
  /** Files that came with it (the queue's evidence column). */
  evidenceCount?: number;
  /** When it opens: the platform clock's moment. Its clocks run from it and its reference carries its year in the jurisdiction. */
  openedAt: Date;
  subjects?: store.Subject[];
  openedBy: Actor;
}

/**
 * Opens a case inside the caller's transaction, so the thing that caused it (a report, a question,
 * an officer's letter) and its case commit together or not at all.
 */
export async function openCase(client: Queryable, input: OpenCaseInput): Promise<{ id: string; reference: string }> {
  return (await openCases(client, [input]))[0]!;
}

/** Opens several cases in one statement (intake under load writes them in groups); results follow the input's order. */
export async function openCases(
  client: Queryable,
  inputs: OpenCaseInput[],
): Promise<Array<{ id: string; reference: string }>> {
  if (inputs.length === 0) return [];
  return store.insertOpenedCases(client, caseOpenings(inputs));
}

/**
 * Adds the opening of these cases (each with its history entry and audit row) to a statement the
 * caller composes, so that rows the caller's module keeps for each case are written in the same
 * statement, all or nothing. The caller's steps read the returned relation: row `ord` holds the
 * `id` and `reference` of the case opened from inputs[ord]. Run the statement for the results.
 */
export function openCasesIn(statement: OneStatement, inputs: OpenCaseInput[]): Relation<store.OpenedCaseColumn> {
  return store.openCasesIn(statement, caseOpenings(inputs));
}

function openingClocks(clocks: CaseClocks, openedAt: Date) {
  const t = openingTimes(clocks, openedAt);
  return {
    clocks,
    firstResponseDueAt: t.first_response_due_at,
    resolutionDueAt: t.resolution_due_at,
    next: { next_due_at: t.next_due_at, next_clock: t.next_clock, warn_at: t.warn_at },
  };
}

function caseOpenings(inputs: OpenCaseInput[]): store.CaseOpening[] {
  return inputs.map((input) => ({
    case: {
      source: input.source,
      category: input.category,
      unitCode: input.unitCode,
      informedUnits: input.informedUnits ?? [],
      oversight: input.oversight ?? false,
      countyCode: input.countyCode ?? null,
      stationId: input.stationId ?? null,
      walledStationId: input.walledStationId ?? null,
      title: input.title,
      summary: input.summary,
      ...openingClocks(input.clocks, input.openedAt),
      evidenceCount: input.evidenceCount ?? 0,
      openedAt: input.openedAt,
      referenceYear: localYear(input.openedAt, jurisdiction.timeZone),
    },
    subjects: input.subjects ?? [],
    actorId: isStaff(input.openedBy) ? input.openedBy.id : null,
    actorLabel: actorLabel(input.openedBy),
    historyDetail: { source: input.source, informed: input.informedUnits ?? [] },
  }));
}

/** Loads a case the person may see, recording the read; 404 for anything else (reveals nothing). */
export async function viewCase(
  platform: Platform,
  actor: Actor,
  reference: string,
  now = platform.clock.now(),
): Promise<CaseDetail> {
  const who = requireStaff(actor);
  return inTransaction(platform.db.pool, async (client) => {
    const c = await store.findVisibleCase(client, who, reference, now);
    if (!c) throw new NotFound();
    await audit(client, who, 'case.view', 'case', c.reference);
    // one connection runs one query at a time: asked in turn, not all at once
    const history = await store.listHistory(client, c.id);
    const subjects = await store.listSubjects(client, c.id);
    const messages = await store.listMessages(client, c.id);
    const notes = await listNotes(client, c.id);
    const directives = await listCaseDirectives(client, c.id, localDate(now, jurisdiction.timeZone));
    return {
      case: c,
      history,
      subjects,
      messages,
      notes,
      directives,
      canAct: canActOnCase(who, c),
      canDirect: canDirect(who),
    };
  });
}

export interface CaseDetail {
  case: CaseRow;
  history: store.HistoryRow[];
  subjects: store.SubjectRow[];
  messages: store.MessageRow[];
  /** Internal notes: staff only, never the reporter's. */
  notes: NoteRow[];
  directives: DirectiveRow[];
  canAct: boolean;
  /** The IG's office may issue directives on any case. */
  canDirect: boolean;
}

/**
 * Checks the person may see the case (for a module serving something attached to it). Records the read as
 * `action`, unless it is null (the next part of a file whose start was recorded).
 */
export async function assertCaseVisible(
  platform: Platform,
  actor: Actor,
  caseId: string,
  action: string | null,
  detail?: Record<string, unknown>,
): Promise<CaseRow> {
  const who = requireStaff(actor);
  const now = platform.clock.now();
  const found = await store.findCaseById(platform.db.pool, caseId, now);
  const visible = found ? await store.findVisibleCase(platform.db.pool, who, found.reference, now) : undefined;
  if (!visible) throw new NotFound();
  if (action) await audit(platform.db.pool, who, action, 'case', visible.reference, detail);
  return visible;
}

/** The case for a change by this person: 404 when they may not see it, 403 when they may only read it; locked. */
export async function loadForAction(
  client: Queryable,
  who: StaffActor,
  reference: string,
  now: Date,
): Promise<CaseRow> {
  const c = await store.findVisibleCase(client, who, reference, now);
  if (!c) throw new NotFound();
  if (!canActOnCase(who, c)) throw new Forbidden();
  await store.lockCase(client, c.id);
  return c;
}

export interface StatusChange {
  status: string;
  reason: string;
  outcome?: string | undefined;
  /** What the reporter is told with the new status, on their follow page (the reason stays inside the service). */
  publicNote?: string | undefined;
}

export const MAX_PUBLIC_NOTE_LENGTH = 1000;

export async function changeStatus(
  platform: Platform,
  actor: Actor,
  reference: string,
  input: StatusChange,
): Promise<void> {
  const who = requireStaff(actor);
  const problems = new Problems();
  const status = input.status as CaseStatus;
  if (!caseStatuses.includes(status)) problems.add('status', 'cases.error.status');
  const reason = input.reason.trim();
  if (!reason) problems.add('reason', 'cases.error.reasonRequired');
  if (reason.length > MAX_REASON_LENGTH) problems.add('reason', 'error.tooLong', { max: MAX_REASON_LENGTH });
  const publicNote = cleanText(input.publicNote, { multiline: true, public: true });
  if (publicNote.length > MAX_PUBLIC_NOTE_LENGTH)
    problems.add('publicNote', 'error.tooLong', { max: MAX_PUBLIC_NOTE_LENGTH });
  const outcome = status === 'closed' ? input.outcome : undefined;
  if (status === 'closed' && !(caseOutcomes as readonly string[]).includes(outcome ?? ''))
    problems.add('outcome', 'cases.error.outcome');
  problems.throwIfAny();
  const now = platform.clock.now();
  await inTransaction(platform.db.pool, async (client) => {
    const c = await loadForAction(client, who, reference, now);
    if (c.status === status) badField('status', 'cases.error.sameStatus');
    await store.updateStatus(client, c.id, status, outcome ?? null, now);
    await clocksOnStatus(client, c, status, now);
    // the reporter is told there is news (never what it is): the new status waits for them on /follow
    await platform.extensions.get(reporterNews, c.source)?.tell(platform, client, c);
    await store.insertHistory(client, {
      caseId: c.id,
      actorId: who.id,
      actorLabel: actorLabel(who),
      action: 'status',
      fromStatus: c.status,
      toStatus: status,
      reason,
      detail: { ...(outcome ? { outcome } : {}), ...(publicNote ? { publicNote } : {}) },
      at: now,
    });
    await audit(client, who, 'case.status', 'case', c.reference, { from: c.status, to: status });
  });
}

export async function reassign(
  platform: Platform,
  actor: Actor,
  reference: string,
  input: { unitCode: string; reason: string },
): Promise<void> {
  const who = requireStaff(actor);
  const problems = new Problems();
  const reason = input.reason.trim();
  if (!reason) problems.add('reason', 'cases.error.reasonRequired');
  if (reason.length > MAX_REASON_LENGTH) problems.add('reason', 'error.tooLong', { max: MAX_REASON_LENGTH });
  if (!(await store.unitExists(platform.db.pool, input.unitCode))) problems.add('unit', 'cases.error.unit');
  problems.throwIfAny();
  await inTransaction(platform.db.pool, async (client) => {
    const c = await loadForAction(client, who, reference, platform.clock.now());
    if (c.unit_code === input.unitCode) badField('unit', 'cases.error.sameUnit');
    await store.updateUnit(client, c.id, input.unitCode);
    await store.insertHistory(client, {
      caseId: c.id,
      actorId: who.id,
      actorLabel: actorLabel(who),
      action: 'reassigned',
      fromUnit: c.unit_code,
      toUnit: input.unitCode,
      reason,
    });
    await audit(client, who, 'case.reassign', 'case', c.reference, { from: c.unit_code, to: input.unitCode });
  });
}

export function checkMessage(body: string): string {
  const problems = new Problems();
  const text = body.trim();
  if (!text) problems.add('message', 'cases.error.messageRequired');
  if (text.length > MAX_MESSAGE_LENGTH) problems.add('message', 'error.tooLong', { max: MAX_MESSAGE_LENGTH });
  problems.throwIfAny();
  return text;
}

export async function messageReporter(
  platform: Platform,
  actor: Actor,
  reference: string,
  body: string,
): Promise<void> {
  const who = requireStaff(actor);
  const text = checkMessage(body);
  const now = platform.clock.now();
  await inTransaction(platform.db.pool, async (client) => {
    const c = await loadForAction(client, who, reference, now);
    await store.insertMessage(client, c.id, 'to_reporter', who.id, text);
    await platform.extensions.get(reporterNews, c.source)?.tell(platform, client, c);
    await clocksOnMessage(client, c, now);
    await store.insertHistory(client, {
      caseId: c.id,
      actorId: who.id,
      actorLabel: actorLabel(who),
      action: 'message_to_reporter',
    });
    await audit(client, who, 'case.message', 'case', c.reference);
  });
}

/** The id of the case with this reference, for its source module to check who may add to it. */
export async function caseIdOf(db: Queryable, reference: string): Promise<string | undefined> {
  return store.caseIdByReference(db, reference);
}

/** Public status for Open311 and the like: no content, no people. */
export async function caseStatusById(db: Queryable, caseId: string, now: Date): Promise<CaseRow | undefined> {
  return store.findCaseById(db, caseId, now);
}

/**
 * How a module that opens cases shows its side of a case (the report, the question...) on the case
 * page, so cases never reads another module's tables. Modules provide one per case source in their
 * manifest: `extensions: [caseSources.provide('report', source)]`.
 */
export interface CaseSource {
  render(platform: Platform, page: PageContext, c: CaseRow): Promise<ComponentChild>;
}

export const caseSources = new ExtensionPoint<CaseSource>('cases.source');

/**
 * How a source module tells its reporter that a case has news (an SMS to a number they gave), in the transaction
 * that records the news. Keyed by the case's source, like `caseSources`.
 */
export interface ReporterNews {
  tell(platform: Platform, client: Queryable, c: CaseRow): Promise<void>;
}

export const reporterNews = new ExtensionPoint<ReporterNews>('cases.reporter-news');
