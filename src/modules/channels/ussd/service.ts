import type { Locale } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { numberHash } from '../../../platform/sms/index.ts';
import { end, fit, SCREEN_MAX, type Reply, type UssdContext } from './engine.ts';
import { firstScreen, RESUME_WITHIN_MS, runStep } from './menu.ts';
import * as store from './store.ts';

/** A USSD callback's fields, as Africa's Talking sends them (checked by the route). */
export interface UssdCallback {
  sessionId: string;
  serviceCode: string;
  phoneNumber: string;
  networkCode: string;
  text: string;
}

/** How long a session's state is kept after its last step: long enough to resume a report cut off mid-way. */
export const SESSION_TTL_MS = 10 * 60_000;

function context(platform: Platform, cb: UssdCallback, language: Locale, hash: string): UssdContext {
  return {
    platform,
    t: platform.i18n.translator(language),
    language,
    phone: cb.phoneNumber,
    numberHash: hash,
    sessionId: cb.sessionId,
    now: platform.clock.now(),
  };
}

/** The new input: what `text` adds to what was answered before, or undefined when it does not continue it. */
function newInput(seen: string, text: string): string | undefined {
  if (seen === '') return text;
  return text.startsWith(`${seen}*`) ? text.slice(seen.length + 1) : undefined;
}

const wire = (reply: Reply) => `${reply.kind} ${reply.text}`;

const RECENT_MOST = 20_000;
interface Recent {
  row: store.SessionRow;
  expiresAt: number;
}
/**
 * The sessions each instance (platform) answered last, so that the next step of a session needs no read: a cached
 * session is used only when the callback continues the text kept by exactly one input (no `*` in it). The phone's
 * previous callback was then the one answered here, so no other instance can have moved the session on but by
 * answering this same callback, which the conditional save settles as before. Anything else is read from the database.
 */
const recentSessions = new WeakMap<Platform, Map<string, Recent>>();

function recentSession(platform: Platform, cb: UssdCallback, now: Date): store.SessionRow | undefined {
  const recent = recentSessions.get(platform)?.get(cb.sessionId);
  if (!recent || recent.expiresAt <= now.getTime() || recent.row.ended) return undefined;
  const seen = recent.row.text_seen;
  const input = seen === '' ? cb.text : cb.text.startsWith(`${seen}*`) ? cb.text.slice(seen.length + 1) : undefined;
  return input !== undefined && !input.includes('*') ? recent.row : undefined;
}

function keepRecent(platform: Platform, row: store.SessionRow, expiresAt: Date): void {
  let recent = recentSessions.get(platform);
  if (!recent) recentSessions.set(platform, (recent = new Map()));
  recent.delete(row.id);
  if (row.ended) return;
  recent.set(row.id, { row, expiresAt: expiresAt.getTime() });
  if (recent.size > RECENT_MOST) recent.delete(recent.keys().next().value!);
}

/** Keeps the step (see `store.saveSession`) and, when it was kept, remembers the session for its next step. */
async function saveStep(
  platform: Platform,
  write: store.SessionWrite,
  previousText: string | undefined,
): Promise<boolean> {
  if (!(await store.saveSession(platform.db.pool, write, previousText))) return false;
  const { id, numberHash, language, textSeen, screen, state, ended, at } = write;
  const row = { id, number_hash: numberHash, language, text_seen: textSeen, screen, state, ended, updated_at: at };
  keepRecent(platform, row, write.expiresAt);
  return true;
}

/**
 * Answers one USSD callback: the screen to show (`CON …` or `END …`). A repeated callback gets the screen it got
 * before; the step is kept before it is answered, so the next callback may reach any instance.
 */
export async function answerUssd(platform: Platform, cb: UssdCallback): Promise<string> {
  const now = platform.clock.now();
  const hash = numberHash(platform.config.secret, cb.phoneNumber);
  const dial =
    cb.text === ''
      ? await store.dialState(platform.db.pool, cb.sessionId, hash, now, new Date(now.getTime() - RESUME_WITHIN_MS))
      : undefined;
  const known = dial
    ? dial.known
    : (recentSession(platform, cb, now) ?? (await store.sessionById(platform.db.pool, cb.sessionId, now)));
  if (known && known.text_seen === cb.text) return known.screen;
  const language: Locale = known?.language ?? dial?.language ?? 'en';
  const ctx = context(platform, cb, language, hash);
  let reply: Reply;
  if (!known) {
    if (!dial) reply = end(ctx.t('channels.ussd.expired'));
    // the same limit for every number, whoever dials: as the web's per address
    else if (dial.recent >= platform.config.rateLimits.ussdSessions) reply = end(ctx.t('channels.ussd.tooMany'));
    else reply = firstScreen(ctx, dial);
  } else {
    const input = newInput(known.text_seen, cb.text);
    reply =
      input === undefined || known.ended || !known.state
        ? end(ctx.t('channels.ussd.expired'))
        : await runStep(ctx, known.state, input.trim());
  }
  if (reply.text.length > SCREEN_MAX) {
    platform.log.error({ step: reply.kind === 'CON' ? reply.next.step : 'end' }, 'a USSD screen is too long');
    reply = { ...reply, text: fit(reply.text, SCREEN_MAX) };
  }
  const screen = wire(reply);
  const write: store.SessionWrite = {
    id: cb.sessionId,
    numberHash: hash,
    language: reply.language ?? ctx.language,
    textSeen: cb.text,
    screen,
    state: reply.kind === 'CON' ? reply.next : null,
    ended: reply.kind === 'END',
    at: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  };
  if (await saveStep(platform, write, known?.text_seen)) return screen;
  // another instance answered this step first: the phone gets what it kept
  recentSessions.get(platform)?.delete(cb.sessionId);
  const kept = await store.sessionById(platform.db.pool, cb.sessionId, now);
  return kept?.text_seen === cb.text ? kept.screen : wire(end(ctx.t('channels.ussd.expired')));
}
