/**
 * The OpenAPI document at /api/openapi.json (@fastify/swagger, from each route's schema) and its
 * reader at /api/docs. Routes declare their own schemas; this file adds what a route cannot say
 * of itself: the security schemes Sauti uses, the 401/403 answers of the walls in front of a
 * route (staff sign-in, CSRF), and the description of routes that are hidden from the schema
 * machinery because their handler is someone else's protocol (tus uploads, the SMS callback,
 * /metrics, the staff event stream). Only the document changes: no route's validation or
 * answers do.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from '../../config.ts';

type Json = Record<string, unknown>;
type Operation = Json & {
  responses: Record<string, Json>;
  security?: Array<Record<string, string[]>>;
  tags?: string[];
};
type OpenApi = Json & { paths: Record<string, Record<string, Operation>>; components?: Json };

export const securitySchemes = {
  staffSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'sauti_session',
    description:
      'A staff session: sign in at /staff/sign-in with username and password, then the two-step code where the role needs one. ' +
      'Forms and JSON posted with a session also carry the CSRF token of the page (form field `_csrf` or header `x-csrf-token`, with its `sauti_csrf` cookie).',
  },
  open311ApiKey: {
    type: 'apiKey',
    in: 'query',
    name: 'api_key',
    description:
      'The key an administrator issued to the app (`sauti open311 key create`). GeoReport v2 clients send it as the `api_key` field of the form-encoded body; ' +
      'the query string works too. A missing, wrong or revoked key is a 403 in GeoReport error form. Only filing a report needs a key.',
  },
  metricsBearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'The METRICS_TOKEN setting, as Prometheus sends it (`authorization: Bearer …`). Without METRICS_TOKEN, /metrics answers 404 (a demo answers this machine only).',
  },
  smsCallbackToken: {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description:
      "The ENGAGE_SMS_TOKEN setting, in the callback address given to Africa's Talking. Without ENGAGE_SMS_TOKEN the callback answers 404.",
  },
} as const;

const ERROR = { $ref: '#/components/schemas/Error' };
const errorBody = (description: string): Json => ({ description, content: { 'application/json': { schema: ERROR } } });
const htmlPage = (description: string): Json => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});
const header = (name: string, description: string, schema: Json = { type: 'string' }, required = false): Json => ({
  name,
  in: 'header',
  description,
  required,
  schema,
});
const responseHeaders = (headers: Record<string, string>): Json =>
  Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
  );
const uploadId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The upload id, from the Location of the creation answer',
  schema: { type: 'string', pattern: '^[0-9a-f]{32}$' },
};
const tusResumable = header('Tus-Resumable', 'The tus protocol version', { type: 'string', enum: ['1.0.0'] }, true);
const tooMany = errorBody('Too many uploads from this address; Retry-After says when to try again');

/** Routes hidden from the schema machinery, described here: `route` is Fastify's method and url, checked to exist. */
export const hiddenRoutes: Array<{ method: string; url: string; path: string; operation: Operation }> = [
  {
    method: 'OPTIONS',
    url: '/api/uploads',
    path: '/api/uploads',
    operation: {
      tags: ['reports'],
      summary: 'Resumable evidence uploads (tus 1.0): what the server supports',
      responses: {
        204: {
          description: 'Supported',
          headers: responseHeaders({
            'Tus-Version': '1.0.0',
            'Tus-Extension': 'creation, creation-with-upload, termination and the others supported',
            'Tus-Max-Size': 'The largest evidence file, in bytes (EVIDENCE_MAX_BYTES)',
          }),
        },
      },
    },
  },
  {
    method: 'POST',
    url: '/api/uploads',
    path: '/api/uploads',
    operation: {
      tags: ['reports'],
      summary: 'Begin a resumable evidence upload (tus 1.0 creation)',
      description:
        'Evidence (photo, video, audio, PDF) for a report, sent in pieces that survive a broken connection; see https://tus.io/protocols/resumable-upload. ' +
        'A finished upload is only held: the report claims it by sending its id in the `upload` field, and it is removed if no report does within a day. ' +
        'An unfinished upload that receives nothing for UPLOAD_IDLE_MINUTES is removed. Uploads are never served back. ' +
        'One address may begin RATE_LIMIT_UPLOADS uploads per 10 minutes and hold RATE_LIMIT_OPEN_UPLOADS unfinished at once.',
      parameters: [
        tusResumable,
        header('Upload-Length', 'The size of the whole file in bytes', { type: 'integer', minimum: 0 }),
        header('Upload-Defer-Length', '1 when the size is not known yet', { type: 'integer', enum: [1] }),
        header('Upload-Metadata', 'Comma-separated `key base64value` pairs, e.g. filename and filetype'),
      ],
      responses: {
        201: {
          description: 'Created',
          headers: responseHeaders({
            Location: 'Where to send the bytes: /api/uploads/{id}',
            'Tus-Resumable': '1.0.0',
          }),
        },
        400: { description: 'Upload-Length or Upload-Metadata missing or malformed' },
        412: { description: 'Tus-Resumable missing or a version not supported' },
        413: { description: 'Larger than EVIDENCE_MAX_BYTES' },
        429: tooMany,
      },
    },
  },
  {
    method: 'OPTIONS',
    url: '/api/uploads/:id',
    path: '/api/uploads/{id}',
    operation: {
      tags: ['reports'],
      summary: 'tus 1.0: what the server supports',
      parameters: [uploadId],
      responses: { 204: { description: 'Supported' } },
    },
  },
  {
    method: 'HEAD',
    url: '/api/uploads/:id',
    path: '/api/uploads/{id}',
    operation: {
      tags: ['reports'],
      summary: 'How much of an upload has arrived (tus 1.0), to resume from there',
      parameters: [uploadId, tusResumable],
      responses: {
        200: {
          description: 'The upload',
          headers: responseHeaders({
            'Upload-Offset': 'Bytes received so far',
            'Upload-Length': 'The size of the whole file',
            'Cache-Control': 'no-store',
          }),
        },
        404: { description: 'No such upload (or it was removed)' },
        410: { description: 'The upload expired' },
      },
    },
  },
  {
    method: 'PATCH',
    url: '/api/uploads/:id',
    path: '/api/uploads/{id}',
    operation: {
      tags: ['reports'],
      summary: 'Send the next bytes of an upload (tus 1.0)',
      parameters: [
        uploadId,
        tusResumable,
        header(
          'Upload-Offset',
          'Where these bytes begin: the Upload-Offset the last HEAD or PATCH answered',
          { type: 'integer', minimum: 0 },
          true,
        ),
      ],
      requestBody: {
        required: true,
        content: { 'application/offset+octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      responses: {
        204: { description: 'Stored', headers: responseHeaders({ 'Upload-Offset': 'Bytes received so far' }) },
        404: { description: 'No such upload' },
        409: { description: 'Upload-Offset is not where the upload stands: ask with HEAD and resume from there' },
        410: { description: 'The upload expired' },
        412: {
          description: 'Tus-Resumable missing or a version not supported (Tus-Version lists the versions that are)',
        },
        413: { description: 'More bytes than the upload declared' },
        415: { description: 'Content-Type is not application/offset+octet-stream' },
        429: tooMany,
      },
    },
  },
  {
    method: 'DELETE',
    url: '/api/uploads/:id',
    path: '/api/uploads/{id}',
    operation: {
      tags: ['reports'],
      summary: 'Give up an upload (tus 1.0 termination)',
      parameters: [uploadId, tusResumable],
      responses: { 204: { description: 'Removed' }, 404: { description: 'No such upload' } },
    },
  },
  {
    method: 'POST',
    url: '/api/uploads/:id',
    path: '/api/uploads/{id}',
    operation: {
      tags: ['reports'],
      summary:
        'PATCH or DELETE an upload by POST, for clients that cannot send those methods (tus 1.0 X-HTTP-Method-Override)',
      description:
        'Answers exactly as the method named in X-HTTP-Method-Override would (PATCH or DELETE); without it, 404.',
      parameters: [
        uploadId,
        tusResumable,
        header(
          'X-HTTP-Method-Override',
          'The method this request stands for',
          { type: 'string', enum: ['PATCH', 'DELETE'] },
          true,
        ),
      ],
      responses: {
        204: {
          description: 'Stored (PATCH) or removed (DELETE)',
          headers: responseHeaders({ 'Upload-Offset': 'Bytes received so far (PATCH)' }),
        },
        404: { description: 'No such upload, or no method to stand for' },
        409: { description: 'Upload-Offset is not where the upload stands' },
        412: { description: 'Tus-Resumable missing or a version not supported' },
        415: { description: 'PATCH: Content-Type is not application/offset+octet-stream' },
        429: tooMany,
      },
    },
  },
  {
    method: 'POST',
    url: '/channels/sms/engage',
    path: '/channels/sms/engage',
    operation: {
      tags: ['engage'],
      summary: "#EngageTheIG questions by SMS: the Africa's Talking incoming-message callback",
      description:
        "Africa's Talking posts each incoming SMS here. The question goes to the session taking questions now. Every message handled answers 200 with what became of it " +
        '(so a message refused on purpose is never retried); the message id makes a retried callback harmless. The answer never repeats the number or the text.',
      security: [{ smsCallbackToken: [] }],
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: {
              type: 'object',
              required: ['from', 'id'],
              properties: {
                from: { type: 'string', description: 'The sender, e.g. +254712345678' },
                to: { type: 'string', description: 'The short code' },
                text: { type: 'string', description: 'The question' },
                id: { type: 'string', description: "Africa's Talking's message id" },
                date: { type: 'string' },
                linkId: { type: 'string' },
              },
            },
          },
        },
      },
      responses: {
        200: {
          description: 'Handled',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  outcome: {
                    type: 'string',
                    enum: ['stored', 'duplicate', 'no_session', 'empty', 'too_long', 'banned', 'too_many'],
                  },
                  question: { type: 'string', nullable: true },
                  session: { type: 'string', nullable: true },
                  language: { type: 'string', enum: ['en', 'sw'] },
                  reply: { type: 'string', description: 'The text for the sender, in their language' },
                },
              },
            },
          },
        },
        400: errorBody('from or id missing or malformed'),
        403: errorBody('The token is missing or wrong'),
        404: errorBody('The SMS channel is off (no ENGAGE_SMS_TOKEN)'),
      },
    },
  },
  {
    method: 'GET',
    url: '/metrics',
    path: '/metrics',
    operation: {
      tags: ['platform'],
      summary: 'Prometheus metrics: request durations by route and status, and the process',
      security: [{ metricsBearer: [] }],
      responses: {
        200: {
          description: 'Prometheus text format',
          content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } },
        },
        401: {
          ...errorBody('No token or a wrong one'),
          headers: responseHeaders({ 'WWW-Authenticate': 'Bearer realm="sauti-metrics"' }),
        },
        404: errorBody('No METRICS_TOKEN is set (and this is not a demo asked from this machine)'),
      },
    },
  },
  {
    method: 'GET',
    url: '/staff/engage/sessions/:id/events',
    path: '/staff/engage/sessions/{id}/events',
    operation: {
      tags: ['engage'],
      summary: 'A session live for its moderators and the IG’s office, as Server-Sent Events',
      description:
        'The public events of /engage/sessions/{id}/events, and `queue` (`{ pending, approved, rejected }`) whenever the moderation queue changes. ' +
        'Each event carries an id; reconnect with `Last-Event-ID` to get what was missed.',
      security: [{ staffSession: [] }],
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
        header('Last-Event-ID', 'The id of the last event received, to resume'),
      ],
      responses: {
        200: { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        303: {
          description: 'Not signed in: sent to /staff/sign-in (or to the two-step code)',
          headers: responseHeaders({ Location: '/staff/sign-in?next=…' }),
        },
        403: htmlPage('The signed-in role may not moderate'),
        404: htmlPage('No such session'),
        429: htmlPage(
          'This address holds too many event streams (RATE_LIMIT_STREAMS); Retry-After says when to try again',
        ),
      },
    },
  },
];

