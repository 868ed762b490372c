import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { BadInput, DomainError } from '../../platform/http/errors.ts';
import type { Translate } from '../../platform/i18n/index.ts';
import type { Platform } from '../../platform/module.ts';
import type { RoutePlugin, RouteScope } from '../../platform/http/routes.ts';
import { formats, isFormat, render, type Format, type Value } from './format.ts';
import * as open311 from './service.ts';

const tags = ['open311'];

const FormatParams = Type.Object({ format: Type.Enum([...formats], { description: 'json or xml' }) });
const ServiceParams = Type.Object({ service_code: Type.String({ maxLength: 100 }), format: Type.Enum([...formats]) });
const RequestParams = Type.Object({
  service_request_id: Type.String({ maxLength: 40 }),
  format: Type.Enum([...formats]),
});
const TokenParams = Type.Object({
  token: Type.String({ maxLength: 64, description: 'The token a filing answered with' }),
  format: Type.Enum([...formats]),
});

const Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }), {
  description: 'GeoReport v2 errors; in XML <errors><error><code/><description/></error></errors>',
});

const DateTime = Type.String({ format: 'date-time' });

const DiscoverySchema = Type.Object({
  changeset: DateTime,
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(
    Type.Object({
      specification: Type.String(),
      url: Type.String(),
      changeset: DateTime,
      type: Type.String(),
      formats: Type.Array(Type.String()),
    }),
  ),
});

const ServiceSchema = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String(),
});

const DefinitionSchema = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(
    Type.Object({
      variable: Type.Boolean(),
      code: Type.String(),
      datatype: Type.String(),
      required: Type.Boolean(),
      datatype_description: Type.String(),
      order: Type.Integer(),
      description: Type.String(),
      values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }))),
    }),
  ),
});

const field = (description: string, maxLength = 200) => Type.Optional(Type.String({ description, maxLength }));

const RequestBody = Type.Object(
  {
    api_key: field('The API key issued to the app (required, here or in the query string; checked first)'),
    service_code: Type.String({ maxLength: 100, description: 'A service_code from services.json' }),
    description: Type.String({ maxLength: 4000, description: 'What happened (required, up to 4,000 characters)' }),
    lat: field('Latitude, WGS84', 32),
    long: field('Longitude, WGS84', 32),
    address_string: field('Where it happened, in words', 300),
    address_id: field('Not used'),
    'attribute[county]': field('County code (required); see the service definition', 10),
    'attribute[station]': field('Station id; see the service definition', 100),
    'attribute[anonymous]': field('yes or no', 10),
    'attribute[officers]': field('Officers involved, separated by semicolons', 2000),
    'attribute[occurred_at]': field('When it happened, ISO 8601 with time zone', 40),
    email: field('Kept only when the reporter is not anonymous', 254),
    phone: field('Kenyan mobile number; kept only when the reporter is not anonymous', 20),
    first_name: field('Kept only when the reporter is not anonymous', 100),
    last_name: field('Kept only when the reporter is not anonymous', 100),
    device_id: field('Never stored'),
    account_id: field('Never stored'),
    media_url: field('Not fetched and not stored; add evidence by following the report with its receipt code', 2000),
  },
  { description: 'A GeoReport v2 service request, form-encoded (application/x-www-form-urlencoded) or as JSON' },
);

const CreatedSchema = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    token: Type.String({
      description:
        'Turns into the service_request_id at /tokens/{token}.{format} (Sauti files at once, so both are given)',
    }),
    service_notice: Type.String({ description: 'Includes the receipt code, shown only once' }),
    account_id: Type.Null(),
  }),
);

const TokenSchema = Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String() }));

const RequestsQuery = Type.Object({
  service_request_id: field('Comma-separated ids; when given, the other filters are ignored', 2000),
  service_code: field('A service_code', 100),
  start_date: field('ISO 8601; at most 90 days before end_date', 40),
  end_date: field('ISO 8601', 40),
  status: field('open, closed or open,closed', 20),
});

