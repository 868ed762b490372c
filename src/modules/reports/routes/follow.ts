import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { codeLookup } from '../../../platform/http/code-lookups.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin, RouteScope } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import { FormRefused } from '../../../platform/web/form-data.ts';
import { translateProblems, type FieldErrors } from '../../../platform/web/forms.tsx';
import { FollowLoginPage, FollowPage } from '../pages/follow.tsx';
import * as reports from '../service.ts';
import { readMultipartForm, type ParsedForm } from './form-reading.ts';

const FOLLOW_COOKIE = 'sauti_follow';
const FOLLOW_MINUTES = 30;

const FollowQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 200 })) });

interface FollowExtra {
  errors?: FieldErrors;
  notice?: string;
  reply?: string;
}

/** Whoever's follow cookie is genuine and unexpired holds the report's receipt; anyone else, nothing. */
function followedReport(platform: Platform, request: FastifyRequest): reports.ReceiptHolder | undefined {
  return reports.ReceiptHolder.byFollowToken(platform, request.cookies[FOLLOW_COOKIE]);
}

async function followPage(
  platform: Platform,
  request: FastifyRequest,
  holder: reports.ReceiptHolder,
  extra: FollowExtra,
) {
  const followed = await reports.followReport(platform, holder);
  return h(FollowPage, {
    page: request.pageContext(),
    followed,
    now: platform.clock.now(),
    errors: extra.errors ?? {},
    notice: extra.notice,
    ...(extra.reply ? { reply: extra.reply } : {}),
  });
}

/**
 * Evidence added while following: the files go into the blob store, and are taken back when the
 * form is refused. Answers why it was refused, or nothing once the evidence is recorded.
 */
async function receiveEvidence(
  platform: Platform,
  request: FastifyRequest,
  holder: reports.ReceiptHolder,
): Promise<{ errors: FieldErrors; status: number } | undefined> {
  const maxFileMb = Math.floor(platform.config.evidenceMaxBytes / 1024 / 1024);
  return platform.blobs.batch(async (files) => {
    let form: ParsedForm;
    try {
      form = await readMultipartForm(request, platform, 'web form (follow-up)');
    } catch (error) {
      if (!(error instanceof FormRefused)) throw error;
      return { errors: translateProblems(request.t, error.problems), status: 400 };
    }
    if (form.fileError)
      return {
        errors: { evidence: request.t(`reports.error.${form.fileError.code}`, { mb: maxFileMb }) },
        status: form.fileError.status,
      };
    if (form.evidence.length === 0) return { errors: { evidence: request.t('reports.error.noFiles') }, status: 400 };
    await reports.addEvidence(platform, holder, form.evidence);
    files.recorded();
    return undefined;
  });
}

/** Coming in with the receipt code (a POST body, never a URL), and leaving. */
function signInRoutes(scope: RouteScope, platform: Platform): void {
  const followCookie = {
    path: '/follow',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: platform.config.secureCookies,
  };

  scope.get('/follow', { schema: { querystring: FollowQuery } }, async (request, reply) => {
    const holder = followedReport(platform, request);
    if (!holder) return reply.html(h(FollowLoginPage, { page: request.pageContext(), errors: {} }));
    const { done } = request.query;
    const extra = done === 'message' || done === 'evidence' ? { notice: request.t(`reports.follow.done.${done}`) } : {};
    return reply.html(await followPage(platform, request, holder, extra));
  });

  scope.post(
    '/follow',
    { ...codeLookup(platform, 'reports.receipt'), schema: { body: formBody({ receipt: 200 }) } },
    async (request, reply) => {
      try {
        const { holder } = await reports.ReceiptHolder.byReceipt(platform, request.body.receipt ?? '');
        const token = holder.followToken(platform, FOLLOW_MINUTES);
        reply.setCookie(FOLLOW_COOKIE, token, { ...followCookie, maxAge: FOLLOW_MINUTES * 60 });
        return reply.redirect('/follow', 303);
      } catch (error) {
        if (!(error instanceof NotFound)) throw error;
        const errors = { receipt: request.t('reports.follow.notFound') };
        return reply.html(h(FollowLoginPage, { page: request.pageContext(), errors }), 404);
      }
    },
  );

  scope.post('/follow/leave', { schema: { body: formBody({}) } }, async (_request, reply) => {
    reply.clearCookie(FOLLOW_COOKIE, { path: '/follow' });
    return reply.redirect('/', 303);
  });
}

/** Replying to the investigator and adding evidence, for whoever holds the follow cookie. */
function followUpRoutes(scope: RouteScope, platform: Platform): void {
  const reportLimit = { max: platform.config.rateLimits.reports, timeWindow: '10 minutes' };

  scope.post(
    '/follow/messages',
    { config: { rateLimit: reportLimit }, schema: { body: formBody({ message: 8000 }) } },
    async (request, reply) => {
      const holder = followedReport(platform, request);
      if (!holder) return reply.redirect('/follow', 303);
      const message = request.body.message ?? '';
      return answerForm(request, reply, {
        action: async () => {
          await reports.replyToInvestigator(platform, holder, message);
          return '/follow?done=message';
        },
        showAgain: (errors) => followPage(platform, request, holder, { errors, reply: message }),
      });
    },
  );

  scope.post('/follow/evidence', { config: { csrf: 'manual', rateLimit: reportLimit } }, async (request, reply) => {
    const holder = followedReport(platform, request);
    if (!holder) return reply.redirect('/follow', 303);
    const refused = request.isMultipart()
      ? await receiveEvidence(platform, request, holder)
      : { errors: { evidence: request.t('reports.error.noFiles') }, status: 400 };
    if (refused) return reply.html(await followPage(platform, request, holder, refused), refused.status);
    return reply.redirect('/follow?done=evidence', 303);
  });
}

/** Following a report: the page remembers it for half an hour in an HttpOnly cookie holding a token the service signed. */
export const followRoutes: RoutePlugin = {
  area: 'public',
  prefix: '',
  register(scope, platform) {
    signInRoutes(scope, platform);
    followUpRoutes(scope, platform);
  },
};