/** Routes that need a signed-in staff member: 401 without one, 403 for a role that may not. */
export const staffRoutes: Array<{ method: string; url: string }> = [{ method: 'GET', url: '/api/cases' }];

const openApiPath = (url: string) => url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

/** Registers the document's generator; call before any route is added (it records them as they are). */
export async function registerApiDocs(app: FastifyInstance, config: Config): Promise<void> {
  // every route as registered, with its config (CSRF) and whether a handler exists for the method
  const routes = new Map<string, RouteOptions>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.set(`${method} ${route.url}`, route);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Sauti API',
        description:
          "The National Police Service's platform for public engagement, accountability and paperless service.",
        version: '1.0.0',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: securitySchemes as unknown as Record<string, never>,
        schemas: {
          Error: {
            type: 'object',
            description: 'Every JSON error: a code, a message in the language asked for, and each field at fault',
            required: ['error'],
            properties: {
              error: {
                type: 'object',
                required: ['code', 'message', 'fields'],
                properties: {
                  code: {
                    type: 'string',
                    description: 'e.g. bad_input, unauthenticated, forbidden, csrf, not_found, too_many_requests',
                    example: 'bad_input',
                  },
                  message: { type: 'string' },
                  fields: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['field', 'message'],
                      properties: { field: { type: 'string' }, message: { type: 'string' } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    transformObject: (document) =>
      complete((document as { openapiObject: unknown }).openapiObject as OpenApi, routes) as never,
  });
}

/** The generated document, completed with the walls in front of routes and the hidden routes' descriptions. */
function complete(doc: OpenApi, routes: Map<string, RouteOptions>): OpenApi {
  for (const { method, url, path, operation } of hiddenRoutes) {
    if (!routes.has(`${method} ${url}`)) continue;
    doc.paths[path] = { ...doc.paths[path], [method.toLowerCase()]: structuredClone(operation) };
  }
  for (const { method, url } of staffRoutes) {
    const operation = doc.paths[openApiPath(url)]?.[method.toLowerCase()];
    if (!operation) continue;
    operation.security = [{ staffSession: [] }];
    operation.responses[401] ??= errorBody('Not signed in as staff');
    operation.responses[403] ??= errorBody('The signed-in role may not do this');
  }
  for (const [key, route] of routes) {
    const [method] = key.split(' ');
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method!) || route.config?.csrf === false) continue;
    const operation = doc.paths[openApiPath(route.url)]?.[method!.toLowerCase()];
    if (!operation) continue;
    operation.responses[403] ??= errorBody(
      'The CSRF token is missing or does not match its cookie (the form has expired)',
    );
  }
  // what needs no credentials says so (an empty requirement), rather than leaving readers to guess
  for (const methods of Object.values(doc.paths))
    for (const operation of Object.values(methods)) operation.security ??= [];
  return doc;
}

/** /api/openapi.json and the reader at /api/docs; call after every route is registered. */
export async function serveApiDocs(app: FastifyInstance): Promise<void> {
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
}
