import type { FastifyReply, FastifyRequest } from 'fastify';
import { lastEventId, openEventStream, reserveEventStream, type EventStream } from '../../../platform/events/sse.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { ErrorResponse } from '../json.ts';
import { sessionFeed } from '../live.ts';
import { IdParams } from '../web.ts';
import { followSession, followSessionAsStaff } from './service.ts';

type Subscribe = (viewer: { write(chunk: string): boolean }, since?: string) => Promise<() => void>;

/**
 * Opens a viewer's event stream once the session (and the viewer's right to it) has been checked, so a refusal is an ordinary answer;
 * a client address already holding RATE_LIMIT_STREAMS streams is refused (429) before anything is subscribed.
 */
async function follow(request: FastifyRequest, reply: FastifyReply, streams: Set<EventStream>, subscribe: Subscribe) {
  const slot = reserveEventStream(request, reply);
  // what arrives before the stream is open (a replay after Last-Event-ID) waits in `pending`
  const pending: string[] = [];
  const open: { stream?: EventStream } = {};
  const viewer = { write: (chunk: string) => (open.stream ? open.stream.write(chunk) : (pending.push(chunk), true)) };
  let unsubscribe: () => void;
  try {
    unsubscribe = await subscribe(viewer, lastEventId(request));
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

/** Following a session live, as Server-Sent Events: the public's stream, and staff's with the queue's counts. */
export const liveRoutes: RoutePlugin = {
  area: 'live',
  prefix: '',
  register(scope, platform) {
    // one stream per viewer; ended here when the app closes, or the server would wait for them
    const streams = new Set<EventStream>();
    scope.addHook('preClose', async () => {
      for (const stream of streams) stream.close();
      await sessionFeed(platform).close();
    });

    scope.get(
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
        follow(request, reply, streams, (viewer, since) => followSession(platform, request.params.id, viewer, since)),
    );

    scope.get('/staff/engage/sessions/:id/events', { schema: { hide: true, params: IdParams } }, (request, reply) =>
      follow(request, reply, streams, (viewer, since) =>
        followSessionAsStaff(platform, request.actor, request.params.id, viewer, since),
      ),
    );
  },
};
