import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
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
import { BadInput } from '../http/errors.ts';
import { registerAssets } from './assets.ts';
import { checkCsrf, CSRF_COOKIE, csrfTokenFor } from './csrf.ts';
import { answerError, answerNotFound } from './errors.ts';
import { fieldProblems } from './form-data.ts';
import { negotiateLocale, type Locale, type Translate } from '../i18n/index.ts';
import type { HomeEntry, NavCount, NavItem, Platform } from '../module.ts';
import { HomePage, StaffHomePage, staffItems } from './home.tsx';
import type { PageContext } from './page.ts';

export { checkCsrf } from './csrf.ts';
export { pickEncoding } from './assets.ts';

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

const LANG_COOKIE = 'sauti_lang';

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
  await registerParsersAndHeaders(app, platform.config);
  decorate(app, platform, options);
  addRequestChecks(app);
  registerLanguageSwitch(app, platform.config);
  registerAssets(app);
  app.setNotFoundHandler(answerNotFound);
  app.setErrorHandler(answerError);
}

/** Body parsers, compression, cookies, security headers and rate limiting. */
async function registerParsersAndHeaders(app: FastifyInstance, config: Platform['config']): Promise<void> {
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
}

/** What every request and reply carries: language, translator, actor, CSRF token, page context, html(). */
function decorate(app: FastifyInstance, { config, i18n }: Platform, options: WebOptions): void {
  app.decorateRequest('locale', 'en');
  app.decorateRequest('t', null as never);
  app.decorateRequest('actor', null as never);
  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    const reply = (this as FastifyRequest & { _reply?: FastifyReply })._reply;
    return csrfTokenFor(this, (seed) =>
      reply?.setCookie(CSRF_COOKIE, seed, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies }),
    );
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
}

/**
 * What a request sends is checked before any schema or handler sees it: each query or form field
 * once (unless the route lists it), no NUL in a query or a path, `page` a page number; then the
 * CSRF token of anything that changes something. An address nothing answers is a 404 whatever
 * was sent to it: neither hook runs for it.
 */
function addRequestChecks(app: FastifyInstance): void {
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
}

/** The language switch works without JavaScript: a link that sets a cookie and goes back. */
function registerLanguageSwitch(app: FastifyInstance, config: Platform['config']): void {
  const LangQuery = Type.Object({
    to: Type.Optional(Type.String({ maxLength: 100 })),
    back: Type.Optional(Type.String({ maxLength: 8000 })),
  });
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.get('/lang', { schema: { hide: true, querystring: LangQuery } }, async (request, reply) => {
    const { to, back } = request.query;
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

/** The public and staff home pages; registered after the auth hooks so /staff is guarded. */
export function registerHomePages(app: FastifyInstance, platform: Platform, home: HomeEntry[]): void {
  app.get('/', { schema: { hide: true } }, async (request, reply) =>
    reply.html(h(HomePage, { page: request.pageContext(), entries: home })),
  );
  app.get('/staff', { schema: { hide: true } }, async (request, reply) => {
    const page = request.pageContext();
    const overdue = new Map<string, number>();
    const counts = new Map<string, NavCount[]>();
    const { actor } = page;
    if (actor.kind === 'staff')
      await Promise.all(
        staffItems(page).map(async (item) => {
          if (item.overdue) overdue.set(item.href, await item.overdue(platform, actor));
          if (item.counts) counts.set(item.href, await item.counts(platform, actor));
        }),
      );
    return reply.html(h(StaffHomePage, { page, overdue, counts }));
  });
}
