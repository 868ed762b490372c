import { randomInt } from 'node:crypto';
import type { Actor, StaffActor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { audit } from '../../platform/audit/index.ts';
import { sha256Hex } from '../../platform/crypto/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { Conflict, Forbidden, NotFound, Problems, badField } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { queueSms, sealNumber } from '../../platform/sms/index.ts';
import { cleanText, normalisePhone } from '../../platform/text/index.ts';
import {
  entryForDocument,
  entryForSlip,
  formatObNumber,
  keepsBookOf,
  normaliseCode,
  parseObNumber,
  type EntryForDocument,
} from '../ob/index.ts';
import { storeIssued } from './issuing.ts';
import { documentsKey } from './keys.ts';
import { readySms, refusedSms } from './messages.ts';
import { p3Progress, type P3Progress } from './p3/service.ts';
import { fitsEntry, isDocumentKind, type DocumentKind } from './kinds.ts';
import { documentSettings } from './settings.ts';
import * as store from './store.ts';

const HOUR_MS = 3600_000;
const REASON_MAX = 2000;
// no 0/O, 1/I/L: read aloud and typed from paper
const CODE_LETTERS = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A request's code: 12 letters in three groups (about 59 bits), shown once; only its hash is kept. */
function newRequestCode(): string {
  let code = '';
  for (let i = 0; i < 12; i++) code += (i > 0 && i % 4 === 0 ? '-' : '') + CODE_LETTERS[randomInt(CODE_LETTERS.length)];
  return code;
}

/** The code as people type it: any case, spaces or dashes anywhere. */
export function normaliseRequestCode(typed: string): string | undefined {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[2-9A-HJKMNP-Z]{12}$/.test(plain)) return undefined;
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
}

export const language = (value: unknown): 'en' | 'sw' => (value === 'sw' ? 'sw' : 'en');

export interface RequestInput {
  station?: string | undefined;
  ob?: string | undefined;
  code?: string | undefined;
  kind?: string | undefined;
  language?: string | undefined;
  /** for one SMS when the request is settled */
  phone?: string | undefined;
}

/** The form of what was typed (a 400 naming each field); whether the slip matches is another matter. */
function readRequest(input: RequestInput) {
  const problems = new Problems();
  const station = cleanText(input.station ?? '');
  if (station === '' || station.length > 64) problems.add('station', 'documents.error.station');
  const ob = parseObNumber(cleanText(input.ob ?? ''));
  if (!ob) problems.add('ob', 'ob.error.obNumber');
  const code = normaliseCode(cleanText(input.code ?? ''));
  if (!code) problems.add('code', 'ob.verify.error.code');
  if (!isDocumentKind(input.kind)) problems.add('kind', 'documents.error.kind');
  const phoneText = cleanText(input.phone ?? '');
  const phone = phoneText === '' ? null : (normalisePhone(phoneText) ?? null);
  if (phoneText !== '' && !phone) problems.add('phone', 'documents.error.phone');
  problems.throwIfAny();
  const kind = input.kind as DocumentKind;
  return { station, ob: ob!, code: code!, kind, language: language(input.language), phone };
}

export interface RequestMade {
  code: string;
  dueAt: Date;
}

/**
 * A complainant asks for a document with the slip of their entry: no account, no visit. A wrong number or
 * code answers as an unknown one does (404); a document the entry cannot give is a 400 on `kind`.
 */
export async function requestDocument(platform: Platform, input: RequestInput): Promise<RequestMade> {
  const typed = readRequest(input);
  const entry = await entryForSlip(platform, typed.station, typed.ob, typed.code);
  if (!entry) throw new NotFound();
  if (!fitsEntry(typed.kind, entry.kind)) badField('kind', 'documents.error.kindForEntry');
  const { requestHours, escalateHours } = platform.config.settings.of(documentSettings);
  const now = platform.clock.now();
  const code = newRequestCode();
  const dueAt = new Date(now.getTime() + requestHours * HOUR_MS);
  const id = await store.insertRequest(platform.db.pool, {
    codeHash: sha256Hex(code),
    kind: typed.kind,
    entryId: entry.id,
    stationId: entry.stationId,
    language: typed.language,
    requestedAt: now,
    dueAt,
    escalateAt: new Date(dueAt.getTime() + escalateHours * HOUR_MS),
    phoneSealed: typed.phone ? sealNumber(platform.config.secret, typed.phone) : null,
  });
  if (!id)
    throw new Conflict('a request of this kind already waits for this entry: follow it with the code you were given');
  return { code, dueAt };
}

export interface RequestView {
  kind: DocumentKind;
  station: { id: string; name: string };
  obNumber: string;
  requestedAt: Date;
  dueAt: Date;
  status: 'waiting' | 'issued' | 'refused';
  /** waiting past its due time */
  overdue: boolean;
  refusedReason: string | null;
  documentNumber: string | null;
  /** the IAU case it became, if it waited too long */
  caseReference: string | null;
  /** the issued document's QR text */
  seal: string | null;
  /** a P3 form's way through the health facility (never its findings) */
  p3?: P3Progress | undefined;
}

function viewOf(row: store.RequestRow, now: Date): RequestView {
  return {
    kind: row.kind,
    station: { id: row.station_id, name: row.station_name },
    obNumber: formatObNumber({ day: row.ob_day, number: row.ob_number }),
    requestedAt: row.requested_at,
    dueAt: row.due_at,
    status: row.status,
    overdue: row.status === 'waiting' && row.due_at <= now,
    refusedReason: row.refused_reason,
    documentNumber: row.document_number,
    caseReference: row.case_reference,
    seal: row.seal,
  };
}

