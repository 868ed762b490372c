import { NotFound } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { evidenceOfEntry, formatObNumber } from '../ob/index.ts';
import { encodeEvidence } from './log-evidence.ts';
import { checkCode } from './check-code.ts';
import { DrawPool } from '../../platform/pdf/draw-pool.ts';
import type { DocumentToDraw } from './pdf/draw-worker.ts';
import { printedDocument } from './pdf/store.ts';
import { reportUrl } from './pages/free-notice.tsx';

const drawPool = new DrawPool<DocumentToDraw>(new URL('./pdf/draw-worker.ts', import.meta.url));

/**
 * The PDF of an issued document (police abstract, P3 form Part I) in the language its holder chose:
 * tagged, one A4 page, with its signed QR code. Who may have it is the caller's to check.
 */
export async function documentPdf(platform: Platform, documentId: string): Promise<Uint8Array> {
  const row = await printedDocument(platform.db.pool, documentId);
  if (!row) throw new NotFound();
  const { publicUrl } = platform.config;
  // the national log's proof of its entry, for `sauti verify document.pdf` to check offline
  const evidence = await evidenceOfEntry(platform, row.entry_id);
  const kindWords = platform.i18n.translator(row.language)(`documents.kind.${row.kind}`);
  const { timeZone, timeZoneAbbreviation } = platform.config.jurisdiction;
  const doc = {
    kind: row.kind,
    number: row.number,
    language: row.language,
    holderName: row.holder_name,
    stationName: row.station_name,
    obNumber: formatObNumber({ day: row.ob_day, number: row.ob_number }),
    entryKind: row.entry_kind,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    issuedAt: row.issued_at,
    seal: row.seal,
    checkCode: checkCode(platform.config.secret, row.number),
    // a demand for money at its station, about this kind of document and this one by its number
    reportUrl: reportUrl(publicUrl, { station: row.station_id, about: kindWords, document: row.number }),
    verifyUrl: `${publicUrl}/documents/verify`,
    logEvidence: evidence ? encodeEvidence(evidence) : undefined,
  };
  return drawPool.draw({ doc, zone: { timeZone, timeZoneAbbreviation } });
}
