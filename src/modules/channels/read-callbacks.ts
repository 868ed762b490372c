import type { DeliveryReport } from '../../platform/sms/index.ts';
import type { UssdCallback } from './ussd/service.ts';

// Africa's Talking's callbacks, checked field by field: what is wrong is named in the 400's plain-text body.

const ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const PHONE = /^\+[1-9]\d{6,14}$/;
const SERVICE_CODE = /^[*#0-9]{2,40}$/;
const DELIVERY_STATUSES = new Set([
  'Sent',
  'Submitted',
  'Buffered',
  'Rejected',
  'Success',
  'Failed',
  'AbsentSubscriber',
  'Expired',
]);

type Fields = Record<string, string>;

/** The number as Africa's Talking writes it (+2547…), also from 2547… */
function phoneOf(raw: string | undefined): string | undefined {
  const compact = (raw ?? '').replace(/[\s-]/g, '');
  const plus = compact.startsWith('+') ? compact : `+${compact}`;
  return PHONE.test(plus) ? plus : undefined;
}

export function readUssdCallback(body: Fields): UssdCallback | string {
  const problems: string[] = [];
  const sessionId = body.sessionId ?? '';
  if (!ID.test(sessionId)) problems.push('sessionId is missing or malformed');
  const phoneNumber = phoneOf(body.phoneNumber);
  if (!phoneNumber) problems.push('phoneNumber must be an international number such as +254712345678');
  const serviceCode = body.serviceCode ?? '';
  if (!SERVICE_CODE.test(serviceCode)) problems.push('serviceCode must be a code such as *384*123#');
  const networkCode = body.networkCode ?? '';
  if (networkCode !== '' && !/^\d{1,10}$/.test(networkCode)) problems.push('networkCode must be digits');
  const text = body.text ?? '';
  if (text.length > 1000) problems.push('text is too long');
  if (problems.length) return problems.join('; ');
  return { sessionId, phoneNumber: phoneNumber!, serviceCode, networkCode, text };
}

export function readDeliveryReport(body: Fields, at: Date): DeliveryReport | string {
  const problems: string[] = [];
  const id = body.id ?? '';
  if (!ID.test(id)) problems.push('id is missing or malformed');
  const status = body.status ?? '';
  if (!DELIVERY_STATUSES.has(status)) problems.push(`status must be one of ${[...DELIVERY_STATUSES].join(', ')}`);
  const retryCount = body.retryCount === undefined || body.retryCount === '' ? 0 : Number(body.retryCount);
  if (!Number.isInteger(retryCount) || retryCount < 0 || retryCount > 1000)
    problems.push('retryCount must be a whole number');
  if (problems.length) return problems.join('; ');
  return {
    gatewayMessageId: id,
    status,
    failureReason: body.failureReason?.slice(0, 200) || undefined,
    networkCode: body.networkCode?.slice(0, 20) || undefined,
    retryCount,
    at,
  };
}
