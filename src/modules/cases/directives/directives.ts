/**
 * Directives: the IG's office directs a unit to do something on any case, by a date. The unit
 * answers with a deliverable (a file); the directive closes only with it. Directives the IG's
 * office marks public are published without the case or any person in them.
 */
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { actorLabel, type Actor, type StaffActor, type SystemActor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { audit } from '../../../platform/audit/index.ts';
import { BlobTooLarge, type IngestedBlob } from '../../../platform/blobs/index.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { canonicalServiceNumber, jurisdiction } from '../../../jurisdiction/kenya/index.ts';
import { badField, Forbidden, NotFound, Problems, TooLarge, UnsupportedType } from '../../../platform/http/errors.ts';
import type { AnyJobDefinition } from '../../../platform/jobs/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { addDays, isLocalDate, localDate } from '../../../platform/time/index.ts';
import { canDirect, directedUnitOf, isDirectedUnit } from '../permissions.ts';
import { findVisibleCase, insertHistory, unitExists } from '../store.ts';
import { caseWallsOut } from '../walls.ts';
import * as store from './store.ts';
import type { DirectiveRow } from './store.ts';

export type { DirectiveRow } from './store.ts';

export const MAX_TASK_LENGTH = 2000;
export const MAX_DELIVERABLE_LENGTH = 200;
export const MAX_NOTE_LENGTH = 1000;
/** How far ahead a due date may be set. */
export const MAX_DUE_DAYS = 730;
/** How long a closed directive stays on the dashboards. */
export const RECENTLY_CLOSED_DAYS = 30;

/** Units the IG's office may direct (not itself). */
export const directableUnits = ['IAU', 'IPOA', 'DCI', 'GENDER', 'COUNSELLING'] as const;

/** Deliverables accepted by their content (magic bytes): PDF, images, office documents. */
export const deliverableTypes: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/heic',
  'image/heif',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
]);
export const deliverableAccept = 'application/pdf,image/*,.docx,.xlsx,.pptx,.odt,.ods,.odp';

/** Today in Nairobi at that moment (the platform's clock), YYYY-MM-DD: a directive is due by the end of its day there. */
export function nairobiToday(now: Date): string {
  return localDate(now, jurisdiction.timeZone);
}

export interface DirectiveInput {
  unitCode: string;
  task: string;
  deliverable: string;
  /** YYYY-MM-DD */
  dueDate: string;
  public: boolean;
}

/** The directive as it will be kept, trimmed; every problem with it at once. `today` is Nairobi's day. */
async function checkDirective(
  platform: Platform,
  caseId: string,
  input: DirectiveInput,
  today: string,
): Promise<Omit<DirectiveInput, 'public'>> {
  const problems = new Problems();
  const unitCode = input.unitCode.trim();
  if (!(directableUnits as readonly string[]).includes(unitCode) || !(await unitExists(platform.db.pool, unitCode)))
    problems.add('unit', 'cases.directive.error.unit');
  const task = input.task.trim();
  if (!task) problems.add('task', 'cases.directive.error.taskRequired');
  else if (task.length > MAX_TASK_LENGTH) problems.add('task', 'error.tooLong', { max: MAX_TASK_LENGTH });
  const deliverable = input.deliverable.trim();
  if (!deliverable) problems.add('deliverable', 'cases.directive.error.deliverableRequired');
  else if (deliverable.length > MAX_DELIVERABLE_LENGTH)
    problems.add('deliverable', 'error.tooLong', { max: MAX_DELIVERABLE_LENGTH });
  const dueDate = input.dueDate.trim();
  if (!isLocalDate(dueDate)) problems.add('dueDate', 'cases.directive.error.dueDate');
  else if (dueDate < today) problems.add('dueDate', 'cases.directive.error.duePast');
  else if (dueDate > addDays(today, MAX_DUE_DAYS)) problems.add('dueDate', 'cases.directive.error.dueFar');
  if (input.public && task && (await namesTheCase(platform, caseId, task)))
    problems.add('task', 'cases.directive.error.publicNames');
  problems.throwIfAny();
  return { unitCode, task, deliverable, dueDate };
}

