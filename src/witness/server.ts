import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BodyTooLarge, readBody, sendReply } from '../sim-kit/http.ts';
import type { Witness, WitnessAnswer } from './witness.ts';

/**
 * A request body holds an old-size line, at most 63 proof hashes and a checkpoint with a few signatures:
 * well under 16 KiB. Anything larger is refused before it is read whole.
 */
export const MAX_BODY_BYTES = 16 * 1024;

function text(status: number, body: string): WitnessAnswer {
  return { status, contentType: 'text/plain; charset=utf-8', body: body.endsWith('\n') ? body : `${body}\n` };
}

async function addCheckpoint(witness: Witness, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let body: string;
  try {
    body = await readBody(request, MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    // the rest of the body is not read: the connection closes after the answer
    sendReply(response, text(413, `The request body is over ${MAX_BODY_BYTES} bytes.`), { connection: 'close' });
    return;
  }
  sendReply(response, await witness.addCheckpoint(body));
}

async function route(witness: Witness, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://witness').pathname;
  if (path === '/add-checkpoint') {
    if (request.method !== 'POST') return sendReply(response, text(405, 'Use POST.'), { allow: 'POST' });
    return addCheckpoint(witness, request, response);
  }
  if (path === '/') {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendReply(response, text(405, 'Use GET.'), { allow: 'GET, HEAD' });
    }
    return sendReply(response, text(200, await witness.statusText()));
  }
  sendReply(response, text(404, 'Not found.'));
}

/** The witness over HTTP (node:http, no framework): POST /add-checkpoint per c2sp.org/tlog-witness, GET / status. */
export function createWitnessServer(witness: Witness, onError: (error: unknown) => void = () => {}): Server {
  const server = createServer((request, response) => {
    route(witness, request, response).catch((error: unknown) => {
      onError(error);
      if (!response.headersSent) sendReply(response, text(500, 'The witness could not answer.'));
      else response.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 30_000;
  server.maxHeadersCount = 50;
  return server;
}
