import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import { EngagePage } from '../pages/overview.tsx';
import { AskPage, SessionPublicPage } from '../pages/session.tsx';
import { overview } from '../schedule/overview.ts';
import { MAX_NAME, MAX_QUESTION } from '../shared.ts';
import { topicCodes } from '../text.ts';
import {
  acceptsJson,
  doneFields,
  doneNotice,
  ensureParticipant,
  formValues,
  PageIdParams,
  participantOf,
  rateLimits,
} from '../web.ts';
import { askQuestion } from './service.ts';
import { sessionPage } from './session-page.ts';
import { voteJson } from '../json.ts';
import { removeUpvote, upvote, type VoteResult } from './votes.ts';

const QuestionForm = formBody({ name: MAX_NAME * 4, question: MAX_QUESTION * 4, from: 40 });
const SessionQuery = Type.Object({ ...doneFields, topic: Type.Optional(Type.String({ maxLength: 60 })) });

async function showAsk(
  platform: Platform,
  request: FastifyRequest,
  sessionId: string,
  values: Record<string, string>,
  errors: FieldErrors,
) {
  const now = platform.clock.now();
  const data = await sessionPage(platform, sessionId, {}, now);
  return h(AskPage, { page: request.pageContext(), session: data.session, now, values, errors });
}

/** The ask form came from the overview or the session's ask page: it is shown again where it was. */
async function showQuestionAgain(
  platform: Platform,
  request: FastifyRequest,
  sessionId: string,
  values: Record<string, string>,
  errors: FieldErrors,
) {
  if (values.from !== 'engage') return showAsk(platform, request, sessionId, values, errors);
  const now = platform.clock.now();
  return h(EngagePage, { page: request.pageContext(), overview: await overview(platform, now), now, values, errors });
}

/**
 * Upvoting and taking it back from the page: without JavaScript the form posts and comes back to
 * the session with a notice; the page's script asks for JSON instead and updates the page in place.
 */
async function vote(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  questionId: string,
  run: typeof upvote,
  done: (r: VoteResult) => string,
) {
  const participant = ensureParticipant(platform, request, reply);
  const result = await run(platform, participant, questionId);
  if (acceptsJson(request)) return reply.send(voteJson(result));
  return reply.redirect(`/engage/sessions/${result.sessionId}?done=${done(result)}#q-${questionId}`, 303);
}

/** The public pages: the sessions, a session live, asking and upvoting. */
export const publicQuestionRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/engage',
  register(scope, platform) {
    const limits = rateLimits(platform);

    scope.get('', async (request, reply) => {
      const now = platform.clock.now();
      return reply.html(h(EngagePage, { page: request.pageContext(), overview: await overview(platform, now), now }));
    });

    scope.get(
      '/sessions/:id',
      { schema: { params: PageIdParams, querystring: SessionQuery } },
      async (request, reply) => {
        const now = platform.clock.now();
        const { topic } = request.query;
        const participantId = participantOf(request);
        const data = await sessionPage(platform, request.params.id, { topic, participantId }, now);
        const notice = doneNotice(request, request.query, [
          'pending',
          'shown',
          'vote',
          'already',
          'unvote',
          'notVoted',
        ]);
        const shownTopic = topic && topicCodes.includes(topic) ? topic : undefined;
        return reply.html(h(SessionPublicPage, { page: request.pageContext(), data, now, topic: shownTopic, notice }));
      },
    );

    scope.get('/sessions/:id/ask', { schema: { params: PageIdParams } }, async (request, reply) =>
      reply.html(await showAsk(platform, request, request.params.id, {}, {})),
    );

    scope.post(
      '/sessions/:id/questions',
      { schema: { params: PageIdParams, body: QuestionForm }, config: { rateLimit: limits.questions } },
      (request, reply) => {
        const { id } = request.params;
        const values = formValues(request.body);
        const participant = ensureParticipant(platform, request, reply);
        return answerForm(request, reply, {
          action: async () => {
            const question = { name: values.name, question: values.question, language: request.locale };
            const asked = await askQuestion(platform, participant, id, question, 'web');
            return `/engage/sessions/${id}?done=${asked.status === 'approved' ? 'shown' : 'pending'}`;
          },
          showAgain: (errors) => showQuestionAgain(platform, request, id, values, errors),
        });
      },
    );

    const voteOptions = { schema: { params: PageIdParams }, config: { rateLimit: limits.votes } };
    scope.post('/questions/:id/vote', voteOptions, (request, reply) =>
      vote(platform, request, reply, request.params.id, upvote, (r) => (r.changed ? 'vote' : 'already')),
    );
    scope.post('/questions/:id/unvote', voteOptions, (request, reply) =>
      vote(platform, request, reply, request.params.id, removeUpvote, (r) => (r.changed ? 'unvote' : 'notVoted')),
    );
  },
};
