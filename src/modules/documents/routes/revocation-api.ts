import { Type } from 'typebox';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { reissueDocument, revokeDocument } from '../revocation.ts';

const tags = ['documents'];

/** Ending a document's validity: revoked by the commander, or superseded by a new one from the desk. */
export const documentRevocationApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/documents',
  register(scope, platform) {
    scope.post(
      '/revocations',
      {
        schema: {
          tags,
          summary: 'Revoke a document of the station (its commander), with the reason verifiers are told',
          body: Type.Object({ number: Type.String({ maxLength: 100 }), reason: Type.String({ maxLength: 4000 }) }),
        },
      },
      async (request, reply) => {
        await revokeDocument(platform, request.actor, request.body.number, request.body.reason);
        return reply.code(204).send();
      },
    );

    scope.post(
      '/reissues',
      {
        schema: {
          tags,
          summary: 'Replace a document of the station by a new one from the same entry; the old one is superseded',
          body: Type.Object({ number: Type.String({ maxLength: 100 }), reason: Type.String({ maxLength: 4000 }) }),
        },
      },
      async (request, reply) => {
        const issued = await reissueDocument(platform, request.actor, request.body.number, request.body.reason);
        return reply.code(201).send({ ...issued, issuedAt: issued.issuedAt.toISOString() });
      },
    );
  },
};
