import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from 'helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { ComponentChild, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { h } from 'preact';
import { publicActor, type Actor } from '../auth/actor.ts';
import { hmacHex, randomToken, safeEqual } from '../crypto/index.ts';
import { BadInput, DomainError, type FieldProblem } from '../http/errors.ts';
import { fieldProblems } from './form-data.ts';
import { negotiateLocale, type Locale, type Translate } from '../i18n/index.ts';
import type { HomeEntry, NavItem, Platform } from '../module.ts';
import { HomePage, StaffHomePage } from './home.tsx';
import { Layout } from './layout.tsx';
import type { PageContext } from './page.ts';

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
  }
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
    actor: Actor;
    /** The CSRF token for forms on this page (sets the CSRF cookie when first needed). */
    csrfToken(): string;
    pageContext(): PageContext;
  }
  interface FastifyReply {
    /** Sends a full HTML page. */
    html(node: ComponentChild, status?: number): FastifyReply;
  }
  interface FastifyContextConfig {
    /** false: no CSRF check (JSON APIs without cookies, tus); 'manual': the handler checks it (multipart). */
    csrf?: false | 'manual';
    /** Query or form fields that may be sent more than once (any other repeated field is a 400). */
    lists?: readonly string[];
  }
}

const CSRF_COOKIE = 'sauti_csrf';
const LANG_COOKIE = 'sauti_lang';

// Hand-written assets, and the scripts bundled by `npm run build:assets`.
const assetDirs = [
  fileURLToPath(new URL('./assets/', import.meta.url)),
  fileURLToPath(new URL('../../../dist/assets/', import.meta.url)),
];

/**
 * What is worth compressing: text (pages, scripts, styles, JSON, XML, SVG, metrics). Never an
 * event stream (it must reach the viewer event by event, unbuffered; it is hijacked anyway) and
 * never files that are compressed already (PDF, images, audio, video, octet-stream).
 */
export const COMPRESSIBLE =
  /^(?:text\/(?:html|css|javascript|plain|xml|csv)|application\/(?:(?:[\w.-]+\+)?json|(?:[\w.-]+\+)?xml|javascript)|image\/svg\+xml)\s*(?:;|$)/i;

export interface WebOptions {
  nav: NavItem[];
}