/** A public task is published as written: it must not point at the case or the officers in it. */
async function namesTheCase(platform: Platform, caseId: string, task: string): Promise<boolean> {
  const lower = task.toLowerCase();
  const identifiers = await store.caseIdentifiers(platform.db.pool, caseId);
  // a named officer's number however it is written in the task (2015 088120, 2015/088120...)
  const numbers = (task.match(/(?:nps)?[ \t\u00a0/.\u2013-]*[0-9][0-9 \t\u00a0/.\u2013-]*[0-9]/gi) ?? [])
    .map(canonicalServiceNumber)
    .filter((n) => n !== null);
  return (
    identifiers.some((v) => lower.includes(v.toLowerCase()) || numbers.includes(v)) || /CASE-\d{4}-\d+/i.test(task)
  );
}

/** The IG's office directs a unit on any case. */
export async function issueDirective(
  platform: Platform,
  actor: Actor,
  caseReference: string,
  input: DirectiveInput,
  now = platform.clock.now(),
): Promise<{ id: string }> {
  const who = requireStaff(actor, canDirect);
  const c = await findVisibleCase(platform.db.pool, who, caseReference, now);
  if (!c) throw new NotFound();
  const { unitCode, task, deliverable, dueDate } = await checkDirective(platform, c.id, input, nairobiToday(now));
  return inTransaction(platform.db.pool, async (client) => {
    const id = await store.insertDirective(client, {
      caseId: c.id,
      unitCode,
      task,
      deliverable,
      dueOn: dueDate,
      public: input.public,
      issuedBy: who.id,
      issuedAt: now,
    });
    await insertHistory(client, {
      caseId: c.id,
      actorId: who.id,
      actorLabel: actorLabel(who),
      action: 'directive_issued',
      toUnit: unitCode,
      reason: task,
      detail: { directive: id, deliverable, due: dueDate, public: input.public },
    });
    await audit(client, who, 'case.directive.issue', 'case', c.reference, {
      directive: id,
      unit: unitCode,
      due: dueDate,
      public: input.public,
    });
    return { id };
  });
}

/** Named in the case, or posted at a station walled off from it: the directed unit's member is kept out all the same. */
function walledOut(platform: Platform, who: StaffActor, caseId: string): Promise<boolean> {
  return caseWallsOut(platform.db.pool, who, caseId);
}

/** A directive the person may see: the IG's office any; the directed unit its own. 404 otherwise. */
export async function viewDirective(
  platform: Platform,
  actor: Actor,
  directiveId: string,
  now = platform.clock.now(),
): Promise<{ directive: DirectiveRow; mayDeliver: boolean }> {
  const who = requireStaff(actor);
  if (!/^\d{1,18}$/.test(directiveId)) throw new NotFound();
  const d = await store.findDirective(platform.db.pool, directiveId, nairobiToday(now));
  if (!d) throw new NotFound();
  // the case's walls hold for the IG's office too: a member named in the case does not see what was directed on it
  const walled = await walledOut(platform, who, d.case_id);
  const directed = isDirectedUnit(who, d.unit_code) && !walled;
  if (walled || (!directed && !canDirect(who))) throw new NotFound();
  return { directive: d, mayDeliver: directed && d.status === 'open' };
}

export interface DeliverableFile {
  stream: Readable;
}

