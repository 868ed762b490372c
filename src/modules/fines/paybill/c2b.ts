import { safeEqual } from '../../../platform/crypto/index.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import {
  c2bValidationAnswer,
  darajaSettings,
  parseC2bRequest,
  type C2bRejection,
  type C2bRequest,
} from '../../../platform/payments/daraja/index.ts';
import { readNoticeNumber } from '../notice-number.ts';
import { darajaCallbackSecret } from '../payments.ts';
import { recordPaymentOwingReceipt } from '../messages.ts';
import type { RecordedPayment } from '../store.ts';
import { noticeForPayment } from './store.ts';

// Paying a notice at the paybill from the phone's own M-Pesa menu (C2B): Daraja asks the validation URL
// whether to take the money, then tells the confirmation URL that it did. Both addresses carry a secret
// (like the STK callback's), so a POST without it is not Daraja's. Validation answers from one indexed
// look-up and calls nothing outside, well inside Daraja's 8 seconds.

export type PaybillStep = 'validation' | 'confirmation';

export const paybillSecret = (platform: Platform): string => darajaCallbackSecret(platform, 'c2b');

/** The address Daraja is given; "paybill", never a word Daraja refuses ("mpesa", "sql", "exec"...). */
export const paybillPath = (secret: string, step: PaybillStep): string => `/api/fines/paybill/${secret}/${step}`;

export const paybillUrl = (platform: Platform, step: PaybillStep): string =>
  `${platform.config.publicUrl}${paybillPath(paybillSecret(platform), step)}`;

/** What Daraja expects back from the confirmation URL, whatever the confirmation held. */
export const CONFIRMATION_ACK = { ResultCode: '0', ResultDesc: 'Success' } as const;

function guard(platform: Platform, secret: string): void {
  if (!safeEqual(secret, paybillSecret(platform))) throw new NotFound();
}

/** A request that is not Daraja's shape, refused with the code of the field that is wrong. */
function rejectionFor(error: string): C2bRejection {
  if (error.includes('MSISDN')) return 'C2B00011';
  if (error.includes('BillRefNumber')) return 'C2B00012';
  if (error.includes('TransAmount')) return 'C2B00013';
  if (error.includes('BusinessShortCode')) return 'C2B00015';
  return 'C2B00016';
}

/**
 * Whether to take a payment: the account must be a notice number whose check digit holds, of a notice
 * that is unpaid, and the amount exactly its balance. A notice that exists but can no longer be paid
 * (paid, contested, withdrawn, for court) is C2B00016: the account is right, the payment is not wanted.
 */
async function decide(platform: Platform, request: C2bRequest): Promise<'accept' | C2bRejection> {
  const settings = platform.config.settings.of(darajaSettings);
  if (settings.enabled && request.shortcode !== settings.shortcode) return 'C2B00015';
  const number = readNoticeNumber(request.billRefNumber);
  if (!number) return 'C2B00012';
  const notice = await noticeForPayment(platform.db.pool, number);
  if (!notice) return 'C2B00012';
  if (notice.status !== 'unpaid') return 'C2B00016';
  if (request.amountCents !== Number(notice.balance_cents)) return 'C2B00013';
  return 'accept';
}

/** Daraja's validation request: accept, or reject with one of Daraja's C2B000xx codes. */
export async function validatePaybill(
  platform: Platform,
  secret: string,
  body: unknown,
): Promise<{ ResultCode: string; ResultDesc: string }> {
  guard(platform, secret);
  const parsed = parseC2bRequest(body);
  const decision = parsed.ok ? await decide(platform, parsed.value) : rejectionFor(parsed.error);
  if (decision !== 'accept') {
    platform.log.info(
      parsed.ok
        ? { decision, transId: parsed.value.transId, account: parsed.value.billRefNumber.slice(0, 64) }
        : { decision, error: parsed.error },
      'a payment to the paybill was refused at validation',
    );
  }
  return c2bValidationAnswer(decision);
}

/**
 * Daraja's confirmation: M-Pesa took the money, so it is recorded once (by TransID), crediting the notice
 * its account names; money for no notice, a notice no longer payable or beyond the balance waits in
 * suspense. Answers undefined for a body that is not Daraja's shape or a TransID already recorded.
 */
export async function confirmPaybill(
  platform: Platform,
  secret: string,
  body: unknown,
): Promise<RecordedPayment | undefined> {
  guard(platform, secret);
  const parsed = parseC2bRequest(body);
  if (!parsed.ok) {
    platform.log.warn({ error: parsed.error }, 'a paybill confirmation that is not Daraja’s shape was ignored');
    return undefined;
  }
  const request = parsed.value;
  const settings = platform.config.settings.of(darajaSettings);
  if (settings.enabled && request.shortcode !== settings.shortcode) {
    platform.log.warn(
      { transId: request.transId, shortcode: request.shortcode },
      'a paybill confirmation names another shortcode',
    );
  }
  const number = readNoticeNumber(request.billRefNumber);
  const notice = number ? await noticeForPayment(platform.db.pool, number) : undefined;
  const account = request.billRefNumber.slice(0, 64);
  return recordPaymentOwingReceipt(platform, {
    noticeId: notice?.id ?? null,
    channel: 'mpesa',
    reference: request.transId,
    account: account === '' ? null : account,
    amountCents: request.amountCents,
    paidAt: request.transTime,
    at: platform.clock.now(),
    phone: request.phone,
    stkRequestId: null,
  });
}
