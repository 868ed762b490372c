import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { listStations } from '../../../platform/db/reference-store.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import { offenceSchedules, type ScheduledOffence } from '../../../jurisdiction/kenya/index.ts';
import { noticeJson } from '../view.ts';
import { NoticeListPage } from './list-page.tsx';
import { StaffNoticePage } from './notice-page.tsx';
import { seesStationNotices, staffNotice, staffNoticeList, withdrawNotice } from './service.ts';

const ListQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
const NoticeParams = Type.Object({ number: Type.String({ maxLength: 20 }) });
const Done = Type.Object({ withdrawn: Type.Optional(Type.String({ maxLength: 2 })) });

const offenceWords = () =>
  new Map<string, ScheduledOffence>(offenceSchedules.flatMap((s) => s.offences.map((o) => [o.code, o])));

async function noticePage(
  platform: Platform,
  request: FastifyRequest,
  number: string,
  form: { values?: Record<string, string>; errors?: FieldErrors; done?: boolean } = {},
) {
  const { row, payments, commander, whyNot } = await staffNotice(platform, request.actor, number);
  return h(StaffNoticePage, {
    page: request.pageContext(),
    notice: noticeJson(row),
    offences: offenceWords(),
    payments,
    commander,
    whyNot,
    errors: form.errors ?? {},
    values: form.values ?? {},
    done: form.done ?? false,
  });
}

/** /staff/fines: a station's notices, one notice as its station sees it, and its withdrawal by the commander. */
export const withdrawalPageRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/fines',
  register(scope, platform) {
    scope.get('', { schema: { querystring: ListQuery } }, async (request, reply) => {
      const who = requireStaff(request, seesStationNotices);
      const list = await staffNoticeList(platform, request.actor, request.query);
      const stations = list.counts ? await listStations(platform.db.pool) : [];
      const station = list.counts ? (stations.find((s) => s.id === who.stationId)?.name ?? who.stationId) : null;
      return reply.html(
        h(NoticeListPage, {
          page: request.pageContext(),
          station,
          status: list.status,
          pageNumber: list.page,
          pageSize: list.pageSize,
          total: list.total,
          rows: list.rows,
          counts: list.counts,
        }),
      );
    });

    scope.get('/:number', { schema: { params: NoticeParams, querystring: Done } }, async (request, reply) =>
      reply.html(await noticePage(platform, request, request.params.number, { done: request.query.withdrawn === '1' })),
    );

    scope.post(
      '/:number/withdraw',
      { schema: { params: NoticeParams, body: formBody({ reason: 4000 }) } },
      async (request, reply) => {
        const { number } = request.params;
        const values = { reason: request.body.reason ?? '' };
        return answerForm(request, reply, {
          async action() {
            await withdrawNotice(platform, request.actor, number, values.reason);
            return `/staff/fines/${number}?withdrawn=1`;
          },
          showAgain: (errors) => noticePage(platform, request, number, { values, errors }),
        });
      },
    );
  },
};
