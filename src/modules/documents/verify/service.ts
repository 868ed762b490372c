import type { LeafEvidence } from '../../../platform/tlog/evidence.ts';
import { evidenceOfEntry, logTrust } from '../../ob/index.ts';
import { checkDocumentInLog, type DocumentInLog } from '../log-evidence.ts';
import { Problems } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { nameMatches, openDocument, type DocumentClaims } from '../../../platform/signed-docs/index.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { checkCodeMatches, normaliseCheckCode } from '../check-code.ts';
import { trustList } from '../keys.ts';
import { documentByNumber, type DocumentRow } from './store.ts';

// What anyone may learn of a document without the police's help: whether its number is still
// valid (the QR code proves what it says offline, but not that it was not revoked since), and,
// with the check code printed beside the number, that it is genuine and what it says.

export type DocumentState = 'valid' | 'revoked' | 'superseded';

export interface DocumentStatus {
  number: string;
  status: DocumentState;
  reason?: string;
  /** the number of the document that replaced it */
  supersededBy?: string;
  /** the national log's evidence that the document's OB entry is in it (once a checkpoint holds it) */
  log?: LeafEvidence;
}

const NUMBER = /^[A-Z0-9][A-Z0-9/_.-]{2,99}$/;

/** A document number as people type it (any case, stray spaces); undefined if it cannot be one. */
export function normaliseDocumentNumber(typed: string): string | undefined {
  const plain = cleanText(typed).toUpperCase().replace(/\s+/g, '');
  return NUMBER.test(plain) ? plain : undefined;
}

function statusOf(row: DocumentRow): DocumentStatus {
  const reason = row.revoked_reason === null ? {} : { reason: row.revoked_reason };
  if (row.superseded_by !== null)
    return { number: row.number, status: 'superseded', supersededBy: row.superseded_by, ...reason };
  if (row.revoked_at !== null) return { number: row.number, status: 'revoked', ...reason };
  return { number: row.number, status: 'valid' };
}

/** Whether a document was revoked or replaced since it was issued; undefined for a number Sauti never issued. */
export async function documentStatus(platform: Platform, typedNumber: string): Promise<DocumentStatus | undefined> {
  const number = normaliseDocumentNumber(typedNumber);
  if (!number) return undefined;
  const row = await documentByNumber(platform.db.pool, number);
  if (!row) return undefined;
  const evidence = await evidenceOfEntry(platform, row.entry_id);
  return { ...statusOf(row), ...(evidence ? { log: evidence } : {}) };
}

export interface CodeCheckInput {
  number?: string | undefined;
  code?: string | undefined;
  name?: string | undefined;
}

export interface CodeCheck {
  /** What its QR code says, checked against the published keys. */
  claims: DocumentClaims;
  stationName: string;
  status: DocumentStatus;
  /** Whether the name typed is the holder's; undefined when none was typed. */
  holderMatches: boolean | undefined;
  /** What the national log's evidence shows of the document's OB entry; undefined while no checkpoint holds it. */
  log: DocumentInLog | undefined;
}

/** The form of what was typed (a 400 naming each field); whether it matches is another matter. */
export function readCodeCheck(input: CodeCheckInput) {
  const problems = new Problems();
  const number = normaliseDocumentNumber(input.number ?? '');
  if (!number) problems.add('number', 'documents.verify.error.number');
  const code = normaliseCheckCode(cleanText(input.code ?? ''));
  if (!code) problems.add('code', 'documents.verify.error.code');
  problems.throwIfAny();
  return { number: number!, code: code!, name: cleanText(input.name ?? '') };
}

/**
 * The check without the QR code: the document number and its check code. A wrong code and an
 * unknown number answer alike (undefined); the code is worked out and compared either way.
 */
export async function checkWithCode(platform: Platform, input: CodeCheckInput): Promise<CodeCheck | undefined> {
  const typed = readCodeCheck(input);
  const row = await documentByNumber(platform.db.pool, typed.number);
  const matches = checkCodeMatches(platform.config.secret, row?.number ?? typed.number, typed.code);
  if (!matches || !row) return undefined;
  // the facts shown are those its QR code carries, so the two checks tell the same story
  const opened = openDocument(row.seal, await trustList(platform));
  if (!opened.genuine) {
    platform.log.warn({ number: row.number, reason: opened.reason }, 'an issued document no longer verifies');
    return undefined;
  }
  const evidence = await evidenceOfEntry(platform, row.entry_id);
  const log = evidence ? await checkDocumentInLog(opened.claims, evidence, await logTrust(platform)) : undefined;
  return {
    claims: opened.claims,
    stationName: row.station_name,
    status: statusOf(row),
    log,
    holderMatches: typed.name === '' ? undefined : nameMatches(opened.claims, typed.name),
  };
}
