import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import { SchedulePage, type ScheduleForm } from '../pages/schedule.tsx';
import { canRunConsole } from '../permissions.ts';
import { MAX_NOTICE } from '../shared.ts';
import { DoneQuery, doneNotice, formValues, PageIdParams } from '../web.ts';
import { createOneOffSession, createSeries, scheduleDefaults } from './series.ts';
import { cancelSession, postponeSession, scheduleView } from './service.ts';

const SeriesForm = formBody({
  firstDate: 40,
  intervalWeeks: 20,
  startTime: 20,
  durationMinutes: 20,
  hashtag: 240,
  moderation: 20,
});
const OneOffForm = formBody({ date: 40, time: 20, durationMinutes: 20, hashtag: 240, moderation: 20 });
const PostponeForm = formBody({ date: 40, time: 20, notice: MAX_NOTICE * 4 });
const CancelForm = formBody({ notice: MAX_NOTICE * 4 });

async function schedulePage(
  platform: Platform,
  request: FastifyRequest,
  extra: { form?: ScheduleForm; notice?: string | undefined },
) {
  const now = platform.clock.now();
  const data = await scheduleView(platform, request.actor, now);
  const defaults = scheduleDefaults(now);
  return h(SchedulePage, { page: request.pageContext(), ...data, defaults, now, ...extra });
}

/** A schedule form: done, back to the schedule; refused, the schedule again with the form's errors. */
function scheduleAgain(
  platform: Platform,
  request: FastifyRequest,
  name: ScheduleForm['name'],
  body: Record<string, string | undefined>,
  target?: string,
) {
  const values = formValues(body);
  return (errors: ScheduleForm['errors']) =>
    schedulePage(platform, request, { form: { name, target, values, errors } });
}

/** The schedule: series of sessions, one-off sessions, postponing and cancelling. */
export const scheduleRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/engage',
  register(scope, platform) {
    scope.get('/schedule', { schema: { querystring: DoneQuery } }, async (request, reply) => {
      requireStaff(request, canRunConsole);
      const notice = doneNotice(request, request.query, ['series', 'oneoff', 'postpone', 'cancel']);
      return reply.html(await schedulePage(platform, request, { notice }));
    });

    scope.post('/series', { schema: { body: SeriesForm } }, (request, reply) => {
      requireStaff(request, canRunConsole);
      return answerForm(request, reply, {
        action: async () => {
          await createSeries(platform, request.actor, request.body);
          return '/staff/engage/schedule?done=series';
        },
        showAgain: scheduleAgain(platform, request, 'series', request.body),
      });
    });

    scope.post('/sessions', { schema: { body: OneOffForm } }, (request, reply) => {
      requireStaff(request, canRunConsole);
      return answerForm(request, reply, {
        action: async () => {
          await createOneOffSession(platform, request.actor, request.body);
          return '/staff/engage/schedule?done=oneoff';
        },
        showAgain: scheduleAgain(platform, request, 'oneoff', request.body),
      });
    });

    scope.post('/sessions/:id/postpone', { schema: { params: PageIdParams, body: PostponeForm } }, (request, reply) => {
      requireStaff(request, canRunConsole);
      const { id } = request.params;
      return answerForm(request, reply, {
        action: async () => {
          await postponeSession(platform, request.actor, id, request.body);
          return '/staff/engage/schedule?done=postpone';
        },
        showAgain: scheduleAgain(platform, request, 'postpone', request.body, id),
      });
    });

    scope.post('/sessions/:id/cancel', { schema: { params: PageIdParams, body: CancelForm } }, (request, reply) => {
      requireStaff(request, canRunConsole);
      const { id } = request.params;
      return answerForm(request, reply, {
        action: async () => {
          await cancelSession(platform, request.actor, id, request.body);
          return '/staff/engage/schedule?done=cancel';
        },
        showAgain: scheduleAgain(platform, request, 'cancel', request.body, id),
      });
    });
  },
};