/** What the requester sees with their code; undefined for a code that is not one. */
export async function followRequest(platform: Platform, typedCode: string): Promise<RequestView | undefined> {
  const code = normaliseRequestCode(cleanText(typedCode));
  if (!code) return undefined;
  const row = await store.requestByCodeHash(platform.db.pool, sha256Hex(code));
  if (!row) return undefined;
  const view = viewOf(row, platform.clock.now());
  if (row.kind === 'p3' && row.document_number) view.p3 = await p3Progress(platform.db.pool, row.document_number);
  return view;
}

/** A desk officer or commander of that station; anyone else is refused (403). */
export function deskOf(actor: Actor, stationId: string): StaffActor {
  const who = requireStaff(actor);
  if (!keepsBookOf(who, stationId)) throw new Forbidden();
  return who;
}

export interface StationRequest extends RequestView {
  id: string;
}

/** A station's requests for its desk: those waiting, oldest due first, then the week's settled ones. */
export async function stationRequests(platform: Platform, actor: Actor, stationId: string): Promise<StationRequest[]> {
  deskOf(actor, stationId);
  const now = platform.clock.now();
  const rows = await store.stationRequests(platform.db.pool, stationId, new Date(now.getTime() - 7 * 24 * HOUR_MS));
  return rows.map((row) => ({ id: row.id, ...viewOf(row, now) }));
}

/**
 * How many requests wait past their due time at the station of a desk officer or commander: the first
 * thing their staff home shows, which is how an unanswered request reaches the commander before IAU.
 */
export async function overdueRequests(platform: Platform, actor: StaffActor): Promise<number> {
  if (!actor.stationId) return 0;
  return store.overdueCount(platform.db.pool, actor.stationId, platform.clock.now());
}

/** Refuses a waiting request of the officer's station, with the reason the requester will read. */
export async function refuseRequest(
  platform: Platform,
  actor: Actor,
  requestId: string,
  reason: unknown,
): Promise<void> {
  const row = await store.requestById(platform.db.pool, requestId);
  if (!row) throw new NotFound();
  const who = deskOf(actor, row.station_id);
  const text = cleanText(typeof reason === 'string' ? reason : '');
  if (text === '') badField('reason', 'documents.error.reasonNeeded');
  if (text.length > REASON_MAX) badField('reason', 'documents.error.reasonTooLong', { max: REASON_MAX });
  await inTransaction(platform.db.pool, async (client) => {
    const settled = await store.refuseRequest(client, row.id, who.id, text, platform.clock.now());
    if (!settled) throw new Conflict('the request was already settled');
    await audit(client, who, 'documents.request.refused', 'document_request', row.id, { station: row.station_id });
    if (settled.phoneSealed) await queueSms(platform, client, refusedSms(platform, row, text, settled.phoneSealed));
  });
}

export interface IssuedDocument {
  id: string;
  number: string;
  /** the text of its QR code */
  seal: string;
  kind: DocumentKind;
  obNumber: string;
  stationId: string;
  issuedAt: Date;
}

export interface IssueInput {
  kind?: string | undefined;
  ob?: string | undefined;
  language?: string | undefined;
  /** the requester's request, when the document answers one */
  request?: string | undefined;
}

async function entryToIssue(platform: Platform, stationId: string, input: IssueInput) {
  if (input.request !== undefined) {
    const request = await store.requestById(platform.db.pool, input.request);
    if (!request || request.station_id !== stationId) badField('request', 'documents.error.noSuchRequest');
    if (request.status !== 'waiting') throw new Conflict('the request was already settled');
    const ob = { day: request.ob_day, number: request.ob_number };
    return { entry: (await entryForDocument(platform.db.pool, stationId, ob))!, kind: request.kind, request };
  }
  if (!isDocumentKind(input.kind)) badField('kind', 'documents.error.kind');
  const ob = parseObNumber(cleanText(input.ob ?? '')) ?? badField('ob', 'ob.error.obNumber');
  const entry = (await entryForDocument(platform.db.pool, stationId, ob)) ?? badField('ob', 'ob.error.noSuchEntry');
  return { entry, kind: input.kind, request: undefined };
}

/** The desk issues a document from an entry of its own book (answering a request, or to someone at the counter). */
export async function issueDocument(
  platform: Platform,
  actor: Actor,
  stationId: string,
  input: IssueInput,
): Promise<IssuedDocument> {
  const who = deskOf(actor, stationId);
  const { entry, kind, request } = await entryToIssue(platform, stationId, input);
  if (!fitsEntry(kind, entry.kind)) badField('kind', 'documents.error.kindForEntry');
  const holderName = holderOf(entry);
  const now = platform.clock.now();
  const key = await documentsKey(platform);
  return inTransaction(platform.db.pool, async (client) => {
    const settled = request ? await store.settleIssued(client, request.id, who.id, now) : undefined;
    if (request && !settled) throw new Conflict('the request was already settled');
    const lang = request?.language ?? language(input.language);
    const issued = await storeIssued(client, platform, key, {
      who,
      entry,
      kind,
      lang,
      holderName,
      now,
      requestId: request?.id ?? null,
    });
    if (request && settled?.phoneSealed)
      await queueSms(platform, client, readySms(platform, request, issued, settled.phoneSealed));
    return issued;
  });
}

export function holderOf(entry: EntryForDocument): string {
  return entry.holderName ?? badField('ob', 'documents.error.noHolder');
}