const RequestSchema = Type.Object(
  {
    service_request_id: Type.String(),
    status: Type.String({ description: 'open or closed' }),
    status_notes: Type.String({ description: 'The case status in words' }),
    service_name: Type.String(),
    service_code: Type.String(),
    agency_responsible: Type.String({ description: 'The unit handling the case' }),
    requested_datetime: DateTime,
    updated_datetime: DateTime,
    expected_datetime: Type.String({ format: 'date-time', description: 'When the first response is due' }),
    address: Type.String({ description: 'County, and station if one was named' }),
  },
  {
    description:
      'Misconduct reports are not public: no description, place, coordinates, people, contact details or media.',
  },
);

const errorResponses = { 400: Errors, 404: Errors };

/** The format asked for, even when the request failed before its parameters were read. */
function formatOf(request: FastifyRequest): Format {
  const asked = (request.params as { format?: unknown } | undefined)?.format;
  if (isFormat(asked)) return asked;
  return /\.xml$/i.test(request.url.split('?')[0] ?? '') ? 'xml' : 'json';
}

function send(reply: FastifyReply, format: Format, root: string, value: Value, status = 200): FastifyReply {
  const { contentType, body } = render(format, root, value);
  return reply.code(status).type(contentType).header('cache-control', 'no-store').send(body);
}

function sendErrors(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  descriptions: string[],
): FastifyReply {
  return send(
    reply,
    formatOf(request),
    'errors',
    descriptions.map((description) => ({ code: status, description })),
    status,
  );
}

function validationDescriptions(error: FastifyError): string[] {
  return (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : '';
    const name = [path, missing].filter(Boolean).join('.') || (error.validationContext ?? 'body');
    return missing ? `${name}: required` : `${name}: ${v.message ?? 'is not valid'}`;
  });
}

/** Every failure under /open311/v2 answers in GeoReport v2 error form, revealing nothing more. */
function handleError(t: Translate, error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof BadInput) {
    return sendErrors(
      request,
      reply,
      400,
      error.problems.map((p) => `${p.field}: ${t(p.message, p.params)}`),
    );
  }
  if (error instanceof DomainError) {
    if (error.status === 403) return sendErrors(request, reply, 403, [t('open311.error.apiKey')]);
    if (error.status === 404) return sendErrors(request, reply, 404, [t('open311.error.notFound')]);
    if (error.status === 413) return sendErrors(request, reply, 413, [t('open311.error.tooLarge')]);
    if (error.status < 500) return sendErrors(request, reply, error.status, [t('open311.error.badRequest')]);
  }
  if (error.validation) return sendErrors(request, reply, 400, validationDescriptions(error));
  const status = error.statusCode ?? 500;
  if (status === 413) return sendErrors(request, reply, 413, [t('open311.error.tooLarge')]);
  if (status === 415) return sendErrors(request, reply, 415, [t('open311.error.unsupportedType')]);
  if (status === 429) return sendErrors(request, reply, 429, [t('open311.error.tooManyRequests')]);
  if (status === 400 && (error.code?.startsWith('FST_ERR_CTP_') || error instanceof SyntaxError)) {
    return sendErrors(request, reply, 400, [t('open311.error.malformedBody')]);
  }
  if (status >= 400 && status < 500) return sendErrors(request, reply, status, [t('open311.error.badRequest')]);
  request.log.error({ err: error }, 'open311 request failed');
  return sendErrors(request, reply, 500, [t('open311.error.internal')]);
}

