import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { listStations } from '../../../platform/db/reference-store.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import { keepsABook } from '../../ob/index.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import { issueDocument, refuseRequest, stationRequests } from '../service.ts';
import { DeskPage } from './page.tsx';

const Station = Type.Object({ station: Type.String({ maxLength: 64 }) });
const Refusal = Type.Object({ station: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 20 }) });
const Done = Type.Object({
  issued: Type.Optional(Type.String({ maxLength: 80 })),
  refused: Type.Optional(Type.String({ maxLength: 2 })),
});
const IssueBody = formBody({ kind: 40, ob: 40, language: 2, request: 20 });
const RefusalBody = formBody({ reason: 4000 });

async function stationNamed(platform: Platform, id: string) {
  return (await listStations(platform.db.pool)).find((s) => s.id === id) ?? notFound();
}

function notFound(): never {
  throw new NotFound();
}

async function deskPage(
  platform: Platform,
  request: FastifyRequest,
  stationId: string,
  form: { values?: Record<string, string>; errors?: FieldErrors; notice?: string; refusing?: string } = {},
) {
  const requests = await stationRequests(platform, request.actor, stationId);
  const station = await stationNamed(platform, stationId);
  return h(DeskPage, {
    page: request.pageContext(),
    station: { id: station.id, name: station.name },
    requests,
    values: form.values ?? {},
    errors: form.errors ?? {},
    notice: form.notice,
    refusing: form.refusing,
  });
}

/** The station desk's documents page: its requests on their clocks, issuing and refusing, without JavaScript. */
export const documentDeskPageRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/documents',
  register(scope, platform) {
    // the navigation's link: the desk's own station
    scope.get('', async (request, reply) => {
      const who = requireStaff(request, keepsABook);
      return reply.redirect(`/staff/documents/${encodeURIComponent(who.stationId!)}`, 303);
    });

    scope.get('/:station', { schema: { params: Station, querystring: Done } }, async (request, reply) => {
      const { issued, refused } = request.query;
      const notice = issued
        ? request.t('documents.desk.issuedNotice', { number: issued })
        : refused
          ? request.t('documents.desk.refusedNotice')
          : undefined;
      return reply.html(await deskPage(platform, request, request.params.station, notice ? { notice } : {}));
    });

    scope.post('/:station/issue', { schema: { params: Station, body: IssueBody } }, async (request, reply) => {
      const station = request.params.station;
      const values = request.body as Record<string, string>;
      return answerForm(request, reply, {
        async action() {
          const issued = await issueDocument(platform, request.actor, station, values);
          return `/staff/documents/${encodeURIComponent(station)}?issued=${encodeURIComponent(issued.number)}`;
        },
        showAgain: (errors) => deskPage(platform, request, station, { values, errors }),
      });
    });

    scope.post(
      '/:station/requests/:id/refusal',
      { schema: { params: Refusal, body: RefusalBody } },
      async (request, reply) => {
        const { station, id } = request.params;
        return answerForm(request, reply, {
          async action() {
            await refuseRequest(platform, request.actor, id, request.body.reason ?? '');
            return `/staff/documents/${encodeURIComponent(station)}?refused=1`;
          },
          showAgain: (errors) => deskPage(platform, request, station, { errors, refusing: id }),
        });
      },
    );
  },
};
