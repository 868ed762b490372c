import { hmacHex } from '../../platform/crypto/index.ts';
import type { Platform } from '../../platform/module.ts';

/**
 * The secret in the addresses Africa's Talking calls (USSD, delivery reports): derived from SAUTI_SECRET, so
 * every instance knows it and nothing more is configured. `sauti channels urls` prints the addresses.
 */
export const callbackToken = (platform: Platform): string =>
  hmacHex(platform.config.secret, 'channels.callback', 'v1').slice(0, 32);

export const USSD_PATH = '/channels/ussd';
export const DELIVERY_REPORTS_PATH = '/channels/sms/delivery';
export const INCOMING_SMS_PATH = '/channels/sms/incoming';

export function callbackUrls(platform: Platform): { ussd: string; incomingSms: string; deliveryReports: string } {
  const token = callbackToken(platform);
  const base = platform.config.publicUrl;
  return {
    ussd: `${base}${USSD_PATH}?token=${token}`,
    incomingSms: `${base}${INCOMING_SMS_PATH}?token=${token}`,
    deliveryReports: `${base}${DELIVERY_REPORTS_PATH}?token=${token}`,
  };
}
