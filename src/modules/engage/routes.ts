import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { requireStaff } from '../../platform/auth/plugin.ts';
import { randomToken } from '../../platform/crypto/index.ts';
import { lastEventId, openEventStream, reserveEventStream, type EventStream } from '../../platform/events/sse.ts';
import { BadInput, badField } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { translateProblems, type FieldErrors } from '../../platform/web/forms.tsx';
import { registerCaseSource } from '../cases/index.ts';
import { CaseQuestion } from './pages/case-question.tsx';
import { CommitmentsPage } from './pages/commitments.tsx';
import { ConsolePage, type ConsoleForm } from './pages/console.tsx';
import { EngagePage } from './pages/overview.tsx';
import { QueuePage, type QueueForm } from './pages/queue.tsx';
import { SchedulePage, type ScheduleForm } from './pages/schedule.tsx';
import { AskPage, SessionPublicPage } from './pages/session.tsx';
import { sessionFeed } from './live.ts';
import { canModerate, canRunConsole } from './permissions.ts';
import * as engage from './service.ts';
import type { SessionView } from './service.ts';
import { answerJson, Answer, Cluster, clusterJson } from './json.ts';

const PARTICIPANT_COOKIE = 'sauti_engage';
/** JSON clients carry the participant token in this header, never a cookie, so the API needs no CSRF token. */
const PARTICIPANT_HEADER = 'x-engage-participant';

type Form = Record<string, string>;

function formBody(request: FastifyRequest): Form {
  return Object.fromEntries(
    Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : '',
    ]),
  );
}

function done(request: FastifyRequest, allowed: readonly string[]): string | undefined {
  const value = (request.query as { done?: string }).done;
  if (!value || !allowed.includes(value)) return undefined;
  const reference = (request.query as { case?: string }).case;
  return request.t(`engage.done.${value}`, {
    reference: reference && /^[A-Z]+-\d{4}-\d{6}$/.test(reference) ? reference : '',
  });
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// JSON shapes

const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  }),
});

const SessionSummary = Type.Object({
  id: Type.String(),
  hashtag: Type.String(),
  state: Type.Union([Type.Literal('upcoming'), Type.Literal('live'), Type.Literal('ended'), Type.Literal('cancelled')]),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  moderation: Type.Union([Type.Literal('pre'), Type.Literal('post')]),
  questions: Type.Integer({ description: 'approved questions' }),
  answers: Type.Integer(),
});

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

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });

const Vote = Type.Object({
  counted: Type.Boolean({
    description: 'true when this call changed the vote (counted it, or took it back); false when it was already so',
  }),
  voted: Type.Boolean({
    description:
      'whether this participant now has an upvote in the cluster (one per cluster, whichever of its questions it was cast through)',
  }),
  clusterId: Type.String(),
  askers: Type.Integer(),
  upvotes: Type.Integer({ description: "the cluster's upvotes now" }),
  weight: Type.Integer({ description: 'askers + upvotes' }),
});

function voteJson(r: engage.VoteResult): Static<typeof Vote> {
  return {
    counted: r.changed,
    voted: r.voted,
    clusterId: r.clusterId,
    askers: r.askers,
    upvotes: r.upvotes,
    weight: r.weight,
  };
}

/** A page's script asking for JSON rather than the page (as the error handler decides it). */
function acceptsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function summary(s: SessionView): Static<typeof SessionSummary> {
  return {
    id: s.id,
    hashtag: s.hashtag,
    state: s.state,
    startsAt: s.starts_at.toISOString(),
    endsAt: s.ends_at.toISOString(),
    moderation: s.moderation,
    questions: s.question_count,
    answers: s.answer_count,
  };
}

