import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { NotFound } from '../../platform/http/errors.ts';
import { DAY_MS } from '../../platform/time/index.ts';
import type { AnyJobDefinition } from '../../platform/jobs/index.ts';
import type { Platform } from '../../platform/module.ts';
import { evidenceOfEntry, formatObNumber } from '../ob/index.ts';
import { encodeEvidence } from './log-evidence.ts';
import { checkCode } from './check-code.ts';
import { DrawPool } from '../../platform/pdf/draw-pool.ts';
import type { DocumentToDraw } from './pdf/draw-worker.ts';
import {
  documentsWithoutPdf,
  keepPdfRow,
  keptPdf,
  printedDocument,
  type PrintedRow,
  type PrintState,
} from './pdf/store.ts';
import { reportUrl } from './pages/free-notice.tsx';

const drawPool = new DrawPool<DocumentToDraw>(new URL('./pdf/draw-worker.ts', import.meta.url));

/** Far above any document's PDF (under 100 KB): a file kept is never one drawn wrong. */
const MAX_PDF_BYTES = 2_000_000;

/** Every minute: PDFs drawn ahead of their first download, for documents issued or revoked since. */
export const DRAW_PDFS_QUEUE = 'documents.draw-pdfs';

const DRAW_BATCH = 100;
/** Older documents are drawn at their first download. */
const DRAW_AHEAD_FOR_MS = DAY_MS;

/** Draws and keeps the PDFs of documents that have none for how they now print; how many were drawn. */
export async function drawDuePdfs(platform: Platform): Promise<number> {
  const since = new Date(platform.clock.now().getTime() - DRAW_AHEAD_FOR_MS);
  const due = await documentsWithoutPdf(platform.db.pool, since, DRAW_BATCH);
  for (const id of due) await documentPdf(platform, id);
  return due.length;
}

export function drawPdfJobs(platform: Platform): AnyJobDefinition[] {
  return [
    {
      queue: DRAW_PDFS_QUEUE,
      every: '* * * * *',
      policy: 'singleton',
      run: async () => void (await drawDuePdfs(platform)),
    },
  ];
}

/**
 * The PDF of an issued document (police abstract, P3 form Part I) in the language its holder chose:
 * tagged, one A4 page, with its signed QR code. Drawn once for each way it prints (see PrintState) and
 * kept; a revoked document prints stamped revoked, with the reason. Who may have it is the caller's to check.
 */
export async function documentPdf(platform: Platform, documentId: string): Promise<Uint8Array> {
  const row = await printedDocument(platform.db.pool, documentId);
  if (!row) throw new NotFound();
  // the national log's proof of its entry, for `sauti verify document.pdf` to check offline
  const evidence = row.revoked_at ? null : await evidenceOfEntry(platform, row.entry_id);
  const state: PrintState = row.revoked_at ? 'revoked' : evidence ? 'logged' : 'pending';
  const kept = await keptPdf(platform.db.pool, row.id, state);
  if (kept) {
    // a file gone from the store is drawn again rather than failing the download
    const bytes = await readFile(platform.blobs.path(kept)).catch(() => undefined);
    if (bytes) return bytes;
  }
  const pdf = await drawPool.draw(toDraw(platform, row, evidence ? encodeEvidence(evidence) : undefined));
  await keepPdf(platform, row.id, state, pdf).catch((error: unknown) =>
    platform.log.error({ err: error, document: row.number }, 'a drawn PDF could not be kept; it will be drawn again'),
  );
  return pdf;
}

async function keepPdf(platform: Platform, documentId: string, state: PrintState, pdf: Uint8Array): Promise<void> {
  await platform.blobs.batch(async (batch) => {
    const blob = await platform.blobs.ingest(Readable.from([Buffer.from(pdf)]), MAX_PDF_BYTES);
    await platform.blobs.keep(blob);
    const kept = { documentId, state, sha256: blob.sha256, size: blob.size, drawnAt: platform.clock.now() };
    await keepPdfRow(platform.db.pool, kept);
    batch.recorded();
  });
}

function toDraw(platform: Platform, row: PrintedRow, logEvidence: string | undefined): DocumentToDraw {
  const { publicUrl } = platform.config;
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
    logEvidence,
    revoked: row.revoked_at && row.revoked_reason ? { at: row.revoked_at, reason: row.revoked_reason } : undefined,
  };
  return { doc, zone: { timeZone, timeZoneAbbreviation } };
}
