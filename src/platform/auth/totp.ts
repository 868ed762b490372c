import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;

function totp(secret: string, label = 'staff'): TOTP {
  return new TOTP({
    issuer: 'Sauti',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The 30-second time-step (RFC 6238 counter) of a moment. Codes follow the real time of the
 * person's phone, so callers pass the real time here, not a clock a test has set for the rules.
 */
export function totpStep(at: Date = new Date()): number {
  return Math.floor(at.getTime() / 1000 / PERIOD_SECONDS);
}

/**
 * The time-step of the code if it is right at `at`: the current code or one step either side,
 * for clock drift. Undefined when the code is wrong.
 */
export function matchTotp(secret: string, code: string, at: Date = new Date()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secret).validate({ token: code, window: 1, timestamp: at.getTime() });
  return delta === null ? undefined : totpStep(at) + delta;
}

export function currentTotp(secret: string): string {
  return totp(secret).generate();
}

/** The code of one time-step. */
export function totpAt(secret: string, step: number): string {
  return totp(secret).generate({ timestamp: step * PERIOD_SECONDS * 1000 });
}

/** The first code an account may still use: the current one, or the next if the current one was used. */
export function nextUsableTotp(secret: string, lastStep: number | null, at: Date = new Date()): string {
  return totpAt(secret, Math.max(totpStep(at), (lastStep ?? -1) + 1));
}

export function totpUri(secret: string, username: string): string {
  return totp(secret, username).toString();
}
