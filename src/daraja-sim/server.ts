import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { darajaError, isObject, ok, type SimAnswer } from './answers.ts';
import { SimTokens } from './auth.ts';
import type { SimC2b } from './c2b.ts';
import type { SimStk } from './stk.ts';

/** Daraja's requests are small JSON objects; anything larger is refused before it is read whole. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface SimParts {
  tokens: SimTokens;
  stk: SimStk;
  c2b: SimC2b;
  /** GET /sim/transactions */
  transactions(): unknown;
}

class BadBody extends Error {
  constructor(readonly answer: SimAnswer) {
    super('bad body');
  }
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new BadBody({ status: 413, body: { error: `The body is over ${MAX_BODY_BYTES} bytes` } });
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_BODY_BYTES) {
        reject(tooLarge());
        request.pause();
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new BadBody(darajaError(400, '400.002.05', 'Invalid Request Payload')));
      }
    });
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: SimAnswer): void {
  const body = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...(answer.status === 413 ? { connection: 'close' } : {}),
  });
  response.end(body);
}

type Handler = (request: IncomingMessage, url: URL) => SimAnswer | Promise<SimAnswer>;

function routes(parts: SimParts): Record<string, { method: string; bearer: boolean; handle: Handler }> {
  const json = (handle: (body: unknown) => SimAnswer | Promise<SimAnswer>): Handler => {
    return async (request) => handle(await readJson(request));
  };
  return {
    '/oauth/v1/generate': {
      method: 'GET',
      bearer: false,
      handle: (request, url) =>
        parts.tokens.generate(request.headers.authorization, url.searchParams.get('grant_type')),
    },
    '/mpesa/stkpush/v1/processrequest': { method: 'POST', bearer: true, handle: json((b) => parts.stk.push(b)) },
    '/mpesa/stkpushquery/v1/query': { method: 'POST', bearer: true, handle: json((b) => parts.stk.query(b)) },
    '/mpesa/c2b/v2/registerurl': { method: 'POST', bearer: true, handle: json((b) => parts.c2b.register(b)) },
    '/sim/c2b/pay': { method: 'POST', bearer: false, handle: json((b) => parts.c2b.pay(b)) },
    '/sim/stk/decide': {
      method: 'POST',
      bearer: false,
      handle: json(async (b) => {
        const id = isObject(b) && typeof b.CheckoutRequestID === 'string' ? b.CheckoutRequestID : '';
        const decided = parts.stk.decideNow(id);
        if (!decided) return { status: 404, body: { error: 'No such CheckoutRequestID' } };
        await decided;
        return ok(parts.stk.list().find((t) => t.checkoutRequestId === id));
      }),
    },
    '/sim/transactions': { method: 'GET', bearer: false, handle: () => ok(parts.transactions()) },
  };
}

async function route(parts: SimParts, table: ReturnType<typeof routes>, request: IncomingMessage): Promise<SimAnswer> {
  const url = new URL(request.url ?? '/', 'http://daraja-sim');
  const entry = table[url.pathname];
  if (!entry) return darajaError(404, '404.001.01', 'Resource not found');
  if (request.method !== entry.method) return darajaError(405, '405.001.01', `Use ${entry.method}`);
  if (entry.bearer && !parts.tokens.allows(request.headers.authorization)) return SimTokens.refused();
  try {
    return await entry.handle(request, url);
  } catch (error) {
    if (error instanceof BadBody) return error.answer;
    throw error;
  }
}

/** The simulator over HTTP (node:http, no framework), speaking Daraja's paths and JSON. */
export function createSimServer(parts: SimParts, onError: (error: unknown) => void): Server {
  const table = routes(parts);
  const server = createServer((request, response) => {
    route(parts, table, request).then(
      (answer) => send(response, answer),
      (error: unknown) => {
        onError(error);
        if (!response.headersSent) send(response, { status: 500, body: { error: 'The simulator could not answer' } });
        else response.destroy();
      },
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return server;
}
