import { h } from 'preact';
import { Type } from 'typebox';
import { isLocale, type Locale } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { FastifyRequest } from 'fastify';
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

const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });
const PdfQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 100 })) });

interface MadePdf {
  at: number;
  name: string;
  bytes: Buffer;
}

/** Recently made PDFs by session and language, the oldest dropped first. */
function pdfCache(platform: Platform) {
  const made = new Map<string, MadePdf>();
  return async (request: FastifyRequest, id: string, locale: Locale): Promise<MadePdf> => {
    const key = `${id}:${locale}`;
    const kept = made.get(key);
    if (kept && Date.now() - kept.at <= PDF_FRESH_MS) return kept;
    const summary = await sessionSummary(platform, id);
    const t = locale === request.locale ? request.t : platform.i18n.translator(locale);
    const bytes = await renderSummaryPdf(summary, {
      t,
      locale,
      url: new URL(summaryPath(summary.session.id), platform.config.publicUrl).toString(),
    });
    const pdf = { at: Date.now(), name: pdfFileName(summary, locale), bytes: Buffer.from(bytes) };
    made.delete(key);
    if (made.size >= PDFS_KEPT) made.delete(made.keys().next().value!);
    made.set(key, pdf);
    return pdf;
  };
}

/** A session's summary: the page and its PDF. */
export const summaryRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/engage/sessions',
  register(scope, platform) {
    const pdfFor = pdfCache(platform);

    scope.get('/:id/summary', { schema: { params: Params } }, async (request, reply) => {
      const summary = await sessionSummary(platform, request.params.id);
      return reply.html(h(SummaryPage, { page: request.pageContext(), summary }));
    });

    // In the language asked for (?lang=sw, as the page's link does), else the one the pages use.
    scope.get(
      '/:id/summary.pdf',
      { schema: { params: Params, querystring: PdfQuery }, config: { rateLimit: pdfLimit } },
      async (request, reply) => {
        const { lang } = request.query;
        const pdf = await pdfFor(request, request.params.id, isLocale(lang) ? lang : request.locale);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${pdf.name}"`)
          .header('cache-control', 'no-store')
          .send(pdf.bytes);
      },
    );
  },
};
