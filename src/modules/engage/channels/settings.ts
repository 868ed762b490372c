import { integer, ModuleSettings } from '../../../platform/settings/index.ts';

export interface ChannelSettings {
  /** The secret token in the Africa's Talking callback URL; unset, the SMS channel is off. */
  smsToken: string | undefined;
  /** Questions from X: off without a bearer token. */
  x: { bearerToken: string | undefined; apiUrl: string; pollSeconds: number };
}

/** #EngageTheIG's channels beside the web: SMS (ENGAGE_SMS_TOKEN) and X (X_BEARER_TOKEN, X_API_URL, X_POLL_SECONDS). */
export const channelSettings = new ModuleSettings<ChannelSettings>('engage.channels', (env, problems) => {
  const smsToken = env.ENGAGE_SMS_TOKEN || undefined;
  if (smsToken && !/^[A-Za-z0-9_-]{32,200}$/.test(smsToken)) {
    problems.push(
      'ENGAGE_SMS_TOKEN must be 32 to 200 letters, digits, dashes or underscores (it goes in the callback URL), e.g. openssl rand -hex 24',
    );
  }
  const bearerToken = env.X_BEARER_TOKEN || undefined;
  if (bearerToken && /\s/.test(bearerToken)) problems.push('X_BEARER_TOKEN must not contain spaces or line breaks');
  const apiUrl = (env.X_API_URL || 'https://api.x.com').replace(/\/$/, '');
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(apiUrl))
    problems.push(`X_API_URL must be an http:// or https:// URL without query (got "${env.X_API_URL}")`);
  const pollSeconds = integer(env, 'X_POLL_SECONDS', 60, problems, 1, 3600);
  return { smsToken, x: { bearerToken, apiUrl, pollSeconds } };
});
