import { randomBytes, timingSafeEqual } from 'node:crypto';
import { darajaError, ok, type SimAnswer } from './answers.ts';

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The simulator's OAuth: Basic auth with its consumer key and secret gives a Bearer token that expires. */
export class SimTokens {
  readonly #expected: string;
  readonly #tokens = new Map<string, number>();
  issued = 0;

  constructor(
    consumerKey: string,
    consumerSecret: string,
    private readonly expiresInSeconds: number,
    private readonly now: () => Date,
  ) {
    this.#expected = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`;
  }

  /** GET /oauth/v1/generate?grant_type=client_credentials */
  generate(authorization: string | undefined, grantType: string | null): SimAnswer {
    if (grantType !== 'client_credentials') return darajaError(400, '400.008.02', 'Invalid grant type passed');
    if (authorization === undefined || !same(authorization, this.#expected)) {
      return darajaError(400, '400.008.01', 'Invalid Authentication passed');
    }
    const token = randomBytes(21).toString('base64url');
    const at = this.now().getTime();
    for (const [old, expires] of this.#tokens) if (expires <= at) this.#tokens.delete(old);
    this.#tokens.set(token, at + this.expiresInSeconds * 1000);
    this.issued++;
    return ok({ access_token: token, expires_in: String(this.expiresInSeconds) });
  }

  /** Whether the request carries a token this simulator issued that has not yet expired. */
  allows(authorization: string | undefined): boolean {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    const expires = match ? this.#tokens.get(match[1]!) : undefined;
    return expires !== undefined && this.now().getTime() < expires;
  }

  /** Daraja's answer to a missing, unknown or expired token. */
  static refused(): SimAnswer {
    return darajaError(401, '404.001.03', 'Invalid Access Token');
  }
}
