import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { isLocale } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { pdfFileName, summaryPath } from './format.ts';
import { SummaryPage } from './page.tsx';
import { renderSummaryPdf } from './pdf.ts';
import { sessionSummary } from './service.ts';

/** Per client address: making a PDF costs more than a page (many people share one mobile-network address). */
const pdfLimit = { max: 60, timeWindow: '1 minute' };
/**
 * A PDF made is reused for this long (per session and language): a summary shared after a
 * session is downloaded by many at once, and each PDF takes tens of milliseconds of CPU to draw.
 * The PDF says when its figures were taken.
 */
const PDF_FRESH_MS = 30_000;
const PDFS_KEPT = 32;

/** A session's summary: the page and its PDF. */
export function registerSummaryRoutes(app: FastifyInstance, platform: Platform): void {
  const made = new Map<string, { at: number; name: string; bytes: Buffer }>();

  app.get('/engage/sessions/:id/summary', { schema: { hide: true } }, async (request, reply) => {
    const summary = await sessionSummary(platform, (request.params as { id: string }).id);
    return reply.html(h(SummaryPage, { page: request.pageContext(), summary }));
  });

  // In the language asked for (?lang=sw, as the page's link does), else the one the pages use.
  app.get(
    '/engage/sessions/:id/summary.pdf',
    { schema: { hide: true }, config: { rateLimit: pdfLimit } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { lang } = request.query as { lang?: string };
      const locale = isLocale(lang) ? lang : request.locale;
      const key = `${id}:${locale}`;
      let pdf = made.get(key);
      if (!pdf || Date.now() - pdf.at > PDF_FRESH_MS) {
        const summary = await sessionSummary(platform, id);
        const t = locale === request.locale ? request.t : platform.i18n.translator(locale);
        const bytes = await renderSummaryPdf(summary, {
          t,
          locale,
          url: new URL(summaryPath(summary.session.id), platform.config.publicUrl).toString(),
        });
        pdf = { at: Date.now(), name: pdfFileName(summary, locale), bytes: Buffer.from(bytes) };
        made.delete(key);
        if (made.size >= PDFS_KEPT) made.delete(made.keys().next().value!);
        made.set(key, pdf);
      }
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${pdf.name}"`)
        .header('cache-control', 'no-store')
        .send(pdf.bytes);
    },
  );
}
