import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import type { RoutePlugin, RouteScope } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import { adminRoles } from '../permissions.ts';
import { importRoutes } from './import-routes.ts';
import { NewStationPage, StationPage, StationsPage, type StationFormName } from './page.tsx';
import * as places from './service.ts';
import { UnitsPage } from './units-page.tsx';

const StationsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  county: Type.Optional(Type.String({ maxLength: 10 })),
  state: Type.Optional(Type.String({ maxLength: 10 })),
  page: Type.Optional(Type.String({ maxLength: 20 })),
});
const StationId = Type.Object({ id: Type.String({ maxLength: 100 }) });
const Done = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const stationFields = { id: 100, name: 400, county: 10, kind: 40 } as const;
const doneNotices = new Set(['created', 'saved', 'unchanged', 'closed', 'reopened']);

function readQuery(raw: Static<typeof StationsQuery>): places.StationQuery {
  const page = Number.parseInt(raw.page ?? '1', 10);
  const state = raw.state === 'open' || raw.state === 'closed' ? raw.state : '';
  return { q: raw.q ?? '', county: raw.county ?? '', state, page: Number.isFinite(page) && page > 0 ? page : 1 };
}

const counties = (platform: Platform) => platform.config.jurisdiction.counties;

async function stationPage(
  platform: Platform,
  request: FastifyRequest,
  id: string,
  extra: { form?: StationFormName; errors?: FieldErrors; values?: places.StationForm; notice?: string } = {},
) {
  return h(StationPage, {
    page: request.pageContext(),
    station: await places.station(platform, request.actor, id),
    counties: counties(platform),
    errors: extra.errors ?? {},
    form: extra.form,
    values: extra.values,
    notice: extra.notice,
  });
}

/** The list of stations, searched and filtered, and a new station. */
function stationList(scope: RouteScope, platform: Platform): void {
  scope.get('/stations', { schema: { querystring: StationsQuery } }, async (request, reply) => {
    requireStaff(request, adminRoles);
    const query = readQuery(request.query);
    const list = await places.stationList(platform, request.actor, query);
    return reply.html(h(StationsPage, { page: request.pageContext(), query, list, counties: counties(platform) }));
  });
  scope.get('/stations/new', async (request, reply) => {
    requireStaff(request, adminRoles);
    const page = request.pageContext();
    return reply.html(h(NewStationPage, { page, counties: counties(platform), errors: {}, values: {} }));
  });
  scope.post('/stations/new', { schema: { body: formBody(stationFields) } }, async (request, reply) => {
    requireStaff(request, adminRoles);
    const body = request.body;
    return answerForm(request, reply, {
      action: async () =>
        `/staff/admin/station/${await places.createStation(platform, request.actor, body)}?done=created`,
      showAgain: (errors) =>
        h(NewStationPage, { page: request.pageContext(), counties: counties(platform), errors, values: body }),
    });
  });
}

/** One station: its details, and the administrator's changes to it. */
function stationActions(scope: RouteScope, platform: Platform): void {
  scope.get('/station/:id', { schema: { params: StationId, querystring: Done } }, async (request, reply) => {
    requireStaff(request, adminRoles);
    const { done } = request.query;
    const notice = done && doneNotices.has(done) ? request.t(`places.done.${done}`) : undefined;
    return reply.html(await stationPage(platform, request, request.params.id, notice ? { notice } : {}));
  });
  scope.post(
    '/station/:id/details',
    { schema: { params: StationId, body: formBody(stationFields) } },
    async (request, reply) => {
      requireStaff(request, adminRoles);
      const { id } = request.params;
      const body = request.body;
      return answerForm(request, reply, {
        action: async () =>
          `/staff/admin/station/${id}?done=${(await places.editStation(platform, request.actor, id, body)) ? 'saved' : 'unchanged'}`,
        showAgain: (errors) => stationPage(platform, request, id, { form: 'details', errors, values: body }),
      });
    },
  );
  scope.post(
    '/station/:id/state',
    { schema: { params: StationId, body: formBody({ closed: 10 }) } },
    async (request, reply) => {
      requireStaff(request, adminRoles);
      const { id } = request.params;
      const closed = request.body.closed === 'yes';
      await places.setClosed(platform, request.actor, id, closed);
      return reply.redirect(`/staff/admin/station/${id}?done=${closed ? 'closed' : 'reopened'}`, 303);
    },
  );
}

/** The administrator's screens for stations (and their CSV import) and units. */
export const placeRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/admin',
  register(scope, platform) {
    stationList(scope, platform);
    stationActions(scope, platform);
    importRoutes(scope, platform);
    scope.get('/units', async (request, reply) => {
      requireStaff(request, adminRoles);
      const units = await places.unitList(platform, request.actor);
      return reply.html(h(UnitsPage, { page: request.pageContext(), units }));
    });
  },
};
