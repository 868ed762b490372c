import { DARAJA_PHONE } from './input.ts';
import { parseDarajaTimestamp } from './timestamp.ts';

/**
 * Pure, strict readers of what Daraja POSTs to Sauti. Callbacks carry no signature and may be forged, late,
 * missing or repeated: these only say whether a body is well formed; what it is worth is the caller's question.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface StkCallbackMetadata {
  /** the amount paid in cents (Daraja sends shillings: 1.00) */
  amountCents: number;
  /** the M-Pesa receipt number, e.g. NLJ7RT61SV */
  receipt: string;
  /** the paying number as Daraja sends it: 2547XXXXXXXX, or masked (some shortcodes get it masked) */
  phone: string;
  /** when M-Pesa completed the payment (Daraja's TransactionDate, Nairobi time) */
  transactionDate: Date;
}

export interface StkCallback {
  merchantRequestId: string;
  checkoutRequestId: string;
  /** 0 paid; anything else not (see darajaResultWords) */
  resultCode: number;
  resultDesc: string;
  /** present exactly when resultCode is 0 */
  metadata?: StkCallbackMetadata;
}

export interface C2bRequest {
  transactionType: string;
  /** M-Pesa's transaction id (its receipt number) */
  transId: string;
  transTime: Date;
  amountCents: number;
  shortcode: string;
  /** the account number the payer typed */
  billRefNumber: string;
  invoiceNumber: string;
  /** the paybill's balance after a confirmed payment; null in validation requests, where it is blank */
  orgAccountBalanceCents: number | null;
  thirdPartyTransId: string;
  /** MSISDN as sent: a number, masked ("2547 ***** 126") or hashed */
  msisdn: string;
  /** the paying number when MSISDN is a plain 2547XXXXXXXX, else null */
  phone: string | null;
  firstName: string;
  middleName: string;
  lastName: string;
}

class Refused extends Error {}

type Fields = Record<string, unknown>;

function object(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Refused(`${path} must be an object`);
  return value as Fields;
}

function has(fields: Fields, name: string): boolean {
  return fields[name] !== undefined && fields[name] !== null;
}

function text(fields: Fields, name: string, path: string, max = 200): string {
  const value = fields[name];
  if (!has(fields, name)) throw new Refused(`${path}.${name} is missing`);
  if (typeof value !== 'string') throw new Refused(`${path}.${name} must be text`);
  if (value.length > max) throw new Refused(`${path}.${name} is longer than ${max} characters`);
  return value;
}

function optionalText(fields: Fields, name: string, path: string): string {
  return has(fields, name) ? text(fields, name, path) : '';
}

function identifier(fields: Fields, name: string, path: string): string {
  const value = text(fields, name, path, 100).trim();
  if (!/^[A-Za-z0-9_.:-]+$/.test(value)) throw new Refused(`${path}.${name} must be an identifier`);
  return value;
}

/** A whole number, also written as digits in a string. */
function wholeNumber(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
  throw new Refused(`${path} must be a whole number`);
}

/** Shillings as a number (1, 1.5) or text ("5.00") to cents, without floating-point drift. */
function cents(value: unknown, path: string, allowZero = false): number {
  const written = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  const match = typeof written === 'string' ? /^(\d{1,12})(?:\.(\d{1,2})0*)?$/.exec(written.trim()) : null;
  if (!match) throw new Refused(`${path} must be an amount in shillings with at most two decimals`);
  const amount = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (amount === 0 && !allowZero) throw new Refused(`${path} must be more than 0`);
  return amount;
}

/** YYYYMMDDHHmmss in Nairobi time, as a number (STK callbacks) or text (C2B). */
function timestamp(value: unknown, path: string): Date {
  const written = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  const at = typeof written === 'string' ? parseDarajaTimestamp(written.trim()) : undefined;
  if (!at) throw new Refused(`${path} must be a time written YYYYMMDDHHmmss`);
  return at;
}

/** A phone number as a number or text: digits, or masked with * and spaces, or hashed (hex). */
function msisdn(value: unknown, path: string): string {
  const written = typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? String(value) : value;
  if (typeof written === 'string') {
    const trimmed = written.trim();
    if (/^\d[\d *]{5,30}$/.test(trimmed) || /^[0-9a-f]{32,128}$/i.test(trimmed)) return trimmed;
  }
  throw new Refused(`${path} must be a phone number (digits, possibly masked)`);
}

