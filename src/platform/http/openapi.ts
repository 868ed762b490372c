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

import { errorBody, hiddenRoutes, type OpenApi } from './openapi-hidden.ts';

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
