import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimAnswer } from './answers.ts';

/** An answer ready to write: its status, content type and text. */
export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

export function sendReply(response: ServerResponse, reply: Reply, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(reply.status, {
    'content-type': reply.contentType,
    'content-length': Buffer.byteLength(reply.body),
    'cache-control': 'no-store',
    ...extraHeaders,
  });
  response.end(reply.body);
}

/** Writes a simulator's answer; after a 413 the connection closes, as the rest of the body is not read. */
export function sendAnswer(response: ServerResponse, answer: SimAnswer): void {
  const json = answer.type !== 'text';
  const body = json ? JSON.stringify(answer.body) : String(answer.body);
  const contentType = json ? 'application/json' : 'text/plain; charset=utf-8';
  sendReply(
    response,
    { status: answer.status, contentType, body },
    answer.status === 413 ? { connection: 'close' } : {},
  );
}

export class BodyTooLarge extends Error {}

/** The request body as text; one over `limit` bytes is refused (BodyTooLarge) before it is read whole. */
export function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        reject(new BodyTooLarge());
        request.pause();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** A request refused for its body: thrown while reading it, answered by routeRequest. */
export class BadBody extends Error {
  constructor(readonly answer: SimAnswer) {
    super('bad body');
  }
}

/** readBody for a simulator's route: a body over `limit` bytes is answered with `tooLarge`. */
export async function readSimBody(request: IncomingMessage, limit: number, tooLarge: SimAnswer): Promise<string> {
  try {
    return await readBody(request, limit);
  } catch (error) {
    throw error instanceof BodyTooLarge ? new BadBody(tooLarge) : error;
  }
}

export interface Route {
  method: string;
  handle(request: IncomingMessage, url: URL): SimAnswer | Promise<SimAnswer>;
}

export interface Refusals<R extends Route> {
  notFound(): SimAnswer;
  wrongMethod(method: string): SimAnswer;
  /** a refusal before the route is run (such as a missing token), or undefined */
  refuse?(route: R, request: IncomingMessage): SimAnswer | undefined;
}

/** Answers a request from a table of routes by path. */
export async function routeRequest<R extends Route>(
  table: Record<string, R>,
  request: IncomingMessage,
  refusals: Refusals<R>,
): Promise<SimAnswer> {
  const url = new URL(request.url ?? '/', 'http://sim');
  const route = table[url.pathname];
  if (!route) return refusals.notFound();
  if (request.method !== route.method) return refusals.wrongMethod(route.method);
  const refused = refusals.refuse?.(route, request);
  if (refused) return refused;
  try {
    return await route.handle(request, url);
  } catch (error) {
    if (error instanceof BadBody) return error.answer;
    throw error;
  }
}

/** A simulator's server (node:http, no framework): `failure` answers a request whose answer threw. */
export function createAnswerServer(
  answer: (request: IncomingMessage) => Promise<SimAnswer>,
  failure: SimAnswer,
  onError: (error: unknown) => void,
): Server {
  const server = createServer((request, response) => {
    answer(request).then(
      (answered) => sendAnswer(response, answered),
      (error: unknown) => {
        onError(error);
        if (!response.headersSent) sendAnswer(response, failure);
        else response.destroy();
      },
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

/** Listens and settles with the server's http:// URL. */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  server.listen(port, host);
  await once(server, 'listening');
  const { address, port: bound } = server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${bound}`;
}

const CLOSE_GRACE_MS = 2000;

/**
 * Requests under way are answered and idle keep-alive connections dropped; whatever is still open after a
 * grace period (a connection the server had not yet seen go idle) is cut.
 */
export async function closeWithGrace(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
  await closed;
  clearTimeout(grace);
}
