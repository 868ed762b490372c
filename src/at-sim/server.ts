import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { httpUrl, isObject, numberFromQuery, ok, plain, refused, type SimAnswer } from './answers.ts';
import { readIncoming, type IncomingResult, type IncomingSms } from './incoming.ts';
import type { SimMessaging } from './messaging.ts';

/** Sends are small forms; anything larger is refused before it is read whole. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface SimParts {
  messaging: SimMessaging;
  sendIncoming(sms: IncomingSms): Promise<IncomingResult>;
}

class BadBody extends Error {
  constructor(readonly answer: SimAnswer) {
    super('bad body');
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new BadBody(plain(413, `The body is over ${MAX_BODY_BYTES} bytes`));
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
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
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

function send(response: ServerResponse, answer: SimAnswer): void {
  const json = answer.type !== 'text';
  const body = json ? JSON.stringify(answer.body) : String(answer.body);
  response.writeHead(answer.status, {
    'content-type': json ? 'application/json' : 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...(answer.status === 413 ? { connection: 'close' } : {}),
  });
  response.end(body);
}

type Handler = (request: IncomingMessage, url: URL) => SimAnswer | Promise<SimAnswer>;

function routes(parts: SimParts): Record<string, { method: string; handle: Handler }> {
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

async function route(table: ReturnType<typeof routes>, request: IncomingMessage): Promise<SimAnswer> {
  const url = new URL(request.url ?? '/', 'http://at-sim');
  const entry = table[url.pathname];
  if (!entry) return plain(404, 'Not Found');
  if (request.method !== entry.method) return plain(405, `Use ${entry.method}`);
  try {
    return await entry.handle(request, url);
  } catch (error) {
    if (error instanceof BadBody) return error.answer;
    throw error;
  }
}

/** The simulator over HTTP (node:http, no framework): Africa's Talking's SMS path, and its own under /simulator/. */
export function createSimServer(parts: SimParts, onError: (error: unknown) => void): Server {
  const table = routes(parts);
  const server = createServer((request, response) => {
    route(table, request).then(
      (answer) => send(response, answer),
      (error: unknown) => {
        onError(error);
        if (!response.headersSent) send(response, plain(500, 'The simulator could not answer'));
        else response.destroy();
      },
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return server;
}
