import { DarajaError } from './errors.ts';
import { callDaraja, refusal, stringField, type DarajaAnswer, type Transport } from './http.ts';
import { boundedText, c2bUrl, callbackUrl, DARAJA_PHONE, invalid } from './input.ts';
import type { DarajaSettings } from './settings.ts';
import { darajaTimestamp } from './timestamp.ts';
import { tokenSource, type TokenSource } from './token.ts';

export interface StkPushInput {
  /** whole shillings, at least 1 */
  amount: number;
  /** 2547XXXXXXXX or 2541XXXXXXXX */
  phone: string;
  /** shown to the payer as the account; at most 12 characters */
  accountReference: string;
  /** at most 13 characters */
  description: string;
  /** where Daraja POSTs the outcome */
  callbackUrl: string;
}

export interface StkPushAccepted {
  merchantRequestId: string;
  checkoutRequestId: string;
  customerMessage: string;
}

export interface StkQueryResult {
  /** Daraja's ResultCode; null while the payer has not yet answered (Daraja: "The transaction is being processed") */
  resultCode: number | null;
  resultDesc: string;
}

export interface C2bRegistration {
  confirmationUrl: string;
  validationUrl: string;
  /** what Daraja does when the validation URL does not answer: complete the payment or cancel it */
  responseType: 'Completed' | 'Cancelled';
}

export interface C2bRegistered {
  originatorConversationId: string;
  responseDescription: string;
}

export interface DarajaClient {
  /** false when DARAJA_BASE_URL is not set: every call then fails with a DarajaError of kind `off`. */
  readonly enabled: boolean;
  token(): Promise<string>;
  stkPush(input: StkPushInput): Promise<StkPushAccepted>;
  stkQuery(checkoutRequestId: string): Promise<StkQueryResult>;
  registerC2bUrls(input: C2bRegistration): Promise<C2bRegistered>;
}

export interface DarajaClientOptions {
  fetch?: typeof fetch;
  /** the platform's clock (`() => platform.clock.now()`): STK timestamps and the token's lifetime */
  now?: () => Date;
}

/** Daraja's answer to a query while the payer has not yet answered the prompt. */
const PENDING_CODE = '500.001.1001';
const PENDING_MESSAGE = /being processed/i;

function offClient(): DarajaClient {
  const off = () =>
    Promise.reject(new DarajaError('off', 'Payments by M-Pesa are off: DARAJA_BASE_URL is not set', {}));
  return { enabled: false, token: off, stkPush: off, stkQuery: off, registerC2bUrls: off };
}

function stkPushBody(input: StkPushInput, shortcode: string, httpsOnly: boolean) {
  if (!Number.isSafeInteger(input.amount) || input.amount < 1) throw invalid('amount', 'whole shillings, at least 1');
  if (typeof input.phone !== 'string' || !DARAJA_PHONE.test(input.phone)) {
    throw invalid('phone', 'a Kenyan mobile number written 2547XXXXXXXX or 2541XXXXXXXX');
  }
  return {
    TransactionType: 'CustomerPayBillOnline',
    Amount: String(input.amount),
    PartyA: input.phone,
    PartyB: shortcode,
    PhoneNumber: input.phone,
    CallBackURL: callbackUrl('callbackUrl', input.callbackUrl, httpsOnly),
    AccountReference: boundedText('accountReference', input.accountReference, 12),
    TransactionDesc: boundedText('description', input.description, 13),
  };
}

function readAccepted(answer: DarajaAnswer): StkPushAccepted {
  const merchantRequestId = stringField(answer.body, 'MerchantRequestID');
  const checkoutRequestId = stringField(answer.body, 'CheckoutRequestID');
  if (answer.status !== 200 || stringField(answer.body, 'ResponseCode') !== '0') throw refusal('STK push', answer);
  if (!merchantRequestId || !checkoutRequestId) {
    throw new DarajaError('unexpected', 'M-Pesa accepted the STK push without its request ids', {
      status: answer.status,
    });
  }
  return {
    merchantRequestId,
    checkoutRequestId,
    customerMessage: stringField(answer.body, 'CustomerMessage') ?? '',
  };
}

