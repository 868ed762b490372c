import { Secret, TOTP } from 'otpauth';

function totp(secret: string, label = 'staff'): TOTP {
  return new TOTP({ issuer: 'Sauti', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** Accepts the current code and one step either side, for clock drift. */
export function checkTotp(secret: string, code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totp(secret).validate({ token: code, window: 1 }) !== null;
}

export function currentTotp(secret: string): string {
  return totp(secret).generate();
}

export function totpUri(secret: string, username: string): string {
  return totp(secret, username).toString();
}