function items(metadata: Fields, path: string): Map<string, unknown> {
  const list = metadata.Item;
  if (!Array.isArray(list)) throw new Refused(`${path}.Item must be a list`);
  const byName = new Map<string, unknown>();
  list.forEach((entry: unknown, index) => {
    const item = object(entry, `${path}.Item[${index}]`);
    const name = text(item, 'Name', `${path}.Item[${index}]`, 100);
    if (byName.has(name)) throw new Refused(`${path}.Item holds ${name} twice`);
    // items such as Balance may come without a Value
    byName.set(name, item.Value);
  });
  return byName;
}

function required(byName: Map<string, unknown>, name: string, path: string): unknown {
  const value = byName.get(name);
  if (value === undefined || value === null) throw new Refused(`${path}.Item ${name} is missing`);
  return value;
}

function metadataOf(callback: Fields, path: string): StkCallbackMetadata {
  const metaPath = `${path}.CallbackMetadata`;
  if (!has(callback, 'CallbackMetadata')) throw new Refused(`${metaPath} is missing for a successful payment`);
  const byName = items(object(callback.CallbackMetadata, metaPath), metaPath);
  const receipt = required(byName, 'MpesaReceiptNumber', metaPath);
  if (typeof receipt !== 'string' || !/^[A-Z0-9]{6,20}$/.test(receipt.trim())) {
    throw new Refused(`${metaPath}.Item MpesaReceiptNumber must be uppercase letters and digits`);
  }
  return {
    amountCents: cents(required(byName, 'Amount', metaPath), `${metaPath}.Item Amount`),
    receipt: receipt.trim(),
    phone: msisdn(required(byName, 'PhoneNumber', metaPath), `${metaPath}.Item PhoneNumber`),
    transactionDate: timestamp(required(byName, 'TransactionDate', metaPath), `${metaPath}.Item TransactionDate`),
  };
}

function attempt<T>(read: () => T): Parsed<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, error: error.message };
    throw error;
  }
}

/** The STK callback Daraja POSTs to CallBackURL: {"Body":{"stkCallback":{…}}}. */
export function parseStkCallback(body: unknown): Parsed<StkCallback> {
  return attempt(() => {
    const path = 'Body.stkCallback';
    const callback = object(object(object(body, 'the body').Body, 'Body').stkCallback, path);
    if (!has(callback, 'ResultCode')) throw new Refused(`${path}.ResultCode is missing`);
    const resultCode = wholeNumber(callback.ResultCode, `${path}.ResultCode`);
    const parsed: StkCallback = {
      merchantRequestId: identifier(callback, 'MerchantRequestID', path),
      checkoutRequestId: identifier(callback, 'CheckoutRequestID', path),
      resultCode,
      resultDesc: text(callback, 'ResultDesc', path, 500),
    };
    if (resultCode === 0) parsed.metadata = metadataOf(callback, path);
    return parsed;
  });
}

/** A C2B validation or confirmation request (a payment made to the paybill from the phone's menu). */
export function parseC2bRequest(body: unknown): Parsed<C2bRequest> {
  return attempt(() => {
    const path = 'the body';
    const fields = object(body, path);
    for (const name of ['TransID', 'TransTime', 'TransAmount', 'BusinessShortCode', 'BillRefNumber', 'MSISDN']) {
      if (!has(fields, name)) throw new Refused(`${name} is missing`);
    }
    const transId = text(fields, 'TransID', path, 40).trim();
    if (!/^[A-Z0-9]{6,20}$/.test(transId)) throw new Refused('TransID must be uppercase letters and digits');
    const shortcode = String(fields.BusinessShortCode).trim();
    if (!['string', 'number'].includes(typeof fields.BusinessShortCode) || !/^\d{5,7}$/.test(shortcode)) {
      throw new Refused('BusinessShortCode must be 5 to 7 digits');
    }
    const balance = fields.OrgAccountBalance;
    const sender = msisdn(fields.MSISDN, 'MSISDN');
    return {
      transactionType: optionalText(fields, 'TransactionType', path),
      transId,
      transTime: timestamp(fields.TransTime, 'TransTime'),
      amountCents: cents(fields.TransAmount, 'TransAmount'),
      shortcode,
      billRefNumber: text(fields, 'BillRefNumber', path, 100).trim(),
      invoiceNumber: optionalText(fields, 'InvoiceNumber', path),
      orgAccountBalanceCents:
        balance === undefined || balance === null || balance === '' ? null : cents(balance, 'OrgAccountBalance', true),
      thirdPartyTransId: optionalText(fields, 'ThirdPartyTransID', path),
      msisdn: sender,
      phone: DARAJA_PHONE.test(sender) ? sender : null,
      firstName: optionalText(fields, 'FirstName', path),
      middleName: optionalText(fields, 'MiddleName', path),
      lastName: optionalText(fields, 'LastName', path),
    };
  });
}
