import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { hmacHex } from '../crypto/index.ts';
import type { Platform } from '../module.ts';
import { ProofPage } from '../web/proof-page.tsx';
import { newChallenge, readProof, waitSeconds } from './lookup-proof.ts';
import * as store from './lookup-store.ts';

/**
 * Every public look-up by secret code (a report's receipt, an OB slip's code, a notice's link or number
 * plate, a document's check or request code) goes through this guard. Nobody is blocked for sharing an
 * address: a whole mobile network may reach Sauti from one (carrier-grade NAT). Instead:
 *
 * - a look-up that finds what it looked for never counts;
 * - wrong ones are counted in PostgreSQL (every instance sees the same counts) per client address and,
 *   where the code belongs to something named in the request (a notice number, an OB number), per that
 *   reference, in windows of a quarter of an hour;
 * - past LOOKUP_FAILURES_PER_ADDRESS from an address, or LOOKUP_FAILURES_PER_CODE at a reference, each
 *   further look-up must carry a proof (lookup-proof.ts): work in the page's script, or a short wait
 *   without it. At a reference its cost doubles with every further wrong guess (up to 32 times); from an
 *   address, with every further LOOKUP_FAILURES_PER_ADDRESS. The right holder always gets in, at the
 *   cost of one proof, while each guess costs an attacker as much;
 * - RATE_LIMIT_LOOKUPS per address and page (per instance, in memory) only stops floods.
 */

const WINDOW_MS = 15 * 60_000;
const MAX_EXTRA_BITS = 5;
const SWEEP_EVERY_MS = 5 * 60_000;

/** Where the request names what its code belongs to: fields of its body, address or query. */
export interface LookupReference {
  from: 'body' | 'params' | 'query';
  fields: readonly string[];
}

/** What a program calling the API learns from the OpenAPI document. */
export const LOOKUP_NOTE =
  'After many wrong look-ups from one address, or at one reference, the answer is 429 with a proof-of-work ' +
  'challenge in `Sauti-Proof-Challenge` (and `Retry-After`): send the look-up again with `Sauti-Proof: ' +
  '<challenge>.<nonce>`, where SHA-256 of `<challenge>.<nonce>` starts with as many zero bits as the ' +
  "challenge's second field says, or with the challenge alone once Retry-After has passed. A proof is good once.";

interface Attempt {
  scope: string;
  counted: store.Counted[];
  referenceKey: string | undefined;
  missed: boolean;
  settled: boolean;
}

const attempts = new WeakMap<FastifyRequest, Attempt>();
const lastSweep = new WeakMap<Platform, number>();

/** The look-up found nothing, though it answers 200 (a check that says "not found" on its page): it counts as wrong. */
export function lookupMissed(request: FastifyRequest): void {
  const attempt = attempts.get(request);
  if (attempt) attempt.missed = true;
}

/**
 * The route options of a look-up by code: its flood ceiling, and the guard before and after it. `scope`
 * names what is looked up, shared by the routes that look up the same thing (a slip's code is guessed
 * alike on the check and on a document request). A 404 answer, or `lookupMissed`, is a wrong look-up.
 */
export function codeLookup<Config extends object = object>(
  platform: Platform,
  scope: string,
  options: { reference?: LookupReference; config?: Config } = {},
) {
  const ceiling = { max: platform.config.codeLookups.perAddress, timeWindow: '15 minutes' };
  return {
    config: { ...(options.config as Config), rateLimit: ceiling },
    preHandler: async (request: FastifyRequest, reply: FastifyReply) =>
      admit(platform, request, reply, scope, options.reference),
    onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      await settle(platform, request, reply);
      return payload;
    },
  };
}

