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
  const known = dial ? dial.known : await store.sessionById(platform.db.pool, cb.sessionId, now);
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
  const saved = await store.saveSession(
    platform.db.pool,
    {
      id: cb.sessionId,
      numberHash: hash,
      language: reply.language ?? ctx.language,
      textSeen: cb.text,
      screen,
      state: reply.kind === 'CON' ? reply.next : null,
      ended: reply.kind === 'END',
      at: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    },
    known?.text_seen,
  );
  if (saved) return screen;
  // another instance answered this step first: the phone gets what it kept
  const kept = await store.sessionById(platform.db.pool, cb.sessionId, now);
  return kept?.text_seen === cb.text ? kept.screen : wire(end(ctx.t('channels.ussd.expired')));
}
