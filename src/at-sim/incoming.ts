import { randomUUID } from 'node:crypto';
import { httpUrl, isObject, refused, type SimAnswer } from './answers.ts';
import { postForm, type Delivery } from './outbound.ts';
import { INTERNATIONAL_NUMBER } from './outcomes.ts';

/** An SMS from a phone to Sauti's shortcode. */
export interface IncomingSms {
  from: string;
  text: string;
  /** Sauti's incoming-SMS callback, with its ?token= */
  callbackUrl: string;
  /** the shortcode it was sent to (the simulator's by default) */
  to?: string;
  /** Africa's Talking's id for it (random by default): the same id again is a retried callback */
  id?: string;
  linkId?: string;
}

/** What Sauti answered, and the fields it was sent. */
export interface IncomingResult extends Delivery {
  fields: Record<string, string>;
}

const CALLBACK_TIMEOUT_MS = 10_000;

/** Africa's Talking's date in callbacks: 2026-12-02 10:15:03 (UTC). */
export function atDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function incomingFields(sms: IncomingSms, shortcode: string, now: Date): Record<string, string> {
  return {
    from: sms.from,
    to: sms.to ?? shortcode,
    text: sms.text,
    date: atDate(now),
    id: sms.id ?? randomUUID(),
    linkId: sms.linkId ?? randomUUID(),
  };
}

/** POSTs the SMS to Sauti's callback as Africa's Talking does (form-encoded); never throws. */
export async function forwardIncoming(
  sms: IncomingSms,
  options: { shortcode: string; now: () => Date; signal: AbortSignal },
): Promise<IncomingResult> {
  const fields = incomingFields(sms, options.shortcode, options.now());
  const delivery = await postForm(sms.callbackUrl, fields, {
    timeoutMs: CALLBACK_TIMEOUT_MS,
    signal: options.signal,
    now: options.now,
  });
  return { ...delivery, fields };
}

/** The JSON of POST /simulator/incoming: {from, text, callbackUrl, to?, id?, linkId?}, or the answer refusing it. */
export function readIncoming(body: unknown): IncomingSms | SimAnswer {
  if (!isObject(body)) return refused(400, 'The body is a JSON object: {from, text, callbackUrl}');
  const { from, text, to, id, linkId } = body;
  const callbackUrl = httpUrl(body.callbackUrl);
  if (typeof from !== 'string' || !INTERNATIONAL_NUMBER.test(from)) {
    return refused(400, 'from is an international number (+2547…)');
  }
  if (typeof text !== 'string') return refused(400, 'text is a string');
  if (!callbackUrl) return refused(400, 'callbackUrl is an http(s) URL');
  const optional = { to, id, linkId };
  for (const [name, value] of Object.entries(optional)) {
    if (value !== undefined && typeof value !== 'string') return refused(400, `${name} is a string`);
  }
  return {
    from,
    text,
    callbackUrl,
    ...(typeof to === 'string' ? { to } : {}),
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof linkId === 'string' ? { linkId } : {}),
  };
}
