import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { codeLookup } from '../../../platform/http/code-lookups.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { deskDocumentPdf, fileName, requesterDocumentPdf, type DownloadedDocument } from './service.ts';

function sendPdf(reply: FastifyReply, document: DownloadedDocument) {
  return reply
    .header('content-disposition', `attachment; filename="${fileName(document.number)}"`)
    .header('cache-control', 'no-store')
    .type('application/pdf')
    .send(Buffer.from(document.pdf));
}

const NumberParams = Type.Object({
  series: Type.String({ maxLength: 2, description: 'PA (police abstracts) or P3' }),
  station: Type.String({ maxLength: 64 }),
  year: Type.String({ maxLength: 4 }),
  serial: Type.String({ maxLength: 9 }),
});

/** The desk's copy: the address is the document's number, /api/documents/PA/SALAMA/2026/12.pdf. */
export const documentPdfDeskRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/documents',
  register(scope, platform) {
    scope.get(
      '/:series/:station/:year/:serial.pdf',
      {
        schema: {
          tags: ['documents'],
          summary: 'An issued document as a PDF, by its number (the desk of the station that issued it)',
          params: NumberParams,
          produces: ['application/pdf'],
        },
      },
      async (request, reply) => sendPdf(reply, await deskDocumentPdf(platform, request.actor, request.params)),
    );
  },
};

/** The requester's copy, with the code they were given when they asked for it. */
export const documentPdfRequestRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/documents',
  register(scope, platform) {
    scope.get(
      '/requests/:code/document.pdf',
      {
        ...codeLookup(platform, 'documents.request'),
        schema: { params: Type.Object({ code: Type.String({ maxLength: 40 }) }) },
      },
      async (request, reply) => sendPdf(reply, await requesterDocumentPdf(platform, request.params.code)),
    );
  },
};
