import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { h } from 'preact';
import { Type } from 'typebox';
import type { Platform } from '../module.ts';
import { mountRoutes, type RoutePlugin, type RouteScope } from '../http/routes.ts';
import { formBody } from '../web/form-action.ts';
import { isStaff, type StaffActor } from './actor.ts';
import { requireStaff as requireStaffActor, type StaffRule } from './require-staff.ts';
import * as auth from './service.ts';
import { SessionCache } from './session-cache.ts';
import { newTotpSecret, nextUsableTotp, totpUri } from './totp.ts';
import { SecondFactorPage, SignInPage } from './pages/sign-in.tsx';
import { DEMO_TOTP_SECRET } from './demo.ts';
import { makeRecoveryCodes, unusedRecoveryCodes } from './recovery.ts';
import { RecoveryCodesPage } from './pages/recovery-codes.tsx';

const SESSION_COOKIE = 'sauti_session';
const ENROL_COOKIE = 'sauti_totp_enrol';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when a staff member has a password session but still owes the second factor. */
    pendingStaff?: auth.SessionState;
  }
}

function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/staff';
}

/** The signed-in staff member, or a 401 (JSON) / redirect to sign-in (pages) via the error handler; 403 if the rule does not let them in. */
export function requireStaff(request: FastifyRequest, rule?: StaffRule): StaffActor {
  return requireStaffActor(request.actor, rule);
}

export async function registerAuth(app: FastifyInstance, platform: Platform): Promise<void> {
  const sessions = new SessionCache(platform.db);
  app.addHook('onClose', () => sessions.close());
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const state = await auth.sessionState(platform.db.pool, token, sessions);
    if (!state) return;
    if (state.secondFactorDone) request.actor = state.actor;
    else request.pendingStaff = state;
  });

  // Pages of the staff area (and anything under /staff) need a signed-in staff member; send others to sign in first.
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const staffArea = request.routeOptions.config?.area === 'staff' || path.startsWith('/staff');
    if (!staffArea || path === '/staff/sign-in' || path === '/staff/two-factor') return;
    if (isStaff(request.actor)) return;
    const target = request.pendingStaff ? '/staff/two-factor' : '/staff/sign-in';
    return reply.redirect(`${target}?next=${encodeURIComponent(request.url)}`, 303);
  });

  await mountRoutes(app, platform, signInRoutes);
}

/** A signed-in staff member's recovery codes: how many are left, and new ones, shown once. */
function recoveryCodeRoutes(scope: RouteScope, platform: Platform): void {
  scope.get(
    '/recovery-codes',
    {
      schema: { querystring: Type.Object({ next: NextQuery.properties.next, enrolled: Type.Optional(Type.String()) }) },
    },
    async (request, reply) => {
      const who = requireStaff(request);
      const unused = await unusedRecoveryCodes(platform.db.pool, who.id);
      const next = safeNext(request.query.next);
      const enrolled = request.query.enrolled === '1';
      return reply.html(h(RecoveryCodesPage, { page: request.pageContext(), unused, next, enrolled }));
    },
  );
  scope.post('/recovery-codes', { schema: { body: formBody({ next: 2000 }) } }, async (request, reply) => {
    const who = requireStaff(request);
    const codes = await makeRecoveryCodes(platform.db.pool, platform.config.secret, who);
    const next = safeNext(request.body.next);
    reply.header('cache-control', 'no-store');
    return reply.html(
      h(RecoveryCodesPage, { page: request.pageContext(), unused: codes.length, codes, next, enrolled: false }),
    );
  });
}

const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });
const SignInBody = formBody({ username: 200, password: 1000, next: 2000 });
const SecondFactorBody = formBody({ code: 100, next: 2000 });

/** Signing in (password, then the second factor where the role needs one) and out, under /staff. */
const signInRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/staff',
  register(scope, platform) {
    passwordRoutes(scope, platform);
    secondFactorRoutes(scope, platform);
    recoveryCodeRoutes(scope, platform);
    scope.post('/sign-out', async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.signOut(platform.db.pool, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/', 303);
    });
  },
};

function cookieOptions(platform: Platform) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: platform.config.secureCookies };
}

