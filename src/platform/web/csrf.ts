import type { FastifyRequest } from 'fastify';
import { hmacHex, randomToken, safeEqual } from '../crypto/index.ts';
import { DomainError } from '../http/errors.ts';

export const CSRF_COOKIE = 'sauti_csrf';

/**
 * The page's CSRF token: an HMAC of a random seed kept in an HttpOnly cookie, which is set the
 * first time a page needs a token.
 */
export function csrfTokenFor(request: FastifyRequest, setSeed: (seed: string) => void): string {
  const { config } = request.server.platform;
  let seed = request.cookies[CSRF_COOKIE];
  if (!seed) {
    seed = randomToken(18);
    request.cookies[CSRF_COOKIE] = seed;
    setSeed(seed);
  }
  return hmacHex(config.secret, 'csrf', seed);
}

export function checkCsrf(request: FastifyRequest, token: string | undefined): void {
  const seed = request.cookies[CSRF_COOKIE];
  const secret = request.server.platform.config.secret;
  if (!seed || !token || !safeEqual(hmacHex(secret, 'csrf', seed), token)) {
    throw new DomainError(403, 'csrf', 'the form has expired; go back, reload it and send it again');
  }
}