/** The part of an address one subscriber holds: the address itself, or an IPv6 address's /64. */
export function clientNetwork(ip: string): string {
  const address = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** A reference as typed, so that its spellings count as one: any case, no leading zeros, no punctuation. */
function referenceOf(request: FastifyRequest, { from, fields }: LookupReference): string | undefined {
  const source = (request[from] ?? {}) as Record<string, unknown>;
  const parts = fields.map((field) => {
    const value = source[field];
    const runs = typeof value === 'string' ? (value.toUpperCase().match(/[A-Z]+|\d+/g) ?? []) : [];
    return runs.map((run) => run.replace(/^0+(?=\d)/, '')).join('.');
  });
  return parts.every((p) => p === '') ? undefined : parts.join('|');
}

function requiredBits(platform: Platform, fromAddress: number, atReference: number | undefined): number {
  const { proofBits, addressFailures, codeFailures } = platform.config.codeLookups;
  const overAddress =
    fromAddress >= addressFailures ? Math.floor((fromAddress - addressFailures) / addressFailures) : -1;
  const overCode = atReference !== undefined && atReference >= codeFailures ? atReference - codeFailures : -1;
  const over = Math.max(overAddress, overCode);
  return over < 0 ? 0 : proofBits + Math.min(over, MAX_EXTRA_BITS);
}

async function admit(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: string,
  reference: LookupReference | undefined,
): Promise<FastifyReply | undefined> {
  const { secret } = platform.config;
  const now = platform.clock.now();
  const clientKey = hmacHex(secret, 'lookup.client', clientNetwork(request.ip));
  const named = reference && referenceOf(request, reference);
  const referenceKey = named ? hmacHex(secret, 'lookup.code', `${scope}\0${named}`) : undefined;
  const keys = referenceKey ? [clientKey, referenceKey] : [clientKey];
  const counted = await store.countLookup(platform.db.pool, keys, now, WINDOW_MS);
  const before = (key: string | undefined) => counted.find((c) => c.key === key)?.before;
  const attempt: Attempt = { scope, counted, referenceKey, missed: false, settled: false };
  attempts.set(request, attempt);
  const bits = requiredBits(platform, before(clientKey) ?? 0, before(referenceKey));
  if (bits === 0) return undefined;
  const refusal = await checkProof(platform, request, clientKey, bits, now);
  if (!refusal) return undefined;
  attempt.settled = true;
  await store.uncountLookup(platform.db.pool, counted);
  return refuse(platform, request, reply, refusal, bits);
}

interface Refusal {
  status: 400 | 429;
  code: 'proof_required' | 'proof_invalid' | 'proof_used';
  /** The challenge to answer, when the one sent is still good (sent back alone too early). */
  challenge?: { text: string; bits: number; retryAfter: number };
}

function proofOf(request: FastifyRequest): string | undefined {
  const header = request.headers['sauti-proof'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  for (const source of [request.body, request.query]) {
    const given = (source as Record<string, unknown> | undefined)?._proof;
    if (typeof given === 'string' && given !== '') return given.trim();
  }
  return undefined;
}

/** Why the look-up's proof does not let it through, or nothing when it does. */
async function checkProof(
  platform: Platform,
  request: FastifyRequest,
  clientKey: string,
  bits: number,
  now: Date,
): Promise<Refusal | undefined> {
  const given = proofOf(request);
  if (!given) return { status: 429, code: 'proof_required' };
  const proof = readProof(platform.config.secret, given, now);
  if (proof.kind === 'invalid') return { status: 400, code: 'proof_invalid' };
  if (proof.kind === 'expired' || proof.bits < bits) return { status: 429, code: 'proof_required' };
  if (proof.kind === 'waited' && now.getTime() < proof.notBefore) {
    const retryAfter = Math.ceil((proof.notBefore - now.getTime()) / 1000);
    return { status: 429, code: 'proof_required', challenge: { text: given, bits: proof.bits, retryAfter } };
  }
  if (!(await store.useProof(platform.db.pool, proof.id, new Date(proof.expiresAt))))
    return { status: 400, code: 'proof_used' };
  // waiting costs nothing but time, so an address has one waited look-up at a time
  if (proof.kind === 'waited') {
    const turn = waitSeconds(proof.bits) * 1000;
    if (!(await store.takeWaitTurn(platform.db.pool, clientKey, now, turn)))
      return { status: 429, code: 'proof_required' };
  }
  return undefined;
}

function wantsJson(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.area === 'api' || request.url.startsWith('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** The look-up again, as a form: the fields it came with, but for its CSRF token and proof. */
function resent(request: FastifyRequest) {
  const post = request.method !== 'GET';
  const source = ((post ? request.body : request.query) ?? {}) as Record<string, unknown>;
  const fields = Object.entries(source)
    .filter(([name]) => name !== '_csrf' && name !== '_proof')
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => [name, String(v)] as const));
  return {
    method: post ? ('post' as const) : ('get' as const),
    action: post ? request.url : request.url.split('?')[0]!,
    fields,
  };
}

function refuse(platform: Platform, request: FastifyRequest, reply: FastifyReply, refusal: Refusal, bits: number) {
  const challenge = refusal.challenge ?? {
    text: newChallenge(platform.config.secret, bits, platform.clock.now()),
    bits,
    retryAfter: waitSeconds(bits),
  };
  reply.header('retry-after', String(challenge.retryAfter)).header('sauti-proof-challenge', challenge.text);
  const proof = { challenge: challenge.text, bits: challenge.bits, waitSeconds: challenge.retryAfter };
  if (wantsJson(request)) {
    const message = request.t(`error.${refusal.code}.title`);
    return reply.code(refusal.status).send({ error: { code: refusal.code, message, fields: [], proof } });
  }
  const page = request.pageContext();
  return reply.html(h(ProofPage, { page, code: refusal.code, ...proof, ...resent(request) }), refusal.status);
}

async function settle(platform: Platform, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const attempt = attempts.get(request);
  if (!attempt || attempt.settled) return;
  attempt.settled = true;
  const pool = platform.db.pool;
  if (!attempt.missed && reply.statusCode !== 404) return store.uncountLookup(pool, attempt.counted);
  const atReference = attempt.counted.find((c) => c.key === attempt.referenceKey);
  if (atReference && atReference.before + 1 === platform.config.codeLookups.codeFailures)
    request.log.warn(
      { scope: attempt.scope },
      'wrong codes keep being tried for one reference: its look-ups now ask a proof',
    );
  const now = platform.clock.now();
  if (now.getTime() - (lastSweep.get(platform) ?? 0) < SWEEP_EVERY_MS) return;
  lastSweep.set(platform, now.getTime());
  await store.forgetExpired(pool, now);
}
