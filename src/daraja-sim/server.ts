import type { IncomingMessage, Server } from 'node:http';
import { BadBody, createAnswerServer, readSimBody, routeRequest, type Refusals, type Route } from '../sim-kit/http.ts';
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

const TOO_LARGE: SimAnswer = { status: 413, body: { error: `The body is over ${MAX_BODY_BYTES} bytes` } };

async function readJson(request: IncomingMessage): Promise<unknown> {
  const text = await readSimBody(request, MAX_BODY_BYTES, TOO_LARGE);
  try {
    return JSON.parse(text);
  } catch {
    throw new BadBody(darajaError(400, '400.002.05', 'Invalid Request Payload'));
  }
}

type Handler = Route['handle'];

function routes(parts: SimParts): Record<string, Route & { bearer: boolean }> {
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

/** The simulator over HTTP (node:http, no framework), speaking Daraja's paths and JSON. */
export function createSimServer(parts: SimParts, onError: (error: unknown) => void): Server {
  const table = routes(parts);
  const refusals: Refusals<(typeof table)[string]> = {
    notFound: () => darajaError(404, '404.001.01', 'Resource not found'),
    wrongMethod: (method) => darajaError(405, '405.001.01', `Use ${method}`),
    refuse: (route, request) =>
      route.bearer && !parts.tokens.allows(request.headers.authorization) ? SimTokens.refused() : undefined,
  };
  const failure = { status: 500, body: { error: 'The simulator could not answer' } };
  return createAnswerServer((request) => routeRequest(table, request, refusals), failure, onError);
}