export async function registerWeb(app: FastifyInstance, platform: Platform, options: WebOptions): Promise<void> {
  const { config, i18n } = platform;
  // Sauti takes JSON, forms and uploads; anything else is 415 rather than a confusing 400.
  app.removeContentTypeParser('text/plain');
  // Responses are compressed (br, else gzip) when the client accepts it; request bodies are
  // never decompressed (a small compressed body must not unpack past the body limits).
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    customTypes: COMPRESSIBLE,
    globalDecompression: false,
  });
  await app.register(cookie, { secret: config.secret });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(multipart, {
    limits: { fileSize: config.evidenceMaxBytes, files: 10, fields: 40, fieldSize: 16 * 1024 },
  });
  const headers = securityHeaders(config.publicUrl.startsWith('https:'));
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'too_many_requests',
      message: `Too many requests. Try again in ${context.after}.`,
    }),
  });

  app.decorateRequest('locale', 'en');
  app.decorateRequest('t', null as never);
  app.decorateRequest('actor', null as never);
  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    const reply = (this as FastifyRequest & { _reply?: FastifyReply })._reply;
    let seed = this.cookies[CSRF_COOKIE];
    if (!seed) {
      seed = randomToken(18);
      this.cookies[CSRF_COOKIE] = seed;
      reply?.setCookie(CSRF_COOKIE, seed, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
    }
    return hmacHex(config.secret, 'csrf', seed);
  });
  app.decorateRequest('pageContext', function (this: FastifyRequest): PageContext {
    return {
      t: this.t,
      locale: this.locale,
      demo: config.demo,
      actor: this.actor,
      csrfToken: this.csrfToken(),
      path: this.url,
      nav: options.nav,
    };
  });
  app.decorateReply('html', function (this: FastifyReply, node: ComponentChild, status = 200) {
    return this.code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(`<!doctype html>${renderToString(node as VNode)}`);
  });

  app.addHook('onRequest', async (request, reply) => {
    (request as FastifyRequest & { _reply?: FastifyReply })._reply = reply;
    request.locale = negotiateLocale(request.cookies[LANG_COOKIE], request.headers['accept-language']);
    request.t = i18n.translator(request.locale);
    request.actor = publicActor;
  });

  // What a request sends is checked before any schema or handler sees it: each query or form
  // field once (unless the route lists it), no NUL in a query or a path, `page` a page number.
  // An address nothing answers is a 404 whatever was sent to it: neither hook below runs for it.
  app.addHook('preValidation', async (request) => {
    if (request.is404) return;
    const lists = request.routeOptions.config?.lists ?? [];
    const problems = [
      ...fieldProblems(request.query, lists, { noNul: true, page: true }),
      ...fieldProblems(request.params, [], { noNul: true }),
    ];
    if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
      problems.push(...fieldProblems(request.body, lists));
    if (problems.length > 0) throw new BadInput(problems);
  });

  app.addHook('preHandler', async (request) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method) || request.is404) return;
    const mode = request.routeOptions.config.csrf;
    if (mode === false || mode === 'manual') return;
    const body = request.body as Record<string, unknown> | undefined;
    const token = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
    checkCsrf(request, typeof token === 'string' ? token : undefined);
  });

  // The language switch works without JavaScript: a link that sets a cookie and goes back.
  app.get('/lang', { schema: { hide: true } }, async (request, reply) => {
    const { to, back } = request.query as { to?: string; back?: string };
    const locale = negotiateLocale(to, undefined);
    reply.setCookie(LANG_COOKIE, locale, {
      path: '/',
      sameSite: 'lax',
      maxAge: 365 * 24 * 3600,
      secure: config.secureCookies,
    });
    const target = typeof back === 'string' && back.startsWith('/') && !back.startsWith('//') ? back : '/';
    return reply.redirect(target, 303);
  });

  // Each asset is read once and kept with its brotli and gzip forms, made once at the best
  // ratio (the plugin's per-request compression is left for pages and JSON).
  const assets = new Map<string, Asset>();
  const assetTypes: Record<string, string> = {
    css: 'text/css; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    svg: 'image/svg+xml',
  };
  app.get('/assets/:name', { schema: { hide: true } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    if (!/^[a-z0-9-]+\.(css|js|svg)$/.test(name)) return reply.code(404).send();
    let asset = assets.get(name);
    if (!asset) {
      const dir = assetDirs.find((d) => existsSync(d + name));
      if (!dir) return reply.code(404).send();
      asset = loadAsset(readFileSync(dir + name), assetTypes[name.split('.').pop()!]!);
      assets.set(name, asset);
    }
    const encoding = pickEncoding(request.headers['accept-encoding']);
    reply.type(asset.type).header('cache-control', 'public, max-age=3600').header('vary', 'accept-encoding');
    if (encoding === 'identity') return reply.send(asset.body);
    return reply.header('content-encoding', encoding).send(asset[encoding]);
  });

  // Browsers ask for /favicon.ico whatever the page links: send them to the icon the layout names.
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect('/assets/favicon.svg', 301),
  );

  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, 'not_found', []));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof BadInput) return sendError(request, reply, 400, error.code, error.problems);
    if (error instanceof DomainError) {
      const field = 'field' in error ? String((error as { field: unknown }).field) : undefined;
      return sendError(
        request,
        reply,
        error.status,
        error.code,
        field ? [{ field, message: `error.${error.code}` }] : [],
      );
    }
    if (error.validation) {
      return sendError(request, reply, 400, 'bad_input', validationProblems(error));
    }
    const refused = refusedData(request, error);
    if (refused) {
      request.log.warn(
        { code: (error as { code?: string }).code, field: refused.field },
        'the database refused a value the request sent',
      );
      return sendError(request, reply, 400, 'bad_input', [refused]);
    }
    if (isBrokenMultipart(request, error)) {
      return sendError(request, reply, 400, 'bad_input', [
        { field: 'body', message: 'error.malformedForm', params: { field: 'body' } },
      ]);
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE')
      return sendError(request, reply, 413, 'too_large', []);
    if (status === 415) return sendError(request, reply, 415, 'unsupported_type', []);
    if (status === 429) return sendError(request, reply, 429, 'too_many_requests', []);
    if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (status === 400 && error instanceof SyntaxError)
    ) {
      return sendError(request, reply, 400, 'bad_input', [{ field: 'body', message: 'error.malformedJson' }]);
    }
    if (status >= 400 && status < 500) return sendError(request, reply, status, 'bad_request', []);
    request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, 500, 'internal', []);
  });
}

/**
 * Security headers, worked out once by helmet at start (a plugin that rebuilt them on every
 * request cost more than the rest of the header handling put together).
 */
function securityHeaders(https: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: https,
    referrerPolicy: { policy: 'no-referrer' },
  })(
    {} as Parameters<ReturnType<typeof helmet>>[0],
    response as unknown as Parameters<ReturnType<typeof helmet>>[1],
    () => undefined,
  );
  return headers;
}

interface Asset {
  type: string;
  body: Buffer;
  br: Buffer;
  gzip: Buffer;
}

