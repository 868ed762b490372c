import type { Actor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { audit } from '../../platform/audit/index.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { Conflict, Forbidden, NotFound, badField } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { cleanText } from '../../platform/text/index.ts';
import { commands, entryForDocument } from '../ob/index.ts';
import { storeIssued } from './issuing.ts';
import { documentsKey } from './keys.ts';
import { deskOf, holderOf, type IssuedDocument } from './service.ts';
import * as store from './store.ts';

// A document is never edited: it is revoked (the commander, with a reason), or superseded by a new one
// made from the same entry (the desk, with a reason). Verification says so online.

const REASON_MAX = 2000;

function readReason(reason: unknown): string {
  const text = cleanText(typeof reason === 'string' ? reason : '');
  if (text === '') badField('reason', 'documents.error.reasonNeeded');
  if (text.length > REASON_MAX) badField('reason', 'documents.error.reasonTooLong', { max: REASON_MAX });
  return text;
}

async function documentNamed(platform: Platform, number: unknown): Promise<store.DocumentRow> {
  const found =
    typeof number === 'string' ? await store.documentByNumber(platform.db.pool, cleanText(number)) : undefined;
  return found ?? badField('number', 'documents.error.noSuchDocument');
}

/** The station's commander revokes one of its documents, with the reason verifiers will be told. */
export async function revokeDocument(
  platform: Platform,
  actor: Actor,
  number: unknown,
  reason: unknown,
): Promise<void> {
  const document = await documentNamed(platform, number);
  const who = requireStaff(actor);
  if (!commands(who, document.station_id)) throw new Forbidden();
  const text = readReason(reason);
  await inTransaction(platform.db.pool, async (client) => {
    const ended = await store.endDocument(client, document.id, {
      by: who.id,
      reason: text,
      at: platform.clock.now(),
      supersededBy: null,
    });
    if (!ended) throw new Conflict('the document was already revoked or superseded');
    await audit(client, who, 'documents.revoked', 'document', document.id, { number: document.number });
  });
}

/** The desk replaces one of its documents by a new one from the same entry (say, a misspelt name amended). */
export async function reissueDocument(
  platform: Platform,
  actor: Actor,
  number: unknown,
  reason: unknown,
): Promise<IssuedDocument> {
  const document = await documentNamed(platform, number);
  const who = deskOf(actor, document.station_id);
  const text = readReason(reason);
  const ob = { day: document.ob_day, number: document.ob_number };
  const entry = (await entryForDocument(platform.db.pool, document.station_id, ob)) ?? notFound();
  const holderName = holderOf(entry);
  const key = await documentsKey(platform);
  const now = platform.clock.now();
  return inTransaction(platform.db.pool, async (client) => {
    const locked = await store.documentByNumber(client, document.number, true);
    if (!locked || locked.revoked_at) throw new Conflict('the document was already revoked or superseded');
    const lang = document.language;
    const issued = await storeIssued(client, platform, key, {
      who,
      entry,
      kind: document.kind,
      lang,
      holderName,
      now,
      requestId: null,
    });
    await store.endDocument(client, document.id, { by: who.id, reason: text, at: now, supersededBy: issued.id });
    await audit(client, who, 'documents.superseded', 'document', document.id, { by: issued.number });
    return issued;
  });
}

function notFound(): never {
  throw new NotFound();
}
