import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { randomToken } from '../../../platform/crypto/index.ts';
import { badField } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import {
  Answer,
  answerJson,
  Cluster,
  clusterJson,
  ErrorResponse,
  SessionSummary,
  sessionJson,
  Vote,
  voteJson,
} from '../json.ts';
import { overview } from '../schedule/overview.ts';
import { VOTES_PER_MINUTE } from '../shared.ts';
import { IdParams, PARTICIPANT_HEADER, participantOf, rateLimits } from '../web.ts';
import { askQuestion } from './service.ts';
import { sessionPage } from './session-page.ts';
import { removeUpvote, upvote } from './votes.ts';

const tags = ['engage'];

const SessionDetail = Type.Object({
  session: SessionSummary,
  answeringClusterId: Type.Union([Type.String(), Type.Null()]),
  clusters: Type.Array(Cluster),
  answers: Type.Array(Answer),
  notices: Type.Array(
    Type.Object({ kind: Type.String(), text: Type.String(), at: Type.String({ format: 'date-time' }) }),
  ),
});

const QuestionBody = Type.Object(
  {
    question: Type.String({ maxLength: 2000, description: 'up to 500 characters once trimmed' }),
    name: Type.Optional(Type.String({ maxLength: 200, description: 'a name or handle; leave out to ask anonymously' })),
    language: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('sw')])),
  },
  { additionalProperties: false },
);

const Asked = Type.Object({
  id: Type.String(),
  clusterId: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved')]),
  topic: Type.String(),
  text: Type.String({ description: 'the question as it will be shown' }),
  participant: Type.String({ description: `send it back in the ${PARTICIPANT_HEADER} header` }),
});

const refusals = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };

function voteOptions(platform: Platform, summary: string, description: string) {
  return {
    config: { csrf: false as const, rateLimit: rateLimits(platform).votes },
    schema: {
      tags,
      summary,
      description: `${description} Needs the participant token in the ${PARTICIPANT_HEADER} header. 409 when the session has ended or was cancelled, 429 beyond ${VOTES_PER_MINUTE} votes a minute.`,
      params: IdParams,
      response: { 200: Vote, ...refusals },
    },
  };
}

async function apiVote(platform: Platform, request: FastifyRequest, questionId: string, run: typeof upvote) {
  const participant = participantOf(request, 'header');
  if (!participant) badField(PARTICIPANT_HEADER, 'engage.error.participant');
  return voteJson(await run(platform, participant, questionId));
}

/** The sessions as JSON, for programs. */
export const sessionApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/engage',
  register(scope, platform) {
    scope.get(
      '/sessions',
      {
        schema: {
          tags,
          summary: '#EngageTheIG sessions: live, upcoming (with cancellations) and the recent archive',
          response: { 200: Type.Object({ sessions: Type.Array(SessionSummary) }) },
        },
      },
      async () => {
        const o = await overview(platform);
        return { sessions: [...o.live, ...o.upcoming, ...o.past].map(sessionJson) };
      },
    );

    scope.get(
      '/sessions/:id',
      {
        schema: {
          tags,
          summary: 'A session with its approved questions (clustered, heaviest first) and the answers given',
          params: IdParams,
          querystring: Type.Object({ topic: Type.Optional(Type.String()) }),
          response: { 200: SessionDetail, 404: ErrorResponse },
        },
      },
      async (request) => {
        const data = await sessionPage(platform, request.params.id, { topic: request.query.topic });
        return {
          session: sessionJson(data.session),
          answeringClusterId: data.session.state === 'live' ? data.session.answering_cluster_id : null,
          clusters: data.clusters.map(clusterJson),
          answers: data.answers.map(answerJson),
          notices: data.notices.map((n) => ({ kind: n.kind, text: n.body, at: n.at.toISOString() })),
        };
      },
    );
  },
};

/** Asking and upvoting as JSON, with an anonymous participant token in a header. */
export const questionApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/engage',
  register(scope, platform) {
    const limits = rateLimits(platform);
    scope.post(
      '/participants',
      {
        config: { csrf: false, rateLimit: limits.questions },
        schema: {
          tags,
          summary: `A new anonymous participant token, to send in the ${PARTICIPANT_HEADER} header when asking and voting`,
          response: { 201: Type.Object({ participant: Type.String() }) },
        },
      },
      async (_request, reply) => reply.code(201).send({ participant: scope.signCookie(randomToken(16)) }),
    );

    scope.post(
      '/sessions/:id/questions',
      {
        config: { csrf: false, rateLimit: limits.questions },
        schema: {
          tags,
          summary: 'Ask a question in a session (upcoming or live)',
          description: `Anonymous by default. The participant is the token in the ${PARTICIPANT_HEADER} header; without one a new token is issued in the answer.`,
          params: IdParams,
          body: QuestionBody,
          response: { 201: Asked, ...refusals },
        },
      },
      async (request, reply) => {
        const { question, name, language } = request.body;
        const participant = participantOf(request, 'header') ?? randomToken(16);
        const input = { question, name, language: language ?? request.locale };
        const asked = await askQuestion(platform, participant, request.params.id, input, 'web');
        const { id, clusterId, status, topic, body: text } = asked;
        return reply.code(201).send({ id, clusterId, status, topic, text, participant: scope.signCookie(participant) });
      },
    );

    scope.post(
      '/questions/:id/votes',
      voteOptions(
        platform,
        'Upvote a question (once per participant per cluster)',
        'Near-duplicate questions are grouped in a cluster; a participant has one upvote per cluster, whichever of its questions it is cast through (`counted` is false when they had one already).',
      ),
      (request) => apiVote(platform, request, request.params.id, upvote),
    );

    scope.delete(
      '/questions/:id/votes',
      voteOptions(
        platform,
        'Take back an upvote',
        "Takes back the participant's upvote in the question's cluster, whichever of its questions it was cast through (`counted` is false when there was none).",
      ),
      (request) => apiVote(platform, request, request.params.id, removeUpvote),
    );
  },
};
