import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import type { RoutePlugin, RouteScope } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import { QueuePage, type QueueForm } from '../pages/queue.tsx';
import { canModerate } from '../permissions.ts';
import { MAX_REASON } from '../shared.ts';
import { doneFields, doneNotice, formValues, PageIdParams } from '../web.ts';
import {
  banAsker,
  changeTopic,
  mergeClusters,
  moderateQuestion,
  moderationQueue,
  setModerationMode,
} from './service.ts';

const QueueQuery = Type.Object({
  ...doneFields,
  session: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.String({ maxLength: 40 })),
});
const ModerateForm = formBody({ decision: 40, reason: MAX_REASON * 4, session: 64 });
const TopicForm = formBody({ topic: 100, session: 64 });
const BanForm = formBody({ reason: MAX_REASON * 4, session: 64 });
const MergeForm = formBody({ from: 64, into: 64 });
const ModeForm = formBody({ moderation: 40 });

async function showQueue(
  platform: Platform,
  request: FastifyRequest,
  options: {
    sessionId?: string | undefined;
    status?: string | undefined;
    form?: QueueForm;
    notice?: string | undefined;
  },
) {
  const { sessionId, status: filter, form, notice } = options;
  const queue = await moderationQueue(platform, request.actor, { sessionId, filter });
  return h(QueuePage, { page: request.pageContext(), queue, form, notice });
}

const queueUrl = (sessionId: string, done: string) => `/staff/engage?session=${sessionId}&done=${done}`;

/** A moderation form: one service call, then back to the queue; bad input shows the queue again with the errors. */
function onQuestion(
  platform: Platform,
  request: FastifyRequest,
  name: QueueForm['name'],
  body: Record<string, string | undefined>,
  questionId: string,
) {
  const values = formValues(body);
  return (errors: QueueForm['errors']) =>
    showQueue(platform, request, { sessionId: body.session, form: { name, target: questionId, values, errors } });
}

/** The moderation queue and what moderators do to questions, clusters and sessions. */
export const moderationRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/engage',
  register(scope, platform) {
    scope.get('', { schema: { querystring: QueueQuery } }, async (request, reply) => {
      requireStaff(request, canModerate);
      const { session, status } = request.query;
      const notice = doneNotice(request, request.query, ['approve', 'reject', 'topic', 'ban', 'merge', 'mode']);
      return reply.html(await showQueue(platform, request, { sessionId: session || undefined, status, notice }));
    });

    scope.post(
      '/questions/:id/moderate',
      { schema: { params: PageIdParams, body: ModerateForm } },
      (request, reply) => {
        requireStaff(request, canModerate);
        const { decision = '', reason } = request.body;
        return answerForm(request, reply, {
          action: async () => {
            const sessionId = await moderateQuestion(platform, request.actor, request.params.id, { decision, reason });
            return queueUrl(sessionId, decision === 'approve' ? 'approve' : 'reject');
          },
          showAgain: onQuestion(platform, request, 'reject', request.body, request.params.id),
        });
      },
    );

    scope.post('/questions/:id/topic', { schema: { params: PageIdParams, body: TopicForm } }, (request, reply) => {
      requireStaff(request, canModerate);
      return answerForm(request, reply, {
        action: async () =>
          queueUrl(await changeTopic(platform, request.actor, request.params.id, request.body.topic ?? ''), 'topic'),
        showAgain: onQuestion(platform, request, 'topic', request.body, request.params.id),
      });
    });

    scope.post('/questions/:id/ban', { schema: { params: PageIdParams, body: BanForm } }, (request, reply) => {
      requireStaff(request, canModerate);
      const { reason } = request.body;
      return answerForm(request, reply, {
        action: async () => queueUrl(await banAsker(platform, request.actor, request.params.id, { reason }), 'ban'),
        showAgain: onQuestion(platform, request, 'ban', request.body, request.params.id),
      });
    });

    registerSessionForms(scope, platform);
  },
};

/** Merging a session's clusters and switching its moderation mode. */
function registerSessionForms(scope: RouteScope, platform: Platform): void {
  scope.post('/sessions/:id/merge', { schema: { params: PageIdParams, body: MergeForm } }, (request, reply) => {
    requireStaff(request, canModerate);
    const { id } = request.params;
    const { from, into } = request.body;
    return answerForm(request, reply, {
      action: async () => {
        await mergeClusters(platform, request.actor, id, { from, into });
        return queueUrl(id, 'merge');
      },
      showAgain: (errors) =>
        showQueue(platform, request, {
          sessionId: id,
          form: { name: 'merge', target: undefined, values: formValues(request.body), errors },
        }),
    });
  });

  // the mode switch is a single button: a refusal is an error page, never the form again
  scope.post(
    '/sessions/:id/moderation',
    { schema: { params: PageIdParams, body: ModeForm } },
    async (request, reply) => {
      requireStaff(request, canModerate);
      await setModerationMode(platform, request.actor, request.params.id, request.body.moderation ?? '');
      return reply.redirect(queueUrl(request.params.id, 'mode'), 303);
    },
  );
}