export function registerEngageRoutes(app: FastifyInstance, platform: Platform): void {
  // Per client address, in memory: a generous guard (many people share one mobile-network address); per-participant limits are in the service.
  const questionLimit = { max: platform.config.rateLimits.questions, timeWindow: '1 minute' };
  const voteLimit = { max: platform.config.rateLimits.votes, timeWindow: '1 minute' };
  // The registry is shared by every app in the process, so the source uses only what it is given.
  registerCaseSource('engage', {
    async render(given, page, c) {
      const found = await engage.questionOfCase(given, c.id);
      return found ? h(CaseQuestion, { page, ...found }) : null;
    },
  });

  const participantCookie = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: platform.config.secureCookies,
    signed: true,
    maxAge: 365 * 24 * 3600,
  };

  /** The participant id from the signed cookie (pages) or header (JSON), if valid. */
  function participantOf(request: FastifyRequest, from: 'cookie' | 'header' = 'cookie'): string | undefined {
    const raw = from === 'cookie' ? request.cookies[PARTICIPANT_COOKIE] : request.headers[PARTICIPANT_HEADER];
    if (typeof raw !== 'string' || !raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && engage.isParticipantId(unsigned.value) ? unsigned.value : undefined;
  }

  /** A new random participant id when there is none: nothing about the person or their device. */
  function ensureParticipant(request: FastifyRequest, reply: FastifyReply): string {
    const existing = participantOf(request);
    if (existing) return existing;
    const id = randomToken(16);
    reply.setCookie(PARTICIPANT_COOKIE, id, participantCookie);
    return id;
  }

  // Public pages

  app.get('/engage', { schema: { hide: true } }, async (request, reply) => {
    const now = platform.clock.now();
    return reply.html(
      h(EngagePage, { page: request.pageContext(), overview: await engage.overview(platform, now), now }),
    );
  });

  app.get('/engage/sessions/:id', { schema: { hide: true } }, async (request, reply) => {
    const now = platform.clock.now();
    const { topic } = request.query as { topic?: string };
    const data = await engage.sessionPage(
      platform,
      (request.params as { id: string }).id,
      { topic, participantId: participantOf(request) },
      now,
    );
    const notice = done(request, ['pending', 'shown', 'vote', 'already', 'unvote', 'notVoted']);
    return reply.html(
      h(SessionPublicPage, {
        page: request.pageContext(),
        data,
        now,
        topic: topic && engage.topicCodes.includes(topic) ? topic : undefined,
        notice,
      }),
    );
  });

  async function showAsk(
    request: FastifyRequest,
    reply: FastifyReply,
    sessionId: string,
    values: Form,
    errors: FieldErrors,
    status = 200,
  ) {
    const now = platform.clock.now();
    const data = await engage.sessionPage(platform, sessionId, {}, now);
    return reply.html(h(AskPage, { page: request.pageContext(), session: data.session, now, values, errors }), status);
  }

  app.get('/engage/sessions/:id/ask', { schema: { hide: true } }, (request, reply) =>
    showAsk(request, reply, (request.params as { id: string }).id, {}, {}),
  );

  app.post(
    '/engage/sessions/:id/questions',
    { schema: { hide: true }, config: { rateLimit: questionLimit } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = formBody(request);
      const participant = ensureParticipant(request, reply);
      try {
        const asked = await engage.askQuestion(
          platform,
          participant,
          id,
          { name: body.name, question: body.question, language: request.locale },
          'web',
        );
        return reply.redirect(`/engage/sessions/${id}?done=${asked.status === 'approved' ? 'shown' : 'pending'}`, 303);
      } catch (error) {
        if (!(error instanceof BadInput)) throw error;
        const errors = translateProblems(request.t, error.problems);
        if (body.from === 'engage') {
          const now = platform.clock.now();
          return reply.html(
            h(EngagePage, {
              page: request.pageContext(),
              overview: await engage.overview(platform, now),
              now,
              values: body,
              errors,
            }),
            400,
          );
        }
        return showAsk(request, reply, id, body, errors, 400);
      }
    },
  );

  /**
   * Upvoting and taking it back from the page: without JavaScript the form posts and comes back to
   * the session with a notice; the page's script asks for JSON instead and updates the page in place.
   */
  function voteRoute(path: string, run: typeof engage.upvote, done: (r: engage.VoteResult) => string) {
    app.post(path, { schema: { hide: true }, config: { rateLimit: voteLimit } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const participant = ensureParticipant(request, reply);
      const result = await run(platform, participant, id);
      if (acceptsJson(request)) return reply.send(voteJson(result));
      return reply.redirect(`/engage/sessions/${result.sessionId}?done=${done(result)}#q-${id}`, 303);
    });
  }
  voteRoute('/engage/questions/:id/vote', engage.upvote, (r) => (r.changed ? 'vote' : 'already'));
  voteRoute('/engage/questions/:id/unvote', engage.removeUpvote, (r) => (r.changed ? 'unvote' : 'notVoted'));

  app.get('/engage/commitments', { schema: { hide: true } }, async (request, reply) =>
    reply.html(h(CommitmentsPage, { page: request.pageContext(), rows: await engage.publicCommitments(platform) })),
  );

  // Moderation

  async function showQueue(
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      sessionId?: string | undefined;
      status?: string | undefined;
      form?: QueueForm;
      code?: number;
      notice?: string | undefined;
    },
  ) {
    const queue = await engage.moderationQueue(platform, request.actor, {
      sessionId: options.sessionId,
      filter: options.status,
    });
    return reply.html(
      h(QueuePage, { page: request.pageContext(), queue, form: options.form, notice: options.notice }),
      options.code ?? 200,
    );
  }

  app.get('/staff/engage', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request, canModerate);
    const query = request.query as { session?: string; status?: string };
    return showQueue(request, reply, {
      sessionId: query.session || undefined,
      status: query.status,
      notice: done(request, ['approve', 'reject', 'topic', 'ban', 'merge', 'mode']),
    });
  });

  /** A moderation form: one service call, then back to the queue; bad input shows the queue again with the errors. */
  async function moderationAction(
    request: FastifyRequest,
    reply: FastifyReply,
    name: QueueForm['name'] | 'mode',
    run: (body: Form, params: { id: string }) => Promise<string>,
  ) {
    requireStaff(request, canModerate);
    const body = formBody(request);
    const params = request.params as { id: string };
    try {
      const sessionId = await run(body, params);
      return reply.redirect(
        `/staff/engage?session=${sessionId}&done=${name === 'reject' && body.decision === 'approve' ? 'approve' : name}`,
        303,
      );
    } catch (error) {
      if (!(error instanceof BadInput) || name === 'mode') throw error;
      const questionId = name === 'merge' ? undefined : params.id;
      const sessionId = name === 'merge' ? params.id : body.session;
      return showQueue(request, reply, {
        sessionId,
        form: { name, target: questionId, values: body, errors: translateProblems(request.t, error.problems) },
        code: 400,
      });
    }
  }

  app.post('/staff/engage/questions/:id/moderate', { schema: { hide: true } }, (request, reply) =>
    moderationAction(request, reply, 'reject', (body, { id }) =>
      engage.moderateQuestion(platform, request.actor, id, { decision: body.decision ?? '', reason: body.reason }),
    ),
  );
  app.post('/staff/engage/questions/:id/topic', { schema: { hide: true } }, (request, reply) =>
    moderationAction(request, reply, 'topic', (body, { id }) =>
      engage.changeTopic(platform, request.actor, id, body.topic ?? ''),
    ),
  );
  app.post('/staff/engage/questions/:id/ban', { schema: { hide: true } }, (request, reply) =>
    moderationAction(request, reply, 'ban', (body, { id }) =>
      engage.banAsker(platform, request.actor, id, { reason: body.reason }),
    ),
  );
  app.post('/staff/engage/sessions/:id/merge', { schema: { hide: true } }, (request, reply) =>
    moderationAction(request, reply, 'merge', async (body, { id }) => {
      await engage.mergeClusters(platform, request.actor, id, { from: body.from, into: body.into });
      return id;
    }),
  );
  app.post('/staff/engage/sessions/:id/moderation', { schema: { hide: true } }, (request, reply) =>
    moderationAction(request, reply, 'mode', async (body, { id }) => {
      await engage.setModerationMode(platform, request.actor, id, body.moderation ?? '');
      return id;
    }),
  );

  // The IG's console

  async function showConsole(
    request: FastifyRequest,
    reply: FastifyReply,
    sessionId: string | undefined,
    extra: { form?: ConsoleForm; code?: number; notice?: string | undefined } = {},
  ) {
    const now = platform.clock.now();
    const data = await engage.consoleView(platform, request.actor, sessionId, now);
    // nothing scheduled yet: the schedule is where to start
    if (!data) return reply.redirect('/staff/engage/schedule', 303);
    return reply.html(
      h(ConsolePage, { page: request.pageContext(), console: data, now, form: extra.form, notice: extra.notice }),
      extra.code ?? 200,
    );
  }

  const consoleDone = ['answering', 'answer', 'urgent', 'live', 'end'] as const;

  app.get('/staff/engage/console', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request, canRunConsole);
    const { session } = request.query as { session?: string };
    return showConsole(request, reply, session || undefined, { notice: done(request, consoleDone) });
  });

  app.get('/staff/engage/sessions/:id/console', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request, canRunConsole);
    return showConsole(request, reply, (request.params as { id: string }).id, { notice: done(request, consoleDone) });
  });

  /** A console form: one service call, then back to the console; bad input shows the console again with the errors. */
  async function consoleAction(
    request: FastifyRequest,
    reply: FastifyReply,
    name: ConsoleForm['name'],
    run: (body: Form, params: { id: string }) => Promise<{ sessionId: string; done: string }>,
  ) {
    requireStaff(request, canRunConsole);
    const body = formBody(request);
    const params = request.params as { id: string };
    try {
      const result = await run(body, params);
      return reply.redirect(`/staff/engage/sessions/${result.sessionId}/console?done=${result.done}`, 303);
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      const sessionId = name === 'urgent' ? body.session : params.id;
      const target = name === 'urgent' ? params.id : body.cluster;
      return showConsole(request, reply, sessionId, {
        form: { name, target, values: body, errors: translateProblems(request.t, error.problems) },
        code: 400,
      });
    }
  }

  app.post('/staff/engage/sessions/:id/answering', { schema: { hide: true } }, (request, reply) =>
    consoleAction(request, reply, 'answering', async (body, { id }) => {
      await engage.setAnswering(platform, request.actor, id, body.cluster || undefined);
      return { sessionId: id, done: 'answering' };
    }),
  );
  app.post('/staff/engage/sessions/:id/answers', { schema: { hide: true } }, (request, reply) =>
    consoleAction(request, reply, 'answer', async (body, { id }) => {
      await engage.postAnswer(platform, request.actor, id, {
        cluster: body.cluster,
        answer: body.answer,
        commitment: body.commitment,
        unit: body.unit,
        dueDate: body.dueDate,
      });
      return { sessionId: id, done: 'answer' };
    }),
  );
  app.post('/staff/engage/questions/:id/urgent', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request, canRunConsole);
    const body = formBody(request);
    const { id } = request.params as { id: string };
    try {
      const opened = await engage.flagUrgent(platform, request.actor, id, {
        category: body.category,
        unit: body.unit,
        days: body.days,
        instruction: body.instruction,
      });
      return reply.redirect(
        `/staff/engage/sessions/${opened.sessionId}/console?done=urgent&case=${opened.reference}`,
        303,
      );
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      return showConsole(request, reply, body.session, {
        form: { name: 'urgent', target: id, values: body, errors: translateProblems(request.t, error.problems) },
        code: 400,
      });
    }
  });
  app.post('/staff/engage/sessions/:id/live', { schema: { hide: true } }, (request, reply) =>
    consoleAction(request, reply, 'live', async (body, { id }) => {
      await engage.setSessionLive(platform, request.actor, id, body.live !== 'end');
      return { sessionId: id, done: body.live === 'end' ? 'end' : 'live' };
    }),
  );

  // The schedule

  async function showSchedule(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { form?: ScheduleForm; code?: number; notice?: string | undefined } = {},
  ) {
    const now = platform.clock.now();
    const data = await engage.scheduleView(platform, request.actor, now);
    return reply.html(
      h(SchedulePage, {
        page: request.pageContext(),
        ...data,
        defaults: engage.scheduleDefaults(now),
        now,
        form: extra.form,
        notice: extra.notice,
      }),
      extra.code ?? 200,
    );
  }

  app.get('/staff/engage/schedule', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request, canRunConsole);
    return showSchedule(request, reply, { notice: done(request, ['series', 'oneoff', 'postpone', 'cancel']) });
  });

  async function scheduleAction(
    request: FastifyRequest,
    reply: FastifyReply,
    name: ScheduleForm['name'],
    run: (body: Form, params: { id?: string }) => Promise<unknown>,
  ) {
    requireStaff(request, canRunConsole);
    const body = formBody(request);
    const params = request.params as { id?: string };
    try {
      await run(body, params);
      return reply.redirect(`/staff/engage/schedule?done=${name}`, 303);
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      return showSchedule(request, reply, {
        form: { name, target: params.id, values: body, errors: translateProblems(request.t, error.problems) },
        code: 400,
      });
    }
  }

  app.post('/staff/engage/series', { schema: { hide: true } }, (request, reply) =>
    scheduleAction(request, reply, 'series', (body) => engage.createSeries(platform, request.actor, body)),
  );
  app.post('/staff/engage/sessions', { schema: { hide: true } }, (request, reply) =>
    scheduleAction(request, reply, 'oneoff', (body) => engage.createOneOffSession(platform, request.actor, body)),
  );
  app.post('/staff/engage/sessions/:id/postpone', { schema: { hide: true } }, (request, reply) =>
    scheduleAction(request, reply, 'postpone', (body, { id }) =>
      engage.postponeSession(platform, request.actor, id!, body),
    ),
  );
  app.post('/staff/engage/sessions/:id/cancel', { schema: { hide: true } }, (request, reply) =>
    scheduleAction(request, reply, 'cancel', (body, { id }) =>
      engage.cancelSession(platform, request.actor, id!, body),
    ),
  );

  // Commitments

  app.get('/staff/engage/commitments', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request, canRunConsole);
    const rows = await engage.staffCommitments(platform, request.actor);
    return reply.html(
      h(CommitmentsPage, { page: request.pageContext(), rows, staff: { errors: {}, notice: done(request, ['done']) } }),
    );
  });

  app.post('/staff/engage/commitments/:id/done', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request, canRunConsole);
    const body = formBody(request);
    const { id } = request.params as { id: string };
    try {
      await engage.markCommitmentDone(platform, request.actor, id, { note: body.note });
      return reply.redirect('/staff/engage/commitments?done=done', 303);
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      const rows = await engage.staffCommitments(platform, request.actor);
      return reply.html(
        h(CommitmentsPage, {
          page: request.pageContext(),
          rows,
          staff: { errors: translateProblems(request.t, error.problems), commitmentId: id, note: body.note },
        }),
        400,
      );
    }
  });

  // JSON API

  app.get(
    '/api/engage/sessions',
    {
      schema: {
        tags: ['engage'],
        summary: '#EngageTheIG sessions: live, upcoming (with cancellations) and the recent archive',
        response: { 200: Type.Object({ sessions: Type.Array(SessionSummary) }) },
      },
    },
    async () => {
      const o = await engage.overview(platform);
      return { sessions: [...o.live, ...o.upcoming, ...o.past].map(summary) };
    },
  );

  app.get(
    '/api/engage/sessions/:id',
    {
      schema: {
        tags: ['engage'],
        summary: 'A session with its approved questions (clustered, heaviest first) and the answers given',
        params: IdParams,
        querystring: Type.Object({ topic: Type.Optional(Type.String()) }),
        response: { 200: SessionDetail, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { topic } = request.query as { topic?: string };
      const data = await engage.sessionPage(platform, (request.params as { id: string }).id, { topic });
      return {
        session: summary(data.session),
        answeringClusterId: data.session.state === 'live' ? data.session.answering_cluster_id : null,
        clusters: data.clusters.map(clusterJson),
        answers: data.answers.map(answerJson),
        notices: data.notices.map((n) => ({ kind: n.kind, text: n.body, at: iso(n.at)! })),
      };
    },
  );

  // Live: one stream per viewer; ended here when the app closes, or the server would wait for them
  const streams = new Set<EventStream>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.close();
    await sessionFeed(platform).close();
  });

  /**
   * Opens a viewer's event stream once the session (and the viewer's right to it) has been checked, so a refusal is an ordinary answer;
   * a client address already holding RATE_LIMIT_STREAMS streams is refused (429) before anything is subscribed.
   */
  async function follow(
    request: FastifyRequest,
    reply: FastifyReply,
    subscribe: (viewer: { write(chunk: string): boolean }, id: string, since?: string) => Promise<() => void>,
  ) {
    const slot = reserveEventStream(request, reply);
    // what arrives before the stream is open (a replay after Last-Event-ID) waits in `pending`
    const pending: string[] = [];
    const open: { stream?: EventStream } = {};
    const viewer = { write: (chunk: string) => (open.stream ? open.stream.write(chunk) : (pending.push(chunk), true)) };
    let unsubscribe: () => void;
    try {
      unsubscribe = await subscribe(viewer, (request.params as { id: string }).id, lastEventId(request));
    } catch (error) {
      slot();
      throw error;
    }
    const stream = openEventStream(request, reply, undefined, slot);
    open.stream = stream;
    streams.add(stream);
    for (const chunk of pending) stream.write(chunk);
    stream.onClose(() => {
      unsubscribe();
      streams.delete(stream);
    });
  }

  app.get(
    '/engage/sessions/:id/events',
    {
      schema: {
        tags: ['engage'],
        summary: 'A session live, as Server-Sent Events',
        description:
          'Events: `cluster` (a question approved, or its askers and upvotes changed; `{ id, removed: true }` when it is gone), `answer`, `answering` (`{ cluster }` or `{ cluster: null }`), `session` (`{ state, startsAt, endsAt }`), `reload` (too much was missed: fetch the session again). Each carries an id; reconnect with `Last-Event-ID` to get what was missed.',
        params: IdParams,
        produces: ['text/event-stream'],
        response: { 404: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse },
      },
    },
    (request, reply) =>
      follow(request, reply, (viewer, id, since) => engage.followSession(platform, id, viewer, since)),
  );

  app.get('/staff/engage/sessions/:id/events', { schema: { hide: true, params: IdParams } }, (request, reply) =>
    follow(request, reply, (viewer, id, since) =>
      engage.followSessionAsStaff(platform, request.actor, id, viewer, since),
    ),
  );

  app.post(
    '/api/engage/participants',
    {
      config: { csrf: false, rateLimit: questionLimit },
      schema: {
        tags: ['engage'],
        summary: `A new anonymous participant token, to send in the ${PARTICIPANT_HEADER} header when asking and voting`,
        response: { 201: Type.Object({ participant: Type.String() }) },
      },
    },
    async (_request, reply) => reply.code(201).send({ participant: app.signCookie(randomToken(16)) }),
  );

  app.post(
    '/api/engage/sessions/:id/questions',
    {
      config: { csrf: false, rateLimit: questionLimit },
      schema: {
        tags: ['engage'],
        summary: 'Ask a question in a session (upcoming or live)',
        description: `Anonymous by default. The participant is the token in the ${PARTICIPANT_HEADER} header; without one a new token is issued in the answer.`,
        params: IdParams,
        body: QuestionBody,
        response: {
          201: Asked,
          400: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof QuestionBody>;
      const participant = participantOf(request, 'header') ?? randomToken(16);
      const asked = await engage.askQuestion(
        platform,
        participant,
        (request.params as { id: string }).id,
        { question: body.question, name: body.name, language: body.language ?? request.locale },
        'web',
      );
      return reply.code(201).send({
        id: asked.id,
        clusterId: asked.clusterId,
        status: asked.status,
        topic: asked.topic,
        text: asked.body,
        participant: app.signCookie(participant),
      });
    },
  );

  const voteSchema = (summary: string, description: string) => ({
    config: { csrf: false as const, rateLimit: voteLimit },
    schema: {
      tags: ['engage'],
      summary,
      description: `${description} Needs the participant token in the ${PARTICIPANT_HEADER} header. 409 when the session has ended or was cancelled, 429 beyond ${engage.VOTES_PER_MINUTE} votes a minute.`,
      params: IdParams,
      response: {
        200: Vote,
        400: ErrorResponse,
        403: ErrorResponse,
        404: ErrorResponse,
        409: ErrorResponse,
        429: ErrorResponse,
      },
    },
  });

  async function apiVote(request: FastifyRequest, run: typeof engage.upvote) {
    const participant = participantOf(request, 'header');
    if (!participant) badField(PARTICIPANT_HEADER, 'engage.error.participant');
    return voteJson(await run(platform, participant, (request.params as { id: string }).id));
  }

  app.post(
    '/api/engage/questions/:id/votes',
    voteSchema(
      'Upvote a question (once per participant per cluster)',
      'Near-duplicate questions are grouped in a cluster; a participant has one upvote per cluster, whichever of its questions it is cast through (`counted` is false when they had one already).',
    ),
    (request) => apiVote(request, engage.upvote),
  );

  app.delete(
    '/api/engage/questions/:id/votes',
    voteSchema(
      'Take back an upvote',
      "Takes back the participant's upvote in the question's cluster, whichever of its questions it was cast through (`counted` is false when there was none).",
    ),
    (request) => apiVote(request, engage.removeUpvote),
  );
}
