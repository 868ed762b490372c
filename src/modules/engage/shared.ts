import { jurisdiction, misconductCategories, units } from '../../jurisdiction/kenya/index.ts';
import { hmacHex } from '../../platform/crypto/index.ts';
import { DomainError, Unauthenticated, type Problems } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { sessionState, type SessionState } from './schedule.ts';
import { topicCodes } from './text.ts';
import type { SessionRow } from './schedule/store.ts';

export const MAX_QUESTION = 500;
export const MAX_NAME = 60;
export const MAX_ANSWER = 2000;
export const MAX_NOTICE = 1000;
export const MAX_REASON = 500;
export const MAX_COMMITMENT = 500;
export const MAX_NOTE = 1000;
export const MAX_INSTRUCTION = 200;
export const MAX_CASE_DAYS = 90;
/** Votes one participant may cast per minute, and questions per ten minutes. */
export const VOTES_PER_MINUTE = 30;
export const QUESTIONS_PER_TEN_MINUTES = 10;
/** "Go live" is possible from this long before the scheduled start. */
export const EARLY_START_MINUTES = 60;

export const TIME_ZONE = jurisdiction.timeZone;
export const channels = ['web', 'sms', 'ussd', 'x'] as const;
export type Channel = (typeof channels)[number];
export { topicCodes };
export const caseCategories = misconductCategories.map((c) => c.code);
export const unitCodes: string[] = units.map((u) => u.code);

/** A refusal that names its reason (the session has ended, the participant is banned...). */
export class EngageRefused extends DomainError {
  constructor(
    status: number,
    code: 'engage_ended' | 'engage_cancelled' | 'engage_banned',
    readonly field: string,
  ) {
    super(status, code, code.replace('engage_', 'engage: '));
  }
}

export class TooManyRequests extends DomainError {
  constructor() {
    super(429, 'too_many_requests', 'too many requests');
  }
}

export interface SessionView extends SessionRow {
  state: SessionState;
}

export function view(row: SessionRow, now: Date): SessionView {
  return { ...row, state: sessionState(row, now) };
}

export function checkWhole(
  problems: Problems,
  field: string,
  raw: string | number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) problems.add(field, 'engage.error.wholeNumber', { min, max });
  return n;
}

const PARTICIPANT = /^[A-Za-z0-9_-]{16,80}$/;

export function isParticipantId(value: unknown): value is string {
  return typeof value === 'string' && PARTICIPANT.test(value);
}

/** A short tag moderators see to recognise one participant's questions; not the id itself. */
export function participantTag(platform: Platform, participantId: string): string {
  return hmacHex(platform.config.secret, 'engage-participant-tag', participantId).slice(0, 8);
}

export function checkParticipant(participantId: string): void {
  if (!isParticipantId(participantId)) throw new Unauthenticated();
}

export function refuseClosed(s: SessionView): void {
  if (s.state === 'cancelled') throw new EngageRefused(409, 'engage_cancelled', 'session');
  if (s.state === 'ended') throw new EngageRefused(409, 'engage_ended', 'session');
}

export function perPlatform<V>(caches: WeakMap<Platform, Map<string, V>>, platform: Platform): Map<string, V> {
  let cache = caches.get(platform);
  if (!cache) {
    cache = new Map();
    caches.set(platform, cache);
  }
  return cache;
}
