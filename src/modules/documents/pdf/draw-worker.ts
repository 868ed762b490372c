import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { showTimesIn, Translations } from '../../../platform/i18n/index.ts';
import type { DrawAnswer, DrawRequest } from '../../../platform/pdf/draw-pool.ts';
import { drawDocument, type PrintedDocument } from './layout.ts';

// A thread that draws documents' PDFs (see DrawPool): the layout's own texts, in both languages.

const texts = new Translations().load(fileURLToPath(new URL('./locales/', import.meta.url)));

/** A document, and the zone its times are shown in (the jurisdiction's). */
export interface DocumentToDraw {
  doc: PrintedDocument;
  zone: Parameters<typeof showTimesIn>[0];
}

parentPort?.on('message', ({ id, input }: DrawRequest<DocumentToDraw>) => {
  showTimesIn(input.zone);
  drawDocument(input.doc, texts).then(
    (drawn) => {
      // handed over without a copy, so it must own its memory (a small Buffer may share a pool's)
      const pdf = drawn.byteOffset === 0 && drawn.byteLength === drawn.buffer.byteLength ? drawn : drawn.slice();
      parentPort!.postMessage({ id, pdf } satisfies DrawAnswer, [pdf.buffer as ArrayBuffer]);
    },
    (error: unknown) => parentPort!.postMessage({ id, error: String(error) } satisfies DrawAnswer),
  );
});
