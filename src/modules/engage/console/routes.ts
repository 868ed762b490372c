import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin, RouteScope } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import type { CaseSource } from '../../cases/index.ts';
import { CaseQuestion } from '../pages/case-question.tsx';
import { ConsolePage } from '../pages/console.tsx';
import type { ConsoleForm } from '../pages/console-forms.tsx';
import { canRunConsole } from '../permissions.ts';
import { setSessionLive } from '../schedule/service.ts';
import { MAX_ANSWER, MAX_COMMITMENT, MAX_INSTRUCTION } from '../shared.ts';
import { DoneQuery, doneFields, doneNotice, formValues, PageIdParams } from '../web.ts';
import { flagUrgent, questionOfCase } from './cases.ts';
import { consoleView, postAnswer, setAnswering } from './service.ts';

const ConsoleQuery = Type.Object({ ...doneFields, session: Type.Optional(Type.String({ maxLength: 64 })) });
const AnsweringForm = formBody({ cluster: 64, session: 64 });
const AnswerForm = formBody({
  session: 64,
  cluster: 64,
  answer: MAX_ANSWER * 4,
  commitment: MAX_COMMITMENT * 4,
  unit: 100,
  dueDate: 40,
});
const UrgentForm = formBody({ session: 64, category: 100, unit: 100, days: 20, instruction: MAX_INSTRUCTION * 4 });
const LiveForm = formBody({ live: 20, cluster: 64, session: 64 });
const consoleDone = ['answering', 'answer', 'urgent', 'live', 'end'] as const;

async function consolePage(
  platform: Platform,
  request: FastifyRequest,
  sessionId: string | undefined,
  extra: { form?: ConsoleForm; notice?: string | undefined } = {},
) {
  const now = platform.clock.now();
  const data = await consoleView(platform, request.actor, sessionId, now);
  return data ? h(ConsolePage, { page: request.pageContext(), console: data, now, ...extra }) : undefined;
}

async function showConsole(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  sessionId: string | undefined,
  notice: string | undefined,
) {
  const page = await consolePage(platform, request, sessionId, { notice });
  // nothing scheduled yet: the schedule is where to start
  return page ? reply.html(page) : reply.redirect('/staff/engage/schedule', 303);
}

/** A console form refused: the console again with the form's errors beside its fields. */
function consoleAgain(
  platform: Platform,
  request: FastifyRequest,
  sessionId: string | undefined,
  form: Omit<ConsoleForm, 'errors'>,
) {
  return async (errors: FieldErrors) => {
    const page = await consolePage(platform, request, sessionId, { form: { ...form, errors } });
    if (!page) throw new NotFound();
    return page;
  };
}

const consoleUrl = (sessionId: string, done: string) => `/staff/engage/sessions/${sessionId}/console?done=${done}`;

/** The question behind an engage case, on the case page. */
export const questionOnCase: CaseSource = {
  async render(given, page, c) {
    const found = await questionOfCase(given, c.id);
    return found ? h(CaseQuestion, { page, ...found }) : null;
  },
};

/** The IG's console: what is answered now, answers with their commitments, urgent cases, going live. */
export const consoleRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/engage',
  register(scope, platform) {
    scope.get('/console', { schema: { querystring: ConsoleQuery } }, async (request, reply) => {
      requireStaff(request, canRunConsole);
      const notice = doneNotice(request, request.query, consoleDone);
      return showConsole(platform, request, reply, request.query.session || undefined, notice);
    });

    scope.get(
      '/sessions/:id/console',
      { schema: { params: PageIdParams, querystring: DoneQuery } },
      async (request, reply) => {
        requireStaff(request, canRunConsole);
        const notice = doneNotice(request, request.query, consoleDone);
        return showConsole(platform, request, reply, request.params.id, notice);
      },
    );

    scope.post(
      '/sessions/:id/answering',
      { schema: { params: PageIdParams, body: AnsweringForm } },
      (request, reply) => {
        requireStaff(request, canRunConsole);
        const { id } = request.params;
        const values = formValues(request.body);
        return answerForm(request, reply, {
          action: async () => {
            await setAnswering(platform, request.actor, id, request.body.cluster || undefined);
            return consoleUrl(id, 'answering');
          },
          showAgain: consoleAgain(platform, request, id, { name: 'answering', target: values.cluster, values }),
        });
      },
    );

    scope.post('/sessions/:id/answers', { schema: { params: PageIdParams, body: AnswerForm } }, (request, reply) => {
      requireStaff(request, canRunConsole);
      const { id } = request.params;
      const values = formValues(request.body);
      return answerForm(request, reply, {
        action: async () => {
          const { cluster, answer, commitment, unit, dueDate } = request.body;
          await postAnswer(platform, request.actor, id, { cluster, answer, commitment, unit, dueDate });
          return consoleUrl(id, 'answer');
        },
        showAgain: consoleAgain(platform, request, id, { name: 'answer', target: values.cluster, values }),
      });
    });

    registerCaseForms(scope, platform);
  },
};

/** Opening a case from a question, and going live or ending. */
function registerCaseForms(scope: RouteScope, platform: Platform): void {
  scope.post('/questions/:id/urgent', { schema: { params: PageIdParams, body: UrgentForm } }, (request, reply) => {
    requireStaff(request, canRunConsole);
    const { id } = request.params;
    const values = formValues(request.body);
    return answerForm(request, reply, {
      action: async () => {
        const { category, unit, days, instruction } = request.body;
        const opened = await flagUrgent(platform, request.actor, id, { category, unit, days, instruction });
        return `${consoleUrl(opened.sessionId, 'urgent')}&case=${opened.reference}`;
      },
      showAgain: consoleAgain(platform, request, request.body.session, { name: 'urgent', target: id, values }),
    });
  });

  scope.post('/sessions/:id/live', { schema: { params: PageIdParams, body: LiveForm } }, (request, reply) => {
    requireStaff(request, canRunConsole);
    const { id } = request.params;
    const ending = request.body.live === 'end';
    return answerForm(request, reply, {
      action: async () => {
        await setSessionLive(platform, request.actor, id, !ending);
        return consoleUrl(id, ending ? 'end' : 'live');
      },
      showAgain: consoleAgain(platform, request, id, {
        name: 'live',
        target: request.body.cluster,
        values: formValues(request.body),
      }),
    });
  });
}
