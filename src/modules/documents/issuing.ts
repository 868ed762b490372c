import type { StaffActor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/index.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/module.ts';
import { newHolder, sealDocument } from '../../platform/signed-docs/index.ts';
import { localYear } from '../../platform/time/index.ts';
import type { EntryForDocument } from '../ob/index.ts';
import type { DocumentsKey } from './keys.ts';
import { payloadKind, seriesOf, type DocumentKind } from './kinds.ts';
import type { IssuedDocument } from './service.ts';
import * as store from './store.ts';

export interface ToIssue {
  who: StaffActor;
  entry: EntryForDocument;
  kind: DocumentKind;
  lang: 'en' | 'sw';
  holderName: string;
  now: Date;
  requestId: string | null;
}

/** Numbers, seals and stores a document inside the caller's transaction (and audits it). */
export async function storeIssued(
  client: Queryable,
  platform: Platform,
  key: DocumentsKey,
  d: ToIssue,
): Promise<IssuedDocument> {
  const { who, entry, kind, now } = d;
  const year = Number(localYear(now, platform.config.jurisdiction.timeZone));
  const number = await store.nextNumber(client, entry.stationId, seriesOf(kind), year);
  const { holderHash, holderSalt } = newHolder(d.holderName);
  const seal = sealDocument(
    {
      documentNumber: number,
      kind: payloadKind(kind),
      obNumber: entry.obNumber,
      leafIndex: entry.leafIndex,
      stationId: entry.stationId,
      issuedAt: Math.floor(now.getTime() / 1000),
      eventAt: Math.floor(entry.occurredAt.getTime() / 1000),
      holderHash,
      holderSalt,
      issuerKid: key.kid,
    },
    key.signer,
  );
  const id = await store.insertDocument(client, {
    number,
    kind,
    entryId: entry.id,
    stationId: entry.stationId,
    requestId: d.requestId,
    issuedAt: now,
    issuedBy: who.id,
    language: d.lang,
    holderName: d.holderName,
    holderSalt: Buffer.from(holderSalt),
    seal,
    kid: key.kid,
  });
  await audit(client, who, 'documents.issued', 'document', id, { number, entry: entry.id });
  return { id, number, kind, obNumber: entry.obNumber, stationId: entry.stationId, issuedAt: now, seal };
}
