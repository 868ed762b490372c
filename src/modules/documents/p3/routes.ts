import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { Forbidden } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import { listStations } from '../../../platform/db/reference-store.ts';
import { keepsABook } from '../../ob/index.ts';
import { FacilityQueuePage, StationFormsPage } from './pages/list.tsx';
import { P3Page } from './pages/form.tsx';
import { examinesAtAFacility } from './permissions.ts';
import { completeP3, facilitiesFor, facilityQueue, readP3, sendP3, stationP3Forms } from './service.ts';

const Id = Type.Object({ id: Type.String({ maxLength: 20 }) });
const Station = Type.Object({ station: Type.String({ maxLength: 64 }) });
const Done = Type.Object({ done: Type.Optional(Type.Union([Type.Literal('sent'), Type.Literal('completed')])) });
const SendBody = formBody({ facility: 100 });
const PartTwoBody = formBody({
  examinedAt: 40,
  examinerName: 400,
  examinerRegistration: 100,
  injuries: 16000,
  weapon: 4000,
  injuryAge: 400,
  degree: 40,
  treatment: 8000,
  remarks: 8000,
});

async function formPage(
  platform: Platform,
  request: FastifyRequest,
  id: string,
  shown: { values?: Record<string, string>; errors?: FieldErrors; notice?: string | undefined } = {},
) {
  const form = await readP3(platform, request.actor, id);
  return h(P3Page, {
    page: request.pageContext(),
    form,
    facilities: form.may.send ? await facilitiesFor(platform, form.station.id) : [],
    values: shown.values ?? {},
    errors: shown.errors ?? {},
    notice: shown.notice,
  });
}

/** The P3 forms' pages: the desk sends them to facilities, medical officers complete Part II; no JavaScript needed. */
export const p3PageRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/p3',
  register(scope, platform) {
    // the navigation's link: a facility's queue, or the desk's own station's forms
    scope.get('', async (request, reply) => {
      const who = requireStaff(request);
      if (keepsABook(who)) return reply.redirect(`/staff/p3/stations/${encodeURIComponent(who.stationId!)}`, 303);
      if (!examinesAtAFacility(who)) throw new Forbidden();
      const { facility, forms } = await facilityQueue(platform, who);
      return reply.html(h(FacilityQueuePage, { page: request.pageContext(), facility: facility.name, forms }));
    });

    scope.get('/stations/:station', { schema: { params: Station } }, async (request, reply) => {
      const forms = await stationP3Forms(platform, request.actor, request.params.station);
      const station = (await listStations(platform.db.pool)).find((s) => s.id === request.params.station)!;
      return reply.html(h(StationFormsPage, { page: request.pageContext(), station: station.name, forms }));
    });

    scope.get('/:id', { schema: { params: Id, querystring: Done } }, async (request, reply) => {
      const { done } = request.query;
      const notice = done ? request.t(`documents.p3.${done === 'sent' ? 'send' : 'complete'}.done`) : undefined;
      return reply.html(await formPage(platform, request, request.params.id, { notice }));
    });

    scope.post('/:id/send', { schema: { params: Id, body: SendBody } }, async (request, reply) => {
      const { id } = request.params;
      return answerForm(request, reply, {
        async action() {
          await sendP3(platform, request.actor, id, request.body.facility);
          return `/staff/p3/${id}?done=sent`;
        },
        showAgain: (errors) =>
          formPage(platform, request, id, { values: request.body as Record<string, string>, errors }),
      });
    });

    scope.post('/:id/part2', { schema: { params: Id, body: PartTwoBody } }, async (request, reply) => {
      const { id } = request.params;
      return answerForm(request, reply, {
        async action() {
          await completeP3(platform, request.actor, id, request.body);
          return `/staff/p3/${id}?done=completed`;
        },
        showAgain: (errors) =>
          formPage(platform, request, id, { values: request.body as Record<string, string>, errors }),
      });
    });
  },
};