/** Reads the deliverable into a blob not yet kept: refused (and discarded) when too large, empty or of the wrong type. */
async function ingestDeliverable(
  platform: Platform,
  file: DeliverableFile,
): Promise<{ blob: IngestedBlob; mime: string }> {
  const maxBytes = platform.config.evidenceMaxBytes;
  let blob: IngestedBlob;
  try {
    blob = await platform.blobs.ingest(file.stream, maxBytes);
  } catch (error) {
    if (error instanceof BlobTooLarge) throw new TooLarge('file', maxBytes);
    throw error;
  }
  if (blob.size === 0) {
    await platform.blobs.discard(blob);
    badField('file', 'cases.directive.error.fileEmpty');
  }
  const detected = await fileTypeFromBuffer(blob.head);
  if (!detected || !deliverableTypes.has(detected.mime)) {
    await platform.blobs.discard(blob);
    throw new UnsupportedType('file', detected?.mime);
  }
  return { blob, mime: detected.mime };
}

/**
 * The directed unit answers with its deliverable; the directive closes with it. Permission and
 * the directive's state are checked before the file is read, so a refused upload keeps nothing.
 */
export async function submitDeliverable(
  platform: Platform,
  actor: Actor,
  directiveId: string,
  file: DeliverableFile | undefined,
  note: string,
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor);
  if (!/^\d{1,18}$/.test(directiveId)) throw new NotFound();
  const d = await store.findDirective(platform.db.pool, directiveId, nairobiToday(now));
  if (!d) throw new NotFound();
  if (!isDirectedUnit(who, d.unit_code) || (await walledOut(platform, who, d.case_id))) {
    if (canDirect(who)) throw new Forbidden();
    throw new NotFound();
  }
  if (d.status !== 'open') badField('file', 'cases.directive.error.closed');
  const text = note.trim();
  if (text.length > MAX_NOTE_LENGTH) badField('note', 'error.tooLong', { max: MAX_NOTE_LENGTH });
  if (!file) badField('file', 'cases.directive.error.fileRequired');

  const { blob, mime } = await ingestDeliverable(platform, file);
  // the file is on disk before any row points at it
  await platform.blobs.keep(blob);
  await inTransaction(platform.db.pool, async (client) => {
    if ((await store.lockDirective(client, d.id)) !== 'open') badField('file', 'cases.directive.error.closed');
    await store.insertDeliverableAndClose(client, {
      directiveId: d.id,
      sha256: blob.sha256,
      sizeBytes: blob.size,
      mediaType: mime,
      note: text,
      uploadedBy: who.id,
      at: now,
    });
    await insertHistory(client, {
      caseId: d.case_id,
      actorId: who.id,
      actorLabel: actorLabel(who),
      action: 'directive_delivered',
      fromUnit: d.unit_code,
      detail: { directive: d.id, sha256: blob.sha256, size: blob.size, mediaType: mime },
    });
    await audit(client, who, 'case.directive.deliver', 'case', d.case_reference, {
      directive: d.id,
      sha256: blob.sha256,
    });
  });
}

/** The deliverable's file, for staff who may see the case; the read is recorded like an evidence download. */
export async function deliverableForStaff(
  platform: Platform,
  actor: Actor,
  directiveId: string,
  now = platform.clock.now(),
): Promise<{ sha256: string; mediaType: string; directiveId: string }> {
  const who = requireStaff(actor);
  if (!/^\d{1,18}$/.test(directiveId)) throw new NotFound();
  const d = await store.findDirective(platform.db.pool, directiveId, nairobiToday(now));
  if (!d || !d.file_sha256 || !d.file_media_type) throw new NotFound();
  const visible = await findVisibleCase(platform.db.pool, who, d.case_reference, now);
  if (!visible) throw new NotFound();
  await audit(platform.db.pool, who, 'case.directive.download', 'case', d.case_reference, {
    directive: d.id,
    sha256: d.file_sha256,
  });
  return { sha256: d.file_sha256, mediaType: d.file_media_type, directiveId: d.id };
}

export interface DirectiveLists {
  open: DirectiveRow[];
  recentlyClosed: DirectiveRow[];
}