function passwordRoutes(scope: RouteScope, platform: Platform): void {
  const { db, config } = platform;
  scope.get('/sign-in', { schema: { querystring: NextQuery } }, async (request, reply) =>
    reply.html(
      h(SignInPage, { page: request.pageContext(), errors: {}, username: '', next: safeNext(request.query.next) }),
    ),
  );
  scope.post(
    '/sign-in',
    {
      schema: { body: SignInBody },
      config: { rateLimit: { max: config.rateLimits.signIns, timeWindow: '5 minutes' } },
    },
    async (request, reply) => {
      const { username = '', password = '' } = request.body;
      const next = safeNext(request.body.next);
      const result = await auth.signIn(db.pool, username, password, platform.clock.now());
      if (!result) {
        const errors = { username: request.t('auth.signIn.wrong') };
        return reply.html(h(SignInPage, { page: request.pageContext(), errors, username, next }), 401);
      }
      // whatever session this browser had before ends: the new one is the only one it holds
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await auth.signOut(db.pool, previous);
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions(platform), maxAge: 12 * 3600 });
      return reply.redirect(
        result.needsSecondFactor ? `/staff/two-factor?next=${encodeURIComponent(next)}` : next,
        303,
      );
    },
  );
}

/** The secret a staff member is enrolling with, kept in a signed cookie until the first code is right. */
async function enrolment(request: FastifyRequest, reply: FastifyReply, platform: Platform, username: string) {
  const signed = request.cookies[ENROL_COOKIE];
  const unsigned = signed ? request.unsignCookie(signed) : undefined;
  const secret = unsigned?.valid && unsigned.value ? unsigned.value : newTotpSecret();
  reply.setCookie(ENROL_COOKIE, secret, { ...cookieOptions(platform), signed: true, maxAge: 900 });
  return { secret, qrSvg: await QRCode.toString(totpUri(secret, username), { type: 'svg', margin: 1 }) };
}

async function secondFactorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  platform: Platform,
  view: { next: string; errors: Record<string, string>; status?: number },
) {
  const pending = request.pendingStaff;
  if (!pending) return reply.redirect('/staff/sign-in', 303);
  const enrol = pending.totpEnrolled ? undefined : await enrolment(request, reply, platform, pending.actor.username);
  // demo accounts share one published secret; show the code they may use now (each code works once)
  const demoCode =
    platform.config.demo && pending.totpEnrolled ? nextUsableTotp(DEMO_TOTP_SECRET, pending.totpLastStep) : undefined;
  const page = request.pageContext();
  return reply.html(
    h(SecondFactorPage, { page, errors: view.errors, enrol, demoCode, next: view.next }),
    view.status ?? 200,
  );
}

function secondFactorRoutes(scope: RouteScope, platform: Platform): void {
  scope.get('/two-factor', { schema: { querystring: NextQuery } }, async (request, reply) =>
    secondFactorPage(request, reply, platform, { next: safeNext(request.query.next), errors: {} }),
  );
  scope.post(
    '/two-factor',
    {
      schema: { body: SecondFactorBody },
      config: { rateLimit: { max: platform.config.rateLimits.signIns, timeWindow: '5 minutes' } },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      const next = safeNext(request.body.next);
      if (!token || !request.pendingStaff) return reply.redirect('/staff/sign-in', 303);
      const signed = request.cookies[ENROL_COOKIE];
      const enrol = signed ? request.unsignCookie(signed) : undefined;
      const enrolSecret = enrol?.valid ? (enrol.value ?? undefined) : undefined;
      const now = platform.clock.now();
      const fresh = await auth.passSecondFactor(platform.db.pool, token, request.body.code ?? '', now, {
        enrolSecret,
        recoverySecret: platform.config.secret,
      });
      if (!fresh) {
        const errors = { code: request.t('auth.totp.wrong') };
        return secondFactorPage(request, reply, platform, { next, errors, status: 401 });
      }
      // a new session id once both steps are passed; the one from the password step no longer works
      reply.setCookie(SESSION_COOKIE, fresh, { ...cookieOptions(platform), maxAge: 12 * 3600 });
      reply.clearCookie(ENROL_COOKIE, { path: '/' });
      // just enrolled: recovery codes next, for the day the phone is lost
      if (!request.pendingStaff.totpEnrolled)
        return reply.redirect(`/staff/recovery-codes?enrolled=1&next=${encodeURIComponent(next)}`, 303);
      return reply.redirect(next, 303);
    },
  );
}
