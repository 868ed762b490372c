import { DarajaError } from './errors.ts';
import { callDaraja, refusal, stringField, type Transport } from './http.ts';
import type { DarajaCredentials } from './settings.ts';

/** A token is used until this long before Daraja says it expires (or half its life, for very short ones). */
export const TOKEN_MARGIN_MS = 60_000;

export interface TokenSource {
  /** A valid access token: the cached one, or a new one (one request at a time, shared by concurrent callers). */
  token(): Promise<string>;
  /** Daraja refused this token (401): the next token() asks for a new one, unless another caller already did. */
  invalidate(token: string): void;
}

interface Cached {
  value: string;
  /** ms since the epoch (the injected clock) after which it is no longer used */
  useUntil: number;
}

/** expires_in arrives as a string ("3599"); a number is read too. */
function expiresInSeconds(body: Record<string, unknown> | undefined): number | undefined {
  const raw = stringField(body, 'expires_in');
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) return undefined;
  const seconds = Number(raw);
  return seconds > 0 ? seconds : undefined;
}

async function requestToken(transport: Transport, credentials: DarajaCredentials, now: () => Date): Promise<Cached> {
  const answer = await callDaraja(transport, 'token request', '/oauth/v1/generate?grant_type=client_credentials', {
    method: 'GET',
    authorization: credentials.basicAuthorization(),
  });
  if (answer.status !== 200) {
    const error = refusal('token request', answer);
    if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
      throw new DarajaError(
        'unauthorized',
        `M-Pesa refused Sauti's consumer key and secret (HTTP ${answer.status}${error.errorCode ? `, ${error.errorCode}` : ''}${error.errorMessage ? ` ${error.errorMessage}` : ''}): check DARAJA_CONSUMER_KEY and DARAJA_CONSUMER_SECRET`,
        error,
      );
    }
    throw error;
  }
  const value = answer.body?.access_token;
  const seconds = expiresInSeconds(answer.body);
  if (typeof value !== 'string' || value === '' || /\s/.test(value) || seconds === undefined) {
    throw new DarajaError('unexpected', 'M-Pesa answered the token request without access_token and expires_in', {
      status: answer.status,
    });
  }
  const lifeMs = seconds * 1000;
  const margin = Math.min(TOKEN_MARGIN_MS, lifeMs / 2);
  return { value, useUntil: now().getTime() + lifeMs - margin };
}

export function tokenSource(transport: Transport, credentials: DarajaCredentials, now: () => Date): TokenSource {
  let cached: Cached | undefined;
  let inFlight: Promise<string> | undefined;
  return {
    token() {
      if (cached && now().getTime() < cached.useUntil) return Promise.resolve(cached.value);
      inFlight ??= requestToken(transport, credentials, now)
        .then((fresh) => {
          cached = fresh;
          return fresh.value;
        })
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.value === token) cached = undefined;
    },
  };
}
