import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { codeLookup, lookupMissed, LOOKUP_NOTE, type LookupReference } from '../../../platform/http/code-lookups.ts';
import { BadInput } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { formBody } from '../../../platform/web/form-action.ts';
import { translateProblems } from '../../../platform/web/forms.tsx';
import { VerifyPage } from '../pages/verify.tsx';
import { stationNames } from '../slip/store.ts';
import { checkSlip, type SlipCheck, type SlipQuery } from '../slip/verify.ts';

// /ob/verify and /api/ob/verify: the public check of a slip, slowed after wrong codes like the other
// public look-ups (the slip's station and OB number name what is guessed); a wrong code and an unknown
// number answer alike.

const Fields = { station: 64, ob: 40, code: 40 } as const;
const VerifyQuery = Type.Object({
  station: Type.Optional(Type.String({ maxLength: Fields.station })),
  ob: Type.Optional(Type.String({ maxLength: Fields.ob })),
  code: Type.Optional(Type.String({ maxLength: Fields.code })),
});

/** What a slip's code is guessed for: its entry, by station and OB number (a document request guesses the same). */
const slip = (from: LookupReference['from']): LookupReference => ({ from, fields: ['station', 'ob'] });

const values = (query: SlipQuery) => ({
  station: query.station ?? '',
  ob: query.ob ?? '',
  code: query.code ?? '',
});

async function verifyPage(platform: Platform, request: FastifyRequest, query: SlipQuery, check: boolean) {
  const stations = await stationNames(platform.db.pool);
  const page = request.pageContext();
  const props = { page, stations, values: values(query), errors: {} };
  if (!check) return { node: h(VerifyPage, props), status: 200 };
  try {
    const result = (await checkSlip(platform, query)) ?? null;
    if (!result) lookupMissed(request);
    return { node: h(VerifyPage, { ...props, result }), status: 200 };
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    return { node: h(VerifyPage, { ...props, errors: translateProblems(request.t, error.problems) }), status: 400 };
  }
}

/** The check as a page: the form (filled in from the slip's QR code), and the answer. */
export const verifyPageRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/ob',
  register(scope, platform) {
    scope.get('/verify', { schema: { querystring: VerifyQuery } }, async (request, reply) => {
      const { node, status } = await verifyPage(platform, request, request.query, false);
      return reply.html(node, status);
    });

    scope.post(
      '/verify',
      { ...codeLookup(platform, 'ob.slip', { reference: slip('body') }), schema: { body: formBody(Fields) } },
      async (request, reply) => {
        const { node, status } = await verifyPage(platform, request, request.body, true);
        return reply.html(node, status);
      },
    );
  },
};

const Answer = Type.Object({
  found: Type.Boolean(),
  station: Type.Optional(Type.String()),
  obNumber: Type.Optional(Type.String()),
  recordedAt: Type.Optional(Type.String({ format: 'date-time' })),
  amendedBy: Type.Optional(
    Type.Array(Type.Object({ obNumber: Type.String(), recordedAt: Type.String({ format: 'date-time' }) })),
  ),
  proof: Type.Optional(
    Type.Union([
      Type.Object({
        leafIndex: Type.Integer(),
        treeSize: Type.Integer(),
        leafHash: Type.String({ description: 'hex' }),
        proof: Type.Array(Type.String({ description: 'base64' })),
        checkpoint: Type.String({ description: 'the signed checkpoint (C2SP signed note) the proof is against' }),
      }),
      Type.Null({ description: 'not yet in a published checkpoint' }),
    ]),
  ),
  message: Type.String({ description: 'the answer in plain words (en or sw, from Accept-Language)' }),
});

function answer(request: FastifyRequest, result: SlipCheck | undefined) {
  if (!result) return { found: false, message: request.t('ob.verify.notFound') };
  return {
    found: true,
    station: result.station.id,
    obNumber: result.obNumber,
    recordedAt: result.recordedAt.toISOString(),
    amendedBy: result.amendments.map((a) => ({ obNumber: a.obNumber, recordedAt: a.recordedAt.toISOString() })),
    proof: result.proof,
    message: request.t('ob.verify.foundShort', { ob: result.obNumber }),
  };
}

/** The same check as JSON. */
export const verifyApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/ob',
  register(scope, platform) {
    scope.get(
      '/verify',
      {
        ...codeLookup(platform, 'ob.slip', { reference: slip('query') }),
        schema: {
          tags: ['ob'],
          summary:
            'Check an Occurrence Book slip: the entry exists, when it was recorded, its amendments, its log proof',
          description:
            "Never returns the entry's content. A wrong code and an unknown number both answer `found: false`. " +
            LOOKUP_NOTE,
          querystring: VerifyQuery,
          response: { 200: Answer },
        },
      },
      async (request) => {
        const result = await checkSlip(platform, request.query);
        if (!result) lookupMissed(request);
        return answer(request, result);
      },
    );
  },
};
