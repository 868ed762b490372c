import { createHash, createHmac } from 'node:crypto';
import { randomToken, safeEqual } from '../crypto/index.ts';

/**
 * The proof a slowed look-up by code must carry: a challenge Sauti signed, answered either with work
 * (hashcash: a nonce such that SHA-256 of `<challenge>.<nonce>` starts with `bits` zero bits, which the
 * page's script finds) or, without JavaScript, by waiting about as long as a slow phone takes to find
 * one, then sending the challenge back alone. Each challenge is good once and for ten minutes; nothing
 * of it is stored until it is used.
 *
 * A challenge reads `<id>.<bits>.<issued, ms in base 36>.<signature>`.
 */

export const PROOF_TTL_MS = 10 * 60_000;

/** A phone's pace at finding the nonce in the page's script, low-end; waiting stands in for as long. */
const SLOW_PHONE_HASHES_PER_SECOND = 2 ** 15;

/** How long a client without JavaScript waits in place of the work of `bits`. */
export function waitSeconds(bits: number): number {
  return Math.max(2, Math.ceil(2 ** bits / SLOW_PHONE_HASHES_PER_SECOND));
}

const signature = (secret: string, body: string) =>
  createHmac('sha256', secret).update('lookup-proof\0').update(body).digest('base64url').slice(0, 22);

export function newChallenge(secret: string, bits: number, now: Date): string {
  const body = `${randomToken(12)}.${bits}.${now.getTime().toString(36)}`;
  return `${body}.${signature(secret, body)}`;
}

/** The number of zero bits a SHA-256 digest starts with. */
export function leadingZeroBits(digest: Buffer): number {
  let zeros = 0;
  for (const byte of digest) {
    if (byte === 0) {
      zeros += 8;
      continue;
    }
    return zeros + Math.clz32(byte) - 24;
  }
  return zeros;
}

const workOf = (challenge: string, nonce: string) =>
  leadingZeroBits(createHash('sha256').update(`${challenge}.${nonce}`).digest());

export type ProofReading =
  /** Signed by Sauti and not expired: answered with work, or sent back alone (then good once `notBefore` is past). */
  | { kind: 'worked' | 'waited'; id: string; bits: number; notBefore: number; expiresAt: number }
  /** Not one of Sauti's, altered, or a nonce that does not do the work. */
  | { kind: 'invalid' }
  | { kind: 'expired' };

const PROOF = /^([A-Za-z0-9_-]{16})\.(\d{1,2})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})(?:\.([0-9a-z]{1,16}))?$/;

/** What a proof sent with a look-up is worth; whether it was used before is the caller's to ask. */
export function readProof(secret: string, given: string, now: Date): ProofReading {
  const match = PROOF.exec(given);
  if (!match) return { kind: 'invalid' };
  const [, id, bitsText, issuedText, tag, nonce] = match;
  const body = `${id}.${bitsText}.${issuedText}`;
  if (!safeEqual(tag!, signature(secret, body))) return { kind: 'invalid' };
  const bits = Number(bitsText);
  const issuedAt = parseInt(issuedText!, 36);
  const expiresAt = issuedAt + PROOF_TTL_MS;
  if (now.getTime() >= expiresAt) return { kind: 'expired' };
  const notBefore = issuedAt + waitSeconds(bits) * 1000;
  if (nonce === undefined) return { kind: 'waited', id: id!, bits, notBefore, expiresAt };
  if (workOf(`${body}.${tag}`, nonce) < bits) return { kind: 'invalid' };
  return { kind: 'worked', id: id!, bits, notBefore, expiresAt };
}

/** Finds the nonce of a challenge (as a program calling the API would): the proof to send back. */
export function solveChallenge(challenge: string): string {
  const bits = Number(challenge.split('.')[1]);
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (workOf(challenge, nonce) >= bits) return `${challenge}.${nonce}`;
  }
}
