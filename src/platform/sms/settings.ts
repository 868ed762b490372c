import { inspect } from 'node:util';
import { integer, ModuleSettings, serviceUrl, type Env } from '../settings/index.ts';

/** The Africa's Talking API key, printed as "[hidden]" in logs, JSON and inspect. */
export class AtApiKey {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  header(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[hidden]';
  }
  [inspect.custom](): string {
    return 'AtApiKey [hidden]';
  }
}

export interface SmsSettings {
  /** Where messages go: Africa's Talking's API, its sandbox, or the simulator; undefined when SMS is off. */
  gateway: { apiUrl: string; username: string; apiKey: AtApiKey; senderId: string | undefined } | undefined;
  /** How long one call to the gateway may take. */
  timeoutMs: number;
  /** Messages handed to the gateway per second, across all instances. */
  perSecond: number;
  /** Messages to one number in an hour; more wait for the next hour. */
  perNumberPerHour: number;
}

const API_URL_HELP =
  'https://api.africastalking.com, the sandbox https://api.sandbox.africastalking.com, or the simulator (`sauti at-sim`) at http://127.0.0.1:7391';

/**
 * Africa's Talking SMS: AT_API_URL turns sending on and then needs AT_USERNAME and AT_API_KEY (AT_SENDER_ID is the
 * optional alphanumeric sender or shortcode). Without it, messages wait in the outbox until it is set.
 */
export function readSmsSettings(env: Env, problems: string[]): SmsSettings {
  const timeoutMs = integer(env, 'AT_TIMEOUT_MS', 10_000, problems, 100, 120_000);
  const perSecond = integer(env, 'SMS_PER_SECOND', 50, problems, 1, 10_000);
  const perNumberPerHour = integer(env, 'SMS_PER_NUMBER_PER_HOUR', 10, problems, 1, 1000);
  const raw = env.AT_API_URL?.trim() ?? '';
  if (raw === '') {
    const stray = ['AT_USERNAME', 'AT_API_KEY', 'AT_SENDER_ID'].filter((name) => (env[name] ?? '').trim() !== '');
    if (stray.length)
      problems.push(
        `${stray.join(', ')} set but AT_API_URL is not, so no SMS would be sent: set AT_API_URL (${API_URL_HELP})`,
      );
    return { gateway: undefined, timeoutMs, perSecond, perNumberPerHour };
  }
  const apiUrl = serviceUrl('AT_API_URL', raw, API_URL_HELP, problems);
  const username = env.AT_USERNAME?.trim() ?? '';
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(username))
    problems.push('AT_USERNAME is required with AT_API_URL (the app\'s user name, or "sandbox")');
  const key = env.AT_API_KEY?.trim() ?? '';
  if (key === '' || /\s/.test(key) || key.length > 512)
    problems.push('AT_API_KEY is required with AT_API_URL, without spaces');
  const senderId = env.AT_SENDER_ID?.trim() || undefined;
  if (senderId && !/^[A-Za-z0-9 ]{1,11}$|^\d{3,8}$/.test(senderId))
    problems.push('AT_SENDER_ID must be a shortcode or an alphanumeric sender of at most 11 characters');
  if (!apiUrl) return { gateway: undefined, timeoutMs, perSecond, perNumberPerHour };
  return { gateway: { apiUrl, username, apiKey: new AtApiKey(key), senderId }, timeoutMs, perSecond, perNumberPerHour };
}

/** Declared in the channels module's manifest. */
export const smsSettings = new ModuleSettings<SmsSettings>('sms', readSmsSettings);
