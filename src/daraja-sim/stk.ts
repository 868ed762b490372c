import { randomInt } from 'node:crypto';
import { darajaTimestamp, parseDarajaTimestamp } from '../platform/payments/daraja/timestamp.ts';
import { darajaError, httpUrl, invalidField, isObject, loose, ok, type JsonObject, type SimAnswer } from './answers.ts';
import { postJson, type Delivery } from './outbound.ts';
import { outcomeFor, receiptNumber, requestId, type PhoneOutcome } from './outcomes.ts';

export interface SimStkConfig {
  shortcode: string;
  passkey: string;
  callbackDelayMs: number;
  now: () => Date;
  /** aborted when the simulator closes: callbacks under way are cut short */
  signal: AbortSignal;
}

/** One STK push as GET /sim/transactions shows it. */
export interface StkTransaction {
  kind: 'stk';
  merchantRequestId: string;
  checkoutRequestId: string;
  phone: string;
  amount: number;
  accountReference: string;
  description: string;
  callbackUrl: string;
  requestedAt: string;
  /** what the phone number chose (the scheme's meaning) */
  outcome: string;
  /** null until the outcome is decided (after the callback delay) */
  resultCode: number | null;
  resultDesc: string | null;
  receipt: string | null;
  callbacks: Delivery[];
}

interface Entry {
  transaction: StkTransaction;
  outcome: PhoneOutcome;
  timer: NodeJS.Timeout | undefined;
  /** settles once the outcome is decided and every callback has been attempted */
  finished: Promise<void>;
  finish: () => void;
  deciding: boolean;
}

const CALLBACK_TIMEOUT_MS = 10_000;
const PHONE = /^254[17]\d{8}$/;

/** The checks Daraja makes on a signed request: the shortcode, the Timestamp and the Password made from them. */
function checkSigned(body: JsonObject, config: SimStkConfig): SimAnswer | undefined {
  if (loose(body.BusinessShortCode) !== config.shortcode) return invalidField('BusinessShortCode');
  const timestamp = loose(body.Timestamp) ?? '';
  if (!parseDarajaTimestamp(timestamp)) return invalidField('Timestamp');
  const expected = Buffer.from(`${config.shortcode}${config.passkey}${timestamp}`).toString('base64');
  if (body.Password !== expected) return darajaError(500, '500.001.1001', 'Wrong credentials');
  return undefined;
}

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.trim() !== '' && [...value].length <= max ? value : undefined;
}

function checkPush(body: JsonObject, config: SimStkConfig): SimAnswer | undefined {
  const signed = checkSigned(body, config);
  if (signed) return signed;
  if (body.TransactionType !== 'CustomerPayBillOnline' && body.TransactionType !== 'CustomerBuyGoodsOnline') {
    return invalidField('TransactionType');
  }
  if (!/^[1-9]\d{0,5}$/.test(loose(body.Amount) ?? '')) return invalidField('Amount');
  if (!PHONE.test(loose(body.PartyA) ?? '')) return invalidField('PartyA');
  if (loose(body.PartyB) !== config.shortcode) return invalidField('PartyB');
  if (!PHONE.test(loose(body.PhoneNumber) ?? '')) return invalidField('PhoneNumber');
  if (!httpUrl(body.CallBackURL)) return invalidField('CallBackURL');
  if (!text(body.AccountReference, 12)) return invalidField('AccountReference');
  if (!text(body.TransactionDesc, 13)) return invalidField('TransactionDesc');
  return undefined;
}

function callbackBody(transaction: StkTransaction, now: Date): unknown {
  const { merchantRequestId, checkoutRequestId, resultCode, resultDesc } = transaction;
  const callback: JsonObject = {
    MerchantRequestID: merchantRequestId,
    CheckoutRequestID: checkoutRequestId,
    ResultCode: resultCode,
    ResultDesc: resultDesc,
  };
  if (resultCode === 0) {
    callback.CallbackMetadata = {
      Item: [
        { Name: 'Amount', Value: transaction.amount },
        { Name: 'MpesaReceiptNumber', Value: transaction.receipt },
        { Name: 'Balance' },
        { Name: 'TransactionDate', Value: Number(darajaTimestamp(now)) },
        { Name: 'PhoneNumber', Value: Number(transaction.phone) },
      ],
    };
  }
  return { Body: { stkCallback: callback } };
}