/** The IG's office: every open directive (overdue first, longest overdue on top), and the recently closed. */
export async function directivesDashboard(
  platform: Platform,
  actor: Actor,
  now = platform.clock.now(),
): Promise<DirectiveLists> {
  const who = requireStaff(actor, canDirect);
  const db = platform.db.pool;
  const today = nairobiToday(now);
  const [open, recentlyClosed] = await Promise.all([
    store.listDirectives(db, who, { status: 'open', walledFor: who, limit: 500, today, now }),
    store.listDirectives(db, who, {
      status: 'closed',
      walledFor: who,
      closedWithinDays: RECENTLY_CLOSED_DAYS,
      limit: 100,
      today,
      now,
    }),
  ]);
  open.sort((a, b) => b.days_overdue - a.days_overdue || a.due_on.localeCompare(b.due_on));
  return { open, recentlyClosed };
}

/** A unit's own directives: open ones to deliver, and those it delivered lately. */
export async function unitDirectives(
  platform: Platform,
  actor: Actor,
  now = platform.clock.now(),
): Promise<DirectiveLists> {
  const who = requireStaff(actor);
  const unitCode = directedUnitOf(who);
  if (!unitCode) throw new Forbidden();
  const db = platform.db.pool;
  const today = nairobiToday(now);
  const [open, recentlyClosed] = await Promise.all([
    store.listDirectives(db, who, { status: 'open', unitCode, walledFor: who, limit: 500, today, now }),
    store.listDirectives(db, who, {
      status: 'closed',
      unitCode,
      walledFor: who,
      closedWithinDays: RECENTLY_CLOSED_DAYS,
      limit: 100,
      today,
      now,
    }),
  ]);
  return { open, recentlyClosed };
}

export interface PublicDirective {
  /** YYYY-MM-DD (Nairobi) */
  issuedOn: string;
  unitCode: string;
  task: string;
  deliverable: string;
  dueOn: string;
  status: 'open' | 'overdue' | 'delivered';
  deliveredOn: string | null;
}

/** Directives the IG's office made public: what was directed, to whom, by when, and whether it was done. Nothing else. */
export async function publicDirectives(platform: Platform, now = platform.clock.now()): Promise<PublicDirective[]> {
  const rows = await store.listPublicDirectives(platform.db.pool, 500, nairobiToday(now));
  return rows.map((r) => ({
    issuedOn: localDate(r.issued_at, jurisdiction.timeZone),
    unitCode: r.unit_code,
    task: r.task,
    deliverable: r.deliverable,
    dueOn: r.due_on,
    status: r.status === 'closed' ? 'delivered' : r.overdue ? 'overdue' : 'open',
    deliveredOn: r.status === 'closed' && r.closed_at ? localDate(r.closed_at, jurisdiction.timeZone) : null,
  }));
}

export const DIRECTIVE_SWEEP_QUEUE = 'cases.directive-escalation';

/**
 * Escalates overdue open directives to the head of the IG's office, once each (the dashboard and
 * the case history show it). Run by a durable job every five minutes, at the platform clock's moment.
 */
export async function escalateOverdueDirectives(
  platform: Platform,
  now = platform.clock.now(),
): Promise<Array<{ directive_id: string; case_reference: string }>> {
  const clock: SystemActor = { kind: 'system', label: "Sauti (directives' clock)" };
  return inTransaction(platform.db.pool, async (client) => {
    const escalated = await store.recordOverdueDirectives(client, nairobiToday(now), clock.label, now);
    for (const e of escalated)
      await audit(client, clock, 'case.directive.escalate', 'case', e.case_reference, { directive: e.directive_id });
    return escalated;
  });
}

export function directiveJobs(platform: Platform): AnyJobDefinition[] {
  return [
    {
      queue: DIRECTIVE_SWEEP_QUEUE,
      every: '*/5 * * * *',
      run: async () => void (await escalateOverdueDirectives(platform)),
    },
  ];
}
