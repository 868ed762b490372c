import type { SmsSettings } from './settings.ts';

// Africa's Talking's SMS API (POST {api}/version1/messaging), one message to one number per call, and what its
// answer means for the outbox: taken, refused for good, worth another try later, or unknown (the call was cut off
// after it may have been taken, so it is never sent again).

export type GatewayAnswer =
  | { kind: 'taken'; messageId: string; status: string }
  | { kind: 'refused'; reason: string; status?: string }
  | { kind: 'later'; reason: string; status?: string }
  | { kind: 'unknown'; reason: string };

/** Per-recipient status codes that are worth another try: the account or the gateway, not the number. */
const TRY_LATER = new Set([401, 402, 405, 500, 501]);
const TAKEN = new Set([100, 101, 102]);
/** Errors raised before anything reached the gateway: nothing was sent. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface Recipient {
  statusCode?: number;
  status?: string;
  messageId?: string;
}

function readRecipient(json: unknown): Recipient | undefined {
  const data = (json as { SMSMessageData?: { Recipients?: unknown } } | null)?.SMSMessageData;
  const first = Array.isArray(data?.Recipients) ? (data.Recipients[0] as Recipient | undefined) : undefined;
  return first && typeof first === 'object' ? first : undefined;
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code;
}

export function answerOf(status: number, json: unknown): GatewayAnswer {
  if (status >= 500 || status === 401 || status === 429)
    return { kind: 'later', reason: `the gateway answered HTTP ${status}` };
  if (status < 200 || status >= 300) return { kind: 'refused', reason: `the gateway answered HTTP ${status}` };
  const recipient = readRecipient(json);
  const code = Number(recipient?.statusCode);
  const named = typeof recipient?.status === 'string' ? recipient.status : undefined;
  if (recipient && TAKEN.has(code) && typeof recipient.messageId === 'string' && recipient.messageId !== 'None')
    return { kind: 'taken', messageId: recipient.messageId, status: named ?? String(code) };
  const reason = named ?? (recipient ? `status ${code}` : 'no recipient in the answer');
  if (!recipient) return { kind: 'unknown', reason };
  return TRY_LATER.has(code) ? { kind: 'later', reason, status: reason } : { kind: 'refused', reason, status: reason };
}

export interface SmsGateway {
  send(to: string, message: string): Promise<GatewayAnswer>;
}

export function atGateway(settings: SmsSettings): SmsGateway | undefined {
  const gateway = settings.gateway;
  if (!gateway) return undefined;
  const url = `${gateway.apiUrl}/version1/messaging`;
  return {
    async send(to, message) {
      const form = new URLSearchParams({ username: gateway.username, to, message });
      if (gateway.senderId) form.set('from', gateway.senderId);
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            apiKey: gateway.apiKey.header(),
            accept: 'application/json',
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: form,
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
      } catch (error) {
        const code = causeCode(error);
        if (code && NOT_CONNECTED.has(code))
          return { kind: 'later', reason: `the gateway could not be reached (${code})` };
        return { kind: 'unknown', reason: `the call was cut off (${code ?? (error as Error).name})` };
      }
      const text = await res.text().catch(() => '');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return answerOf(res.status, json);
    },
  };
}