function loadAsset(body: Buffer, type: string): Asset {
  return {
    type,
    body,
    br: brotliCompressSync(body, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
    gzip: gzipSync(body, { level: 9 }),
  };
}

/** br when the client takes it, else gzip, else the plain bytes (a q=0 refuses a coding; `*` takes any). */
export function pickEncoding(header: string | string[] | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (!coding) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(coding, q === undefined ? 1 : Number(q) || 0);
  }
  const weight = (coding: string) => accepted.get(coding) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

/** The public and staff home pages; registered after the auth hooks so /staff is guarded. */
export function registerHomePages(app: FastifyInstance, home: HomeEntry[]): void {
  app.get('/', { schema: { hide: true } }, async (request, reply) =>
    reply.html(h(HomePage, { page: request.pageContext(), entries: home })),
  );
  app.get('/staff', { schema: { hide: true } }, async (request, reply) =>
    reply.html(h(StaffHomePage, { page: request.pageContext() })),
  );
}

export function checkCsrf(request: FastifyRequest, token: string | undefined): void {
  const seed = request.cookies[CSRF_COOKIE];
  const secret = request.server.platform.config.secret;
  if (!seed || !token || !safeEqual(hmacHex(secret, 'csrf', seed), token)) {
    throw new DomainError(403, 'csrf', 'the form has expired; go back, reload it and send it again');
  }
}

/**
 * A value PostgreSQL refused as data (class 22: a NUL character, a number out of range, text
 * that is not a number or a date) came from the request, which was then bad input: the failed
 * statement changed nothing. The field is named where it can be found (a NUL in a field).
 * Services should refuse such values first; this keeps a missed one from being a 500.
 */
function refusedData(request: FastifyRequest, error: FastifyError): FieldProblem | undefined {
  const code = (error as { code?: unknown }).code;
  if (
    typeof code !== 'string' ||
    !/^22[0-9A-Z]{3}$/.test(code) ||
    typeof (error as { severity?: unknown }).severity !== 'string'
  )
    return undefined;
  const sources: Array<[string, unknown]> = [
    ['', request.params],
    ['', request.query],
    ['', request.body],
  ];
  if (code === '22021' || code === '22P05') {
    const field = fieldHolding(sources, (text) => text.includes('\u0000'));
    return { field: field ?? 'body', message: 'error.nulCharacter', params: { field: field ?? 'body' } };
  }
  const field = fieldHolding(sources, (text) => /\d{16,}/.test(text)) ?? 'request';
  return { field, message: 'error.badValue', params: { field } };
}

/** The path of the first string (depth-first through objects and arrays) that `test` accepts. */
function fieldHolding(sources: Array<[string, unknown]>, test: (text: string) => boolean): string | undefined {
  const stack = [...sources].reverse();
  while (stack.length > 0) {
    const [path, value] = stack.pop()!;
    if (typeof value === 'string' || typeof value === 'number') {
      if (test(String(value))) return path || 'body';
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]): [string, unknown] => [
        path ? `${path}.${k}` : k,
        v,
      ]);
      stack.push(...entries.reverse());
    }
  }
  return undefined;
}

/**
 * A multipart body the parser could not read (cut short, a malformed part header): an Error
 * without a status from the parser, on a multipart request. Routes that read files with
 * readMultipart get a 400 naming the part; this covers any other reader.
 */
function isBrokenMultipart(request: FastifyRequest, error: FastifyError): boolean {
  if (error.statusCode !== undefined || (error as { code?: unknown }).code !== undefined || !request.isMultipart())
    return false;
  return /multipart|terminated early|unexpected end|malformed|boundary/i.test(error.message);
}

function validationProblems(error: FastifyError): FieldProblem[] {
  return (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : '';
    const field = [path, missing].filter(Boolean).join('.') || (error.validationContext ?? 'body');
    return { field, message: 'error.field', params: { detail: v.message ?? 'is not valid' } };
  });
}

function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  problems: FieldProblem[],
) {
  // a request that failed before onRequest ran (e.g. a bad URL) still gets a translated page
  const t = request.t ?? ((key: string) => key);
  const message = t(`error.${code}.title`);
  if (wantsJson(request)) {
    return reply.code(status).send({
      error: {
        code,
        message,
        fields: problems.map((p) => ({ field: p.field, message: t(p.message, p.params) })),
      },
    });
  }
  const page = request.actor ? request.pageContext() : undefined;
  if (!page) return reply.code(status).type('text/plain; charset=utf-8').send(message);
  return reply.html(
    h(Layout, {
      page,
      title: message,
      children: [
        h('h1', null, message),
        h('p', null, t(`error.${code}.body`)),
        problems.length > 0
          ? h(
              'ul',
              null,
              problems.map((p) => h('li', null, t(p.message, p.params))),
            )
          : null,
        h('p', null, h('a', { href: '/' }, t('layout.footer.home'))),
      ],
    }),
    status,
  );
}
