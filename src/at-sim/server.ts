import type { IncomingMessage, Server } from 'node:http';
import { BadBody, createAnswerServer, readSimBody, routeRequest, type Refusals, type Route } from '../sim-kit/http.ts';
import { httpUrl, isObject, numberFromQuery, ok, plain, refused, type SimAnswer } from './answers.ts';
import { readIncoming, type IncomingResult, type IncomingSms } from './incoming.ts';
import type { SimMessaging } from './messaging.ts';

/** Sends are small forms; anything larger is refused before it is read whole. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface SimParts {
  messaging: SimMessaging;
  sendIncoming(sms: IncomingSms): Promise<IncomingResult>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return readSimBody(request, MAX_BODY_BYTES, plain(413, `The body is over ${MAX_BODY_BYTES} bytes`));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  try {
    return JSON.parse(await readBody(request));
  } catch (error) {
    if (error instanceof BadBody) throw error;
    throw new BadBody(refused(400, 'The body is not JSON'));
  }
}

/** Africa's Talking's forms (and, as it also takes, JSON objects of strings). */
async function readFields(request: IncomingMessage): Promise<Record<string, string>> {
  const raw = await readBody(request);
  if (!(request.headers['content-type'] ?? '').includes('json')) return Object.fromEntries(new URLSearchParams(raw));
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new BadBody(plain(400, 'The body is not JSON'));
  }
  if (!isObject(body)) throw new BadBody(plain(400, 'The body is not a JSON object'));
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string' || typeof value === 'number') fields[name] = String(value);
    else if (Array.isArray(value)) fields[name] = value.join(',');
  }
  return fields;
}

type Handler = Route['handle'];

function routes(parts: SimParts): Record<string, Route> {
  const { messaging } = parts;
  const json = (handle: (body: unknown) => SimAnswer | Promise<SimAnswer>): Handler => {
    return async (request) => handle(await readJson(request));
  };
  return {
    '/version1/messaging': {
      method: 'POST',
      handle: async (request) => {
        const apiKey = request.headers.apikey;
        return messaging.send(await readFields(request), typeof apiKey === 'string' ? apiKey : undefined);
      },
    },
    '/simulator/messages': {
      method: 'GET',
      handle: (_request, url) => {
        const to = url.searchParams.get('to');
        return ok({ messages: messaging.list(to === null ? undefined : numberFromQuery(to)) });
      },
    },
    '/simulator/delivery-reports': { method: 'GET', handle: () => ok({ reports: messaging.reports() }) },
    '/simulator/delivery-report-url': {
      method: 'POST',
      handle: json((body) => {
        const url = isObject(body) ? httpUrl(body.url) : undefined;
        if (!url) return refused(400, 'The body is {"url": "http(s)://…"}');
        messaging.setDeliveryReportUrl(url);
        return ok({ url });
      }),
    },
    '/simulator/deliver-now': {
      method: 'POST',
      handle: json(async (body) => {
        const id = isObject(body) && typeof body.id === 'string' ? body.id : '';
        const delivered = messaging.deliverNow(id);
        if (!delivered) return refused(404, 'No such message id');
        await delivered;
        return ok(messaging.list().find((message) => message.id === id));
      }),
    },
    '/simulator/incoming': {
      method: 'POST',
      handle: json(async (body) => {
        const sms = readIncoming(body);
        return 'callbackUrl' in sms ? ok(await parts.sendIncoming(sms)) : sms;
      }),
    },
  };
}

const REFUSALS: Refusals<Route> = {
  notFound: () => plain(404, 'Not Found'),
  wrongMethod: (method) => plain(405, `Use ${method}`),
};

/** The simulator over HTTP (node:http, no framework): Africa's Talking's SMS path, and its own under /simulator/. */
export function createSimServer(parts: SimParts, onError: (error: unknown) => void): Server {
  const table = routes(parts);
  const failure = plain(500, 'The simulator could not answer');
  return createAnswerServer((request) => routeRequest(table, request, REFUSALS), failure, onError);
}
