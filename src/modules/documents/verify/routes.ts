import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { listStations } from '../../../platform/db/reference-store.ts';
import { codeLookup, lookupMissed, LOOKUP_NOTE } from '../../../platform/http/code-lookups.ts';
import { BadInput, NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { formBody } from '../../../platform/web/form-action.ts';
import { translateProblems } from '../../../platform/web/forms.tsx';
import { decoderUrls, sendFile, serviceWorkerUrl } from './files.ts';
import { VerifyDocumentPage } from './page.tsx';
import { checkWithCode, documentStatus, type CodeCheck } from './service.ts';

// /documents/verify: anyone checks a police abstract, P3 form or fine receipt. By its QR code, in the browser and
// offline, against the published keys; or, without JavaScript or a QR code, by its number and check
// code on the server. /api/documents/status/:number says whether a genuine document was revoked since.

const Fields = { number: 100, code: 40, name: 200 } as const;

/** The page compiles the QR decoder's WebAssembly, which a Content-Security-Policy must allow by name. */
function allowWebAssembly(reply: FastifyReply): void {
  const policy = reply.getHeader('content-security-policy');
  if (typeof policy === 'string')
    reply.header(
      'content-security-policy',
      policy.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"),
    );
}

async function verifyPage(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { values?: Record<string, string>; result?: CodeCheck | null; errors?: Record<string, string> },
  status = 200,
) {
  const { jurisdiction } = platform.config;
  allowWebAssembly(reply);
  return reply.html(
    h(VerifyDocumentPage, {
      page: request.pageContext(),
      stations: await listStations(platform.db.pool),
      values: state.values ?? {},
      errors: state.errors ?? {},
      result: state.result,
      zone: { timeZone: jurisdiction.timeZone, abbreviation: jurisdiction.timeZoneAbbreviation },
      currency: jurisdiction.currency,
      decoder: decoderUrls,
      serviceWorker: serviceWorkerUrl,
    }),
    status,
  );
}

/** The page, its check by number and code, its service worker and the QR decoder's files. */
export const documentVerifyPageRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/documents',
  register(scope, platform) {
    // a printed link may carry the number (and the code) to fill the form in
    const Prefill = Type.Object({
      number: Type.Optional(Type.String({ maxLength: Fields.number })),
      code: Type.Optional(Type.String({ maxLength: Fields.code })),
    });
    scope.get('/verify', { schema: { querystring: Prefill } }, async (request, reply) =>
      verifyPage(platform, request, reply, {
        values: { number: request.query.number ?? '', code: request.query.code ?? '' },
      }),
    );

    scope.post(
      '/verify',
      {
        ...codeLookup(platform, 'documents.document', { reference: { from: 'body', fields: ['number'] } }),
        schema: { body: formBody(Fields) },
      },
      async (request, reply) => {
        const values = request.body as Record<string, string>;
        try {
          const result = (await checkWithCode(platform, values)) ?? null;
          if (!result) lookupMissed(request);
          return await verifyPage(platform, request, reply, { values: result ? {} : values, result });
        } catch (error) {
          if (!(error instanceof BadInput)) throw error;
          const errors = translateProblems(request.t, error.problems);
          return verifyPage(platform, request, reply, { values, errors }, 400);
        }
      },
    );

    scope.get('/verify-sw.js', async (request, reply) => sendFile(serviceWorkerUrl, request, reply));
    scope.get(
      '/verify/:folder/:file',
      {
        schema: {
          params: Type.Object({ folder: Type.String({ maxLength: 40 }), file: Type.String({ maxLength: 40 }) }),
        },
      },
      async (request, reply) =>
        sendFile(`/documents/verify/${request.params.folder}/${request.params.file}`, request, reply),
    );
  },
};

const Status = Type.Object({
  number: Type.String(),
  status: Type.Union([Type.Literal('valid'), Type.Literal('revoked'), Type.Literal('superseded')]),
  reason: Type.Optional(Type.String({ description: 'why it was revoked or replaced, as the police wrote it' })),
  supersededBy: Type.Optional(Type.String({ description: 'the number of the document that replaced it' })),
  log: Type.Optional(
    Type.Object(
      {
        leafIndex: Type.Integer(),
        treeSize: Type.Integer(),
        leaf: Type.String({ description: "the OB entry's public leaf, base64" }),
        proof: Type.Array(Type.String({ description: 'base64' })),
        checkpoint: Type.String({ description: "the signed checkpoint, then the witnesses' cosignature lines" }),
      },
      {
        description:
          "the national log's evidence that the document's OB entry is in it, checked with the keys in /documents/keys",
      },
    ),
  ),
});

/** Whether a document is still valid: what an offline check of its QR code cannot know. */
export const documentStatusApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/documents',
  register(scope, platform) {
    scope.get(
      '/status/:number',
      {
        // a number alone: nothing secret is guessed, but unknown numbers count against the address
        ...codeLookup(platform, 'documents.status'),
        schema: {
          tags: ['documents'],
          summary: 'Whether a document was revoked or replaced since it was issued',
          description:
            'The number as printed, its slashes encoded (`PA%2FSALAMA%2F2026%2F12`). 404 for a number Sauti never ' +
            'issued. ' +
            LOOKUP_NOTE,
          params: Type.Object({ number: Type.String({ maxLength: 100 }) }),
          response: { 200: Status },
        },
      },
      async (request) => {
        const status = await documentStatus(platform, request.params.number);
        if (!status) throw new NotFound();
        return status;
      },
    );
  },
};