function readQuery(answer: DarajaAnswer): StkQueryResult {
  const errorMessage = stringField(answer.body, 'errorMessage') ?? '';
  if (stringField(answer.body, 'errorCode') === PENDING_CODE && PENDING_MESSAGE.test(errorMessage)) {
    return { resultCode: null, resultDesc: errorMessage };
  }
  const resultCode = stringField(answer.body, 'ResultCode');
  if (answer.status !== 200 || resultCode === undefined) throw refusal('STK query', answer);
  if (!/^\d{1,9}$/.test(resultCode)) {
    throw new DarajaError('unexpected', `M-Pesa answered the STK query with ResultCode "${resultCode}"`, {
      status: answer.status,
    });
  }
  return { resultCode: Number(resultCode), resultDesc: stringField(answer.body, 'ResultDesc') ?? '' };
}

function readRegistered(answer: DarajaAnswer): C2bRegistered {
  if (answer.status !== 200 || stringField(answer.body, 'ResponseCode') !== '0') {
    throw refusal('C2B URL registration', answer);
  }
  return {
    // Safaricom spells it OriginatorCoversationID
    originatorConversationId:
      stringField(answer.body, 'OriginatorCoversationID') ?? stringField(answer.body, 'OriginatorConversationID') ?? '',
    responseDescription: stringField(answer.body, 'ResponseDescription') ?? '',
  };
}

/** A POST with the Bearer token; after a 401 once more with a fresh token. */
function authorizedCaller(transport: Transport, tokens: TokenSource) {
  return async function authorized(what: string, path: string, body: unknown): Promise<DarajaAnswer> {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.token();
      const answer = await callDaraja(transport, what, path, {
        method: 'POST',
        authorization: `Bearer ${token}`,
        body,
      });
      if (answer.status !== 401) return answer;
      tokens.invalidate(token);
      if (attempt === 1) {
        throw new DarajaError(
          'unauthorized',
          `M-Pesa refused a fresh access token for the ${what}`,
          refusal(what, answer),
        );
      }
    }
  };
}

/**
 * The M-Pesa Daraja client: the real Daraja or the simulator, only the base URL differs. Every call has the
 * settings' timeout; the client keeps no records and touches no database, so call it after a transaction commits.
 */
export function darajaClient(settings: DarajaSettings, options: DarajaClientOptions = {}): DarajaClient {
  if (!settings.enabled) return offClient();
  const now = options.now ?? (() => new Date());
  const transport: Transport = {
    baseUrl: settings.baseUrl,
    timeoutMs: settings.timeoutMs,
    fetch: options.fetch ?? globalThis.fetch,
  };
  const tokens = tokenSource(transport, settings.credentials, now);
  const authorized = authorizedCaller(transport, tokens);
  const httpsOnly = settings.baseUrl.startsWith('https:');
  const { shortcode, credentials } = settings;

  function signed() {
    const timestamp = darajaTimestamp(now());
    return {
      BusinessShortCode: shortcode,
      Password: credentials.stkPassword(shortcode, timestamp),
      Timestamp: timestamp,
    };
  }

  return {
    enabled: true,
    token: () => tokens.token(),
    async stkPush(input) {
      const body = { ...signed(), ...stkPushBody(input, shortcode, httpsOnly) };
      return readAccepted(await authorized('STK push', '/mpesa/stkpush/v1/processrequest', body));
    },
    async stkQuery(checkoutRequestId) {
      const id = boundedText('checkoutRequestId', checkoutRequestId, 100);
      const body = { ...signed(), CheckoutRequestID: id };
      return readQuery(await authorized('STK query', '/mpesa/stkpushquery/v1/query', body));
    },
    async registerC2bUrls(input) {
      if (input.responseType !== 'Completed' && input.responseType !== 'Cancelled') {
        throw invalid('responseType', 'Completed or Cancelled');
      }
      const body = {
        ShortCode: shortcode,
        ResponseType: input.responseType,
        ConfirmationURL: c2bUrl('confirmationUrl', input.confirmationUrl, httpsOnly),
        ValidationURL: c2bUrl('validationUrl', input.validationUrl, httpsOnly),
      };
      return readRegistered(await authorized('C2B URL registration', '/mpesa/c2b/v2/registerurl', body));
    },
  };
}
