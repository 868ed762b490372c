import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type ComponentChild, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Type } from 'typebox';
import { publicActor } from '../../../platform/auth/actor.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import type { PageContext } from '../../../platform/web/page.ts';
import { REFRESH_MINUTES } from '../refresh/service.ts';
import { toCsv, toJson } from './data.ts';
import { DictionaryPage } from './pages/dictionary.tsx';
import { MonthPage, NothingYetPage } from './pages/month.tsx';
import { checkMonth, latestView, monthPackage, monthView, releasedMonths, tableData } from './service.ts';
import { transparencySettings } from './settings.ts';

const MonthParams = Type.Object({ month: Type.String({ maxLength: 20 }) });
const FileParams = Type.Object({ month: Type.String({ maxLength: 20 }), file: Type.String({ maxLength: 80 }) });

/**
 * The page as everyone sees it: no one signed in, no form, no cookie set, so that it can be cached (one
 * copy per language: the language comes from a cookie or the browser's Accept-Language).
 */
function publicPage(platform: Platform, request: FastifyRequest): PageContext {
  return {
    t: request.t,
    locale: request.locale,
    demo: platform.config.demo,
    actor: publicActor,
    csrfToken: '',
    path: request.url,
    nav: [],
  };
}

/**
 * Sends a body that any cache may keep for one refresh interval, with a validator: a client that sends back
 * the ETag it has gets 304 and no body.
 */
function sendCached(request: FastifyRequest, reply: FastifyReply, type: string, body: string, vary?: string) {
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  reply.header('cache-control', `public, max-age=${REFRESH_MINUTES * 60}`).header('etag', etag);
  if (vary) reply.header('vary', vary);
  const asked = request.headers['if-none-match'];
  if (asked && asked.split(',').some((tag) => tag.trim() === etag || tag.trim() === etag.slice(2)))
    return reply.code(304).send();
  return reply.type(type).send(body);
}

const sendPage = (request: FastifyRequest, reply: FastifyReply, node: ComponentChild) =>
  sendCached(
    request,
    reply,
    'text/html; charset=utf-8',
    `<!doctype html>${renderToString(node as VNode)}`,
    'cookie, accept-language',
  );

/** The public transparency portal and its open data: no sign-in, rate limited per client, cacheable. */
export const transparencyRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/transparency',
  register(scope, platform) {
    const { perSecond, k, custodyK } = platform.config.settings.of(transparencySettings);
    const ks = { standard: k, custody: custodyK };
    const limited = { rateLimit: { max: perSecond, timeWindow: 1000 } };

    scope.get('', { config: limited }, async (request, reply) => {
      const page = publicPage(platform, request);
      const view = await latestView(platform);
      return sendPage(request, reply, view ? h(MonthPage, { page, view, latest: true }) : h(NothingYetPage, { page }));
    });

    scope.get('/data', { config: limited }, async (request, reply) => {
      const months = await releasedMonths(platform);
      return sendPage(request, reply, h(DictionaryPage, { page: publicPage(platform, request), months, ks }));
    });

    scope.get('/:month', { schema: { params: MonthParams }, config: limited }, async (request, reply) => {
      const view = await monthView(platform, request.params.month);
      return sendPage(request, reply, h(MonthPage, { page: publicPage(platform, request), view, latest: false }));
    });

    scope.get('/data/:month/:file', { schema: { params: FileParams }, config: limited }, async (request, reply) => {
      const month = checkMonth(request.params.month);
      const { file } = request.params;
      if (file === 'datapackage.json')
        return sendCached(
          request,
          reply,
          'application/json',
          JSON.stringify(await monthPackage(platform, month), null, 1),
        );
      const match = /^([a-z_]+)\.(csv|json)$/.exec(file);
      if (!match) throw new NotFound();
      const data = await tableData(platform, month, match[1]!);
      return match[2] === 'csv'
        ? sendCached(request, reply, 'text/csv; charset=utf-8; header=present', toCsv(data))
        : sendCached(request, reply, 'application/json', toJson(data, month));
    });
  },
};
