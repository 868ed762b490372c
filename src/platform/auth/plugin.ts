import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { h } from 'preact';
import type { Platform } from '../module.ts';
import { isStaff, type StaffActor } from './actor.ts';
import { requireStaff as requireStaffActor, type StaffRule } from './require-staff.ts';
import * as auth from './service.ts';
import { newTotpSecret, nextUsableTotp, totpUri } from './totp.ts';
import { SecondFactorPage, SignInPage } from './pages/sign-in.tsx';
import { DEMO_TOTP_SECRET } from './demo.ts';

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
  const { db, config } = platform;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies };

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const state = await auth.sessionState(db.pool, token);
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

  app.get('/staff/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const { next } = request.query as { next?: string };
    return reply.html(h(SignInPage, { page: request.pageContext(), errors: {}, username: '', next: safeNext(next) }));
  });

  app.post(
    '/staff/sign-in',
    { schema: { hide: true }, config: { rateLimit: { max: config.rateLimits.signIns, timeWindow: '5 minutes' } } },
    async (request, reply) => {
      const body = request.body as { username?: string; password?: string; next?: string };
      const username = String(body.username ?? '');
      const result = await auth.signIn(db.pool, username, String(body.password ?? ''), platform.clock.now());
      if (!result) {
        const errors = { username: request.t('auth.signIn.wrong') };
        return reply.html(
          h(SignInPage, { page: request.pageContext(), errors, username, next: safeNext(body.next) }),
          401,
        );
      }
      // whatever session this browser had before ends: the new one is the only one it holds
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await auth.signOut(db.pool, previous);
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, maxAge: 12 * 3600 });
      const next = safeNext(body.next);
      return reply.redirect(
        result.needsSecondFactor ? `/staff/two-factor?next=${encodeURIComponent(next)}` : next,
        303,
      );
    },
  );

  async function secondFactorPage(
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    errors: Record<string, string>,
    status = 200,
  ) {
    const pending = request.pendingStaff;
    if (!pending) return reply.redirect('/staff/sign-in', 303);
    let enrol: { secret: string; qrSvg: string } | undefined;
    if (!pending.totpEnrolled) {
      const signed = request.cookies[ENROL_COOKIE];
      const unsigned = signed ? request.unsignCookie(signed) : undefined;
      const secret = unsigned?.valid && unsigned.value ? unsigned.value : newTotpSecret();
      reply.setCookie(ENROL_COOKIE, secret, { ...cookieOptions, signed: true, maxAge: 900 });
      enrol = {
        secret,
        qrSvg: await QRCode.toString(totpUri(secret, pending.actor.username), { type: 'svg', margin: 1 }),
      };
    }
    // demo accounts share one published secret; show the code they may use now (each code works once)
    const demoCode =
      config.demo && pending.totpEnrolled ? nextUsableTotp(DEMO_TOTP_SECRET, pending.totpLastStep) : undefined;
    return reply.html(h(SecondFactorPage, { page: request.pageContext(), errors, enrol, demoCode, next }), status);
  }

  app.get('/staff/two-factor', { schema: { hide: true } }, async (request, reply) => {
    const { next } = request.query as { next?: string };
    return secondFactorPage(request, reply, safeNext(next), {});
  });

  app.post(
    '/staff/two-factor',
    { schema: { hide: true }, config: { rateLimit: { max: config.rateLimits.signIns, timeWindow: '5 minutes' } } },
    async (request, reply) => {
      const body = request.body as { code?: string; next?: string };
      const token = request.cookies[SESSION_COOKIE];
      const next = safeNext(body.next);
      if (!token || !request.pendingStaff) return reply.redirect('/staff/sign-in', 303);
      const signed = request.cookies[ENROL_COOKIE];
      const enrol = signed ? request.unsignCookie(signed) : undefined;
      const enrolSecret = enrol?.valid ? (enrol.value ?? undefined) : undefined;
      const fresh = await auth.passSecondFactor(
        db.pool,
        token,
        String(body.code ?? ''),
        platform.clock.now(),
        enrolSecret,
      );
      if (!fresh) return secondFactorPage(request, reply, next, { code: request.t('auth.totp.wrong') }, 401);
      // a new session id once both steps are passed; the one from the password step no longer works
      reply.setCookie(SESSION_COOKIE, fresh, { ...cookieOptions, maxAge: 12 * 3600 });
      reply.clearCookie(ENROL_COOKIE, { path: '/' });
      return reply.redirect(next, 303);
    },
  );

  app.post('/staff/sign-out', { schema: { hide: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await auth.signOut(db.pool, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });
}
