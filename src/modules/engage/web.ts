import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { randomToken } from '../../platform/crypto/index.ts';
import type { Platform } from '../../platform/module.ts';
import { isParticipantId } from './shared.ts';

const PARTICIPANT_COOKIE = 'sauti_engage';
/** JSON clients carry the participant token in this header, never a cookie, so the API needs no CSRF token. */
export const PARTICIPANT_HEADER = 'x-engage-participant';

export const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
/** A page's or form's id: any short text, so an unknown one is the service's 404 rather than a schema error. */
export const PageIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** What a page's `?done=` (and `&case=`) say was just done, if it is one the page knows. */
export const doneFields = {
  done: Type.Optional(Type.String({ maxLength: 40 })),
  case: Type.Optional(Type.String({ maxLength: 40 })),
};
export const DoneQuery = Type.Object(doneFields);

export function doneNotice(
  request: FastifyRequest,
  query: { done?: string | undefined; case?: string | undefined },
  allowed: readonly string[],
): string | undefined {
  const value = query.done;
  if (!value || !allowed.includes(value)) return undefined;
  const reference = query.case;
  return request.t(`engage.done.${value}`, {
    reference: reference && /^[A-Z]+-\d{4}-\d{6}$/.test(reference) ? reference : '',
  });
}

/** A page's script asking for JSON rather than the page (as the error handler decides it). */
export function acceptsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** Per client address, in memory: a generous guard (many people share one mobile-network address); per-participant limits are in the service. */
export function rateLimits(platform: Platform) {
  return {
    questions: { max: platform.config.rateLimits.questions, timeWindow: '1 minute' },
    votes: { max: platform.config.rateLimits.votes, timeWindow: '1 minute' },
  };
}

/** The participant id from the signed cookie (pages) or header (JSON), if valid. */
export function participantOf(request: FastifyRequest, from: 'cookie' | 'header' = 'cookie'): string | undefined {
  const raw = from === 'cookie' ? request.cookies[PARTICIPANT_COOKIE] : request.headers[PARTICIPANT_HEADER];
  if (typeof raw !== 'string' || !raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && isParticipantId(unsigned.value) ? unsigned.value : undefined;
}

/** A new random participant id when there is none: nothing about the person or their device. */
export function ensureParticipant(platform: Platform, request: FastifyRequest, reply: FastifyReply): string {
  const existing = participantOf(request);
  if (existing) return existing;
  const id = randomToken(16);
  reply.setCookie(PARTICIPANT_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: platform.config.secureCookies,
    signed: true,
    maxAge: 365 * 24 * 3600,
  });
  return id;
}

/** A form's fields as the pages show them again: every field a string. */
export function formValues(body: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v ?? '']));
}
