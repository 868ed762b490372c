import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { listStations } from '../../../platform/db/reference-store.ts';
import { codeLookup } from '../../../platform/http/code-lookups.ts';
import { BadInput, Conflict, NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { formBody } from '../../../platform/web/form-action.ts';
import { translateProblems } from '../../../platform/web/forms.tsx';
import { FollowPage } from '../pages/follow.tsx';
import { RequestPage } from '../pages/request.tsx';
import { sealQrSvg } from '../pages/seal-qr.ts';
import { followRequest, requestDocument } from '../service.ts';

const Fields = { station: 64, ob: 40, code: 40, kind: 40, language: 2, phone: 20 } as const;
const SlipQuery = Type.Object({
  station: Type.Optional(Type.String({ maxLength: Fields.station })),
  ob: Type.Optional(Type.String({ maxLength: Fields.ob })),
  code: Type.Optional(Type.String({ maxLength: Fields.code })),
  kind: Type.Optional(Type.String({ maxLength: Fields.kind })),
});

async function submitted(platform: Platform, request: FastifyRequest, values: Record<string, string>) {
  const props = {
    page: request.pageContext(),
    stations: await listStations(platform.db.pool),
    values,
    errors: {},
    publicUrl: platform.config.publicUrl,
  };
  try {
    const made = await requestDocument(platform, values);
    return { node: h(RequestPage, { ...props, made, values: { station: values.station ?? '' } }), status: 201 };
  } catch (error) {
    if (error instanceof BadInput)
      return { node: h(RequestPage, { ...props, errors: translateProblems(request.t, error.problems) }), status: 400 };
    if (error instanceof NotFound) return { node: h(RequestPage, { ...props, notFound: true }), status: 404 };
    if (error instanceof Conflict) {
      const errors = { kind: request.t('documents.request.already') };
      return { node: h(RequestPage, { ...props, errors }), status: 409 };
    }
    throw error;
  }
}

/** /documents (ask with the slip) and /documents/follow (where a request stands), with and without JavaScript. */
export const documentPageRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/documents',
  register(scope, platform) {
    // the slip's QR code and links open the form filled in
    scope.get('', { schema: { querystring: SlipQuery } }, async (request, reply) => {
      const values = { ...request.query } as Record<string, string>;
      const stations = await listStations(platform.db.pool);
      return reply.html(
        h(RequestPage, {
          page: request.pageContext(),
          stations,
          values,
          errors: {},
          publicUrl: platform.config.publicUrl,
        }),
      );
    });

    scope.post(
      '',
      {
        // the slip's code, guessed as on /ob/verify
        ...codeLookup(platform, 'ob.slip', { reference: { from: 'body', fields: ['station', 'ob'] } }),
        schema: { body: formBody(Fields) },
      },
      async (request, reply) => {
        const { node, status } = await submitted(platform, request, request.body as Record<string, string>);
        return reply.html(node, status);
      },
    );

    scope.get(
      '/follow',
      {
        ...codeLookup(platform, 'documents.request'),
        schema: { querystring: Type.Object({ code: Type.Optional(Type.String({ maxLength: 40 })) }) },
      },
      async (request, reply) => {
        const code = request.query.code ?? '';
        const view = code === '' ? undefined : ((await followRequest(platform, code)) ?? null);
        const qrSvg = view?.seal ? await sealQrSvg(view.seal) : undefined;
        return reply.html(
          h(FollowPage, {
            page: request.pageContext(),
            code,
            errors: {},
            view,
            qrSvg,
            publicUrl: platform.config.publicUrl,
          }),
          view === null ? 404 : 200,
        );
      },
    );
  },
};