function discoveryRoutes(scope: RouteScope, platform: Platform): void {
  scope.get(
    '/discovery.:format',
    {
      schema: {
        tags,
        summary: 'Open311 discovery: endpoints, formats, contact',
        params: FormatParams,
        response: { 200: DiscoverySchema, ...errorResponses },
      },
    },
    async (request, reply) => send(reply, request.params.format, 'discovery', open311.discovery(platform)),
  );
  scope.get(
    '/services.:format',
    {
      schema: {
        tags,
        summary: 'Open311 services: one per misconduct category',
        params: FormatParams,
        response: { 200: Type.Array(ServiceSchema), ...errorResponses },
      },
    },
    async (request, reply) => send(reply, request.params.format, 'services', open311.listServices(platform)),
  );
  scope.get(
    '/services/:service_code.:format',
    {
      schema: {
        tags,
        summary: 'Open311 service definition: the attributes a report carries',
        params: ServiceParams,
        response: { 200: DefinitionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const definition = await open311.serviceDefinition(platform, request.params.service_code);
      return send(reply, request.params.format, 'service_definition', definition);
    },
  );
}

/** The key is a field of the body (GeoReport v2), or of the query string as some clients send it. */
function givenApiKey(request: FastifyRequest): unknown {
  const body = request.body as { api_key?: unknown } | undefined;
  if (body && typeof body === 'object' && body.api_key !== undefined) return body.api_key;
  return (request.query as { api_key?: unknown }).api_key;
}

const filingDescription =
  'Form-encoded as GeoReport v2 clients send it (JSON is taken too). Files a report and opens its case. The service_notice carries the 16-digit receipt code, the only way ' +
  'to follow the report at /follow; it is shown once. In demo mode the API key open311-demo-key works.';

function filingRoute(scope: RouteScope, platform: Platform, t: Translate): void {
  const clients = new WeakMap<FastifyRequest, open311.ApiClient>();
  scope.post(
    '/requests.:format',
    {
      config: { csrf: false, rateLimit: { max: platform.config.rateLimits.reports, timeWindow: '10 minutes' } },
      schema: {
        tags,
        summary: 'Open311: report police misconduct',
        description: filingDescription,
        security: [{ open311ApiKey: [] }],
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        params: FormatParams,
        body: RequestBody,
        response: { 201: CreatedSchema, 403: Errors, 413: Errors, 415: Errors, 429: Errors, ...errorResponses },
      },
      preValidation: async (request) => {
        clients.set(request, await open311.checkApiKey(platform, givenApiKey(request)));
      },
    },
    async (request, reply) => {
      const client = clients.get(request);
      if (!client) return sendErrors(request, reply, 403, [t('open311.error.apiKey')]);
      const created = await open311.createServiceRequest(platform, client, request.body, request.locale);
      return send(reply, request.params.format, 'service_requests', [created], 201);
    },
  );
}

function lookupRoutes(scope: RouteScope, platform: Platform): void {
  scope.get(
    '/requests.:format',
    {
      schema: {
        tags,
        summary: 'Open311: reports by status, category and date (no content of any report)',
        params: FormatParams,
        querystring: RequestsQuery,
        response: { 200: Type.Array(RequestSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const found = await open311.findServiceRequests(platform, request.query);
      return send(reply, request.params.format, 'service_requests', found);
    },
  );
  scope.get(
    '/requests/:service_request_id.:format',
    {
      schema: {
        tags,
        summary: 'Open311: one report’s status (no content of the report)',
        params: RequestParams,
        response: { 200: Type.Array(RequestSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const found = await open311.findServiceRequest(platform, request.params.service_request_id);
      return send(reply, request.params.format, 'service_requests', [found]);
    },
  );
  scope.get(
    '/tokens/:token.:format',
    {
      schema: {
        tags,
        summary: 'Open311: the service_request_id of a filing, from the token it answered with',
        params: TokenParams,
        response: { 200: TokenSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const found = await open311.findToken(platform, request.params.token);
      return send(reply, request.params.format, 'service_requests', [found]);
    },
  );
}

/** Open311 GeoReport v2 under /open311/v2; its errors keep the GeoReport shape. */
export const open311Routes: RoutePlugin = {
  area: 'api',
  prefix: '/open311/v2',
  register(scope, platform) {
    const t = platform.i18n.translator('en');
    scope.setErrorHandler((error: FastifyError, request, reply) => handleError(t, error, request, reply));
    scope.setNotFoundHandler((request, reply) => sendErrors(request, reply, 404, [t('open311.error.notFound')]));
    discoveryRoutes(scope, platform);
    filingRoute(scope, platform, t);
    lookupRoutes(scope, platform);
  },
};
