import type { Platform } from '../../../platform/module.ts';
import type { C2bRegistered, C2bRegistration } from '../../../platform/payments/daraja/index.ts';
import { daraja } from '../payments.ts';
import { paybillUrl } from './c2b.ts';

/**
 * What M-Pesa does with a payment when Sauti's validation URL does not answer in time. Sauti registers
 * "Cancelled": a payment nobody checked may name a mistyped or paid notice, and money taken for it can only
 * be returned by hand from suspense, while a motorist whose payment was cancelled simply pays again once
 * Sauti answers. "Completed" remains available for a paybill without external validation switched on.
 */
export const DEFAULT_RESPONSE_TYPE: C2bRegistration['responseType'] = 'Cancelled';

/** Tells Daraja the paybill's validation and confirmation URLs (once per shortcode, or after they change). */
export async function registerPaybillUrls(
  platform: Platform,
  responseType: C2bRegistration['responseType'] = DEFAULT_RESPONSE_TYPE,
): Promise<C2bRegistered & C2bRegistration> {
  const registration: C2bRegistration = {
    validationUrl: paybillUrl(platform, 'validation'),
    confirmationUrl: paybillUrl(platform, 'confirmation'),
    responseType,
  };
  const registered = await daraja(platform).registerC2bUrls(registration);
  return { ...registration, ...registered };
}
