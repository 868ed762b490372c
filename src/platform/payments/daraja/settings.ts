import { inspect } from 'node:util';
import { integer, ModuleSettings, serviceUrl, type Env } from '../../settings/index.ts';

/**
 * The consumer key and secret and the passkey, kept out of sight: they are only ever used to make the
 * OAuth Authorization header and the STK Password, and print as "[hidden]" in logs, JSON and inspect.
 */
export class DarajaCredentials {
  readonly #consumerKey: string;
  readonly #consumerSecret: string;
  readonly #passkey: string;

  constructor(consumerKey: string, consumerSecret: string, passkey: string) {
    this.#consumerKey = consumerKey;
    this.#consumerSecret = consumerSecret;
    this.#passkey = passkey;
  }

  /** The OAuth request's Authorization header: Basic base64(consumerKey:consumerSecret). */
  basicAuthorization(): string {
    return `Basic ${Buffer.from(`${this.#consumerKey}:${this.#consumerSecret}`, 'utf8').toString('base64')}`;
  }

  /** The STK Password: base64(shortcode + passkey + timestamp). */
  stkPassword(shortcode: string, timestamp: string): string {
    return Buffer.from(`${shortcode}${this.#passkey}${timestamp}`, 'utf8').toString('base64');
  }

  toJSON(): string {
    return '[hidden]';
  }

  [inspect.custom](): string {
    return 'DarajaCredentials [hidden]';
  }
}

export type DarajaSettings =
  /** DARAJA_BASE_URL is not set: payments by M-Pesa are off. */
  | { enabled: false }
  | {
      enabled: true;
      /** Daraja's address without a final slash: https://api.safaricom.co.ke, the sandbox, or the simulator. */
      baseUrl: string;
      /** The paybill (BusinessShortCode and PartyB). */
      shortcode: string;
      /** How long any one call to Daraja may take. */
      timeoutMs: number;
      credentials: DarajaCredentials;
    };

const NAMES = ['DARAJA_CONSUMER_KEY', 'DARAJA_CONSUMER_SECRET', 'DARAJA_SHORTCODE', 'DARAJA_PASSKEY'] as const;
const BASE_URL_HELP =
  'https://api.safaricom.co.ke, https://sandbox.safaricom.co.ke, or the simulator (`sauti daraja-sim`) at http://127.0.0.1:7390';

/** A required value that goes in a header or a hash: present, without spaces. The value itself is never echoed. */
function secretSetting(env: Env, name: string, problems: string[]): string {
  const value = env[name]?.trim() ?? '';
  if (value === '') problems.push(`${name} is required with DARAJA_BASE_URL`);
  else if (/\s/.test(value) || value.length > 512)
    problems.push(`${name} must be at most 512 characters without spaces`);
  return value;
}

/**
 * M-Pesa Daraja: DARAJA_BASE_URL turns payments by M-Pesa on and then needs the consumer key and secret, the
 * paybill shortcode and its passkey; without it they are off, and any other DARAJA_* setting is a mistake named.
 */
export function readDarajaSettings(env: Env, problems: string[]): DarajaSettings {
  const raw = env.DARAJA_BASE_URL?.trim() ?? '';
  const timeoutMs = integer(env, 'DARAJA_TIMEOUT_MS', 10_000, problems, 100, 120_000);
  if (raw === '') {
    const stray = NAMES.filter((name) => (env[name] ?? '').trim() !== '');
    if (stray.length > 0) {
      problems.push(
        `${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but DARAJA_BASE_URL is not, so payments by M-Pesa would stay off: set DARAJA_BASE_URL (${BASE_URL_HELP}) or remove ${stray.length === 1 ? 'it' : 'them'}`,
      );
    }
    return { enabled: false };
  }
  const baseUrl = serviceUrl('DARAJA_BASE_URL', raw, BASE_URL_HELP, problems);
  const consumerKey = secretSetting(env, 'DARAJA_CONSUMER_KEY', problems);
  const consumerSecret = secretSetting(env, 'DARAJA_CONSUMER_SECRET', problems);
  const passkey = secretSetting(env, 'DARAJA_PASSKEY', problems);
  const shortcode = env.DARAJA_SHORTCODE?.trim() ?? '';
  if (!/^\d{5,7}$/.test(shortcode)) {
    problems.push(`DARAJA_SHORTCODE must be the paybill number, 5 to 7 digits (got "${shortcode}")`);
  }
  if (baseUrl === undefined) return { enabled: false };
  return {
    enabled: true,
    baseUrl,
    shortcode,
    timeoutMs,
    credentials: new DarajaCredentials(consumerKey, consumerSecret, passkey),
  };
}

/** Declared in the manifest of each module that takes payments by M-Pesa (`settings: [darajaSettings]`). */
export const darajaSettings = new ModuleSettings<DarajaSettings>('payments.daraja', readDarajaSettings);

/** Settings from values rather than the environment (tests, the demo); throws naming what is wrong. */
export function darajaSettingsFor(values: {
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  shortcode: string;
  passkey: string;
  timeoutMs?: number;
}): Extract<DarajaSettings, { enabled: true }> {
  const problems: string[] = [];
  const settings = readDarajaSettings(
    {
      DARAJA_BASE_URL: values.baseUrl,
      DARAJA_CONSUMER_KEY: values.consumerKey,
      DARAJA_CONSUMER_SECRET: values.consumerSecret,
      DARAJA_SHORTCODE: values.shortcode,
      DARAJA_PASSKEY: values.passkey,
      DARAJA_TIMEOUT_MS: values.timeoutMs === undefined ? undefined : String(values.timeoutMs),
    },
    problems,
  );
  if (problems.length > 0 || !settings.enabled) throw new Error(problems.join('; '));
  return settings;
}
