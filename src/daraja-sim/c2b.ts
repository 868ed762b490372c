import { C2B_FORBIDDEN_WORDS } from '../platform/payments/daraja/input.ts';
import { darajaTimestamp } from '../platform/payments/daraja/timestamp.ts';
import { darajaError, httpUrl, invalidField, isObject, loose, ok, type JsonObject, type SimAnswer } from './answers.ts';
import { postJson, type Delivery } from './outbound.ts';
import { receiptNumber } from './outcomes.ts';

export interface SimC2bConfig {
  shortcode: string;
  now: () => Date;
  signal: AbortSignal;
}

interface Registration {
  responseType: 'Completed' | 'Cancelled';
  confirmationUrl: string;
  validationUrl: string;
}

/** One payment to the paybill as GET /sim/transactions shows it. */
export interface C2bTransaction {
  kind: 'c2b';
  transId: string;
  billRefNumber: string;
  amountCents: number;
  msisdn: string;
  /** whether the payment went through: validation accepted it (or did not answer and ResponseType is Completed) */
  accepted: boolean;
  validation: Delivery;
  confirmation: Delivery | null;
}

/** Daraja waits about this long for the validation URL, then does what ResponseType says. */
const VALIDATION_TIMEOUT_MS = 8000;
const CONFIRMATION_TIMEOUT_MS = 10_000;
const DEFAULT_MSISDN = '254708374149';

/** The customer's number as Daraja shows it to the paybill: 2547 ***** 149. */
function masked(msisdn: string): string {
  return `${msisdn.slice(0, 4)} ***** ${msisdn.slice(-3)}`;
}

function amountCents(value: unknown): number | undefined {
  const written = loose(value) ?? '';
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(written);
  if (!match) return undefined;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return cents > 0 ? cents : undefined;
}

const shillings = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

function registeredUrl(value: unknown): string | undefined {
  const url = httpUrl(value);
  return url && !C2B_FORBIDDEN_WORDS.some((word) => url.toLowerCase().includes(word)) ? url : undefined;
}

/** Customer to business as the simulator plays it: the registered URLs and payments made "from a phone". */
export class SimC2b {
  #registration: Registration | undefined;
  #balanceCents = 0;
  readonly #transactions: C2bTransaction[] = [];

  constructor(private readonly config: SimC2bConfig) {}

  /** POST /mpesa/c2b/v2/registerurl */
  register(body: unknown): SimAnswer {
    if (!isObject(body)) return darajaError(400, '400.002.05', 'Invalid Request Payload');
    if (loose(body.ShortCode) !== this.config.shortcode) return invalidField('ShortCode');
    if (body.ResponseType !== 'Completed' && body.ResponseType !== 'Cancelled') return invalidField('ResponseType');
    const confirmationUrl = registeredUrl(body.ConfirmationURL);
    if (!confirmationUrl) return invalidField('ConfirmationURL');
    const validationUrl = registeredUrl(body.ValidationURL);
    if (!validationUrl) return invalidField('ValidationURL');
    this.#registration = { responseType: body.ResponseType, confirmationUrl, validationUrl };
    return ok({
      OriginatorCoversationID: `${Math.floor(this.config.now().getTime() / 1000)}-${receiptNumber()}`,
      ResponseCode: '0',
      ResponseDescription: 'Success',
    });
  }

  /**
   * POST /sim/c2b/pay {BillRefNumber, TransAmount, MSISDN?}: a customer pays the paybill. The simulator asks the
   * ValidationURL, then (if accepted) tells the ConfirmationURL, and answers what the validation said.
   */
  async pay(body: unknown): Promise<SimAnswer> {
    const registration = this.#registration;
    if (!registration) {
      return { status: 409, body: { error: `No C2B URLs are registered for shortcode ${this.config.shortcode}` } };
    }
    const fields = isObject(body) ? body : {};
    const billRefNumber = typeof fields.BillRefNumber === 'string' ? fields.BillRefNumber.trim() : '';
    const cents = amountCents(fields.TransAmount);
    const msisdn = fields.MSISDN === undefined ? DEFAULT_MSISDN : (loose(fields.MSISDN) ?? '');
    if (billRefNumber === '' || billRefNumber.length > 20) {
      return { status: 400, body: { error: 'BillRefNumber: 1 to 20 characters' } };
    }
    if (cents === undefined) return { status: 400, body: { error: 'TransAmount: shillings, e.g. "500.00"' } };
    if (!/^254[17]\d{8}$/.test(msisdn)) return { status: 400, body: { error: 'MSISDN: 2547XXXXXXXX' } };
    return ok(await this.#complete(registration, billRefNumber, cents, msisdn));
  }

  list(): C2bTransaction[] {
    return [...this.#transactions];
  }

  async #complete(registration: Registration, billRefNumber: string, cents: number, msisdn: string) {
    const now = this.config.now();
    const request: JsonObject = {
      TransactionType: 'Pay Bill',
      TransID: receiptNumber(),
      TransTime: darajaTimestamp(now),
      TransAmount: shillings(cents),
      BusinessShortCode: this.config.shortcode,
      BillRefNumber: billRefNumber,
      InvoiceNumber: '',
      OrgAccountBalance: '',
      ThirdPartyTransID: '',
      MSISDN: masked(msisdn),
      FirstName: 'AMINA',
      MiddleName: '',
      LastName: '',
    };
    const send = (url: string, timeoutMs: number, payload: JsonObject) =>
      postJson(url, payload, { timeoutMs, signal: this.config.signal, now: this.config.now });
    const validation = await send(registration.validationUrl, VALIDATION_TIMEOUT_MS, request);
    const answer = isObject(validation.answer) ? validation.answer : undefined;
    const accepted =
      validation.status === undefined || answer === undefined
        ? registration.responseType === 'Completed'
        : loose(answer.ResultCode) === '0';
    let confirmation: Delivery | null = null;
    if (accepted) {
      this.#balanceCents += cents;
      const confirmed = { ...request, OrgAccountBalance: shillings(this.#balanceCents) };
      confirmation = await send(registration.confirmationUrl, CONFIRMATION_TIMEOUT_MS, confirmed);
    }
    const transaction: C2bTransaction = {
      kind: 'c2b',
      transId: request.TransID as string,
      billRefNumber,
      amountCents: cents,
      msisdn: request.MSISDN as string,
      accepted,
      validation,
      confirmation,
    };
    this.#transactions.push(transaction);
    return {
      TransID: transaction.transId,
      accepted,
      validation: answer ?? { error: validation.error ?? `HTTP ${validation.status} without JSON` },
      confirmation,
    };
  }
}