/** M-Pesa Express as the simulator plays it: pushes, their outcomes by phone number, callbacks and queries. */
export class SimStk {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly config: SimStkConfig) {}

  /** POST /mpesa/stkpush/v1/processrequest */
  push(body: unknown): SimAnswer {
    if (!isObject(body)) return darajaError(400, '400.002.05', 'Invalid Request Payload');
    const refused = checkPush(body, this.config);
    if (refused) return refused;
    const now = this.config.now();
    const phone = loose(body.PhoneNumber)!;
    const outcome = outcomeFor(phone);
    const transaction: StkTransaction = {
      kind: 'stk',
      merchantRequestId: requestId(),
      checkoutRequestId: `ws_CO_${darajaTimestamp(now)}${String(randomInt(1e8)).padStart(8, '0')}`,
      phone,
      amount: Number(loose(body.Amount)),
      accountReference: body.AccountReference as string,
      description: body.TransactionDesc as string,
      callbackUrl: body.CallBackURL as string,
      requestedAt: now.toISOString(),
      outcome: outcome.meaning,
      resultCode: null,
      resultDesc: null,
      receipt: null,
      callbacks: [],
    };
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const entry: Entry = { transaction, outcome, timer: undefined, finished, finish, deciding: false };
    entry.timer = setTimeout(() => void this.#decide(entry), this.config.callbackDelayMs);
    this.#entries.set(transaction.checkoutRequestId, entry);
    return ok({
      MerchantRequestID: transaction.merchantRequestId,
      CheckoutRequestID: transaction.checkoutRequestId,
      ResponseCode: '0',
      ResponseDescription: 'Success. Request accepted for processing',
      CustomerMessage: 'Success. Request accepted for processing',
    });
  }

  /** POST /mpesa/stkpushquery/v1/query */
  query(body: unknown): SimAnswer {
    if (!isObject(body)) return darajaError(400, '400.002.05', 'Invalid Request Payload');
    const refused = checkSigned(body, this.config);
    if (refused) return refused;
    const entry = this.#entries.get(loose(body.CheckoutRequestID) ?? '');
    if (!entry) return invalidField('CheckoutRequestID');
    const { transaction } = entry;
    if (transaction.resultCode === null) {
      return darajaError(500, '500.001.1001', 'The transaction is being processed');
    }
    return ok({
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successsfully',
      MerchantRequestID: transaction.merchantRequestId,
      CheckoutRequestID: transaction.checkoutRequestId,
      ResultCode: String(transaction.resultCode),
      ResultDesc: transaction.resultDesc,
    });
  }

  /** Decides the outcome now rather than after the delay; settles once its callbacks have been attempted. */
  decideNow(checkoutRequestId: string): Promise<void> | undefined {
    const entry = this.#entries.get(checkoutRequestId);
    if (!entry) return undefined;
    void this.#decide(entry);
    return entry.finished;
  }

  /** Settles once the outcome is decided and its callbacks have been attempted. */
  finished(checkoutRequestId: string): Promise<void> | undefined {
    return this.#entries.get(checkoutRequestId)?.finished;
  }

  list(): StkTransaction[] {
    return [...this.#entries.values()].map((entry) => entry.transaction);
  }

  close(): void {
    for (const entry of this.#entries.values()) {
      clearTimeout(entry.timer);
      entry.finish();
    }
  }

  async #decide(entry: Entry): Promise<void> {
    if (entry.deciding) return;
    entry.deciding = true;
    clearTimeout(entry.timer);
    const { transaction, outcome } = entry;
    const now = this.config.now();
    transaction.resultCode = outcome.resultCode;
    transaction.resultDesc = outcome.resultDesc;
    if (outcome.resultCode === 0) transaction.receipt = receiptNumber();
    const body = callbackBody(transaction, now);
    for (let sent = 0; sent < outcome.callbacks && !this.config.signal.aborted; sent++) {
      const options = { timeoutMs: CALLBACK_TIMEOUT_MS, signal: this.config.signal, now: this.config.now };
      transaction.callbacks.push(await postJson(transaction.callbackUrl, body, options));
    }
    entry.finish();
  }
}
