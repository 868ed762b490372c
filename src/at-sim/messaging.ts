import { timingSafeEqual } from 'node:crypto';
import { plain, type SimAnswer } from './answers.ts';
import { failed, postForm, type Delivery } from './outbound.ts';
import {
  AT_STATUS_CODES,
  messageId,
  networkCodeFor,
  outcomeFor,
  type ReportStatus,
  type ReportStep,
  type SmsOutcome,
} from './outcomes.ts';
import { kes, PART_PRICE_KES, smsLength } from './sms-text.ts';

export interface SimMessagingConfig {
  username: string;
  apiKey: string;
  deliveryDelayMs: number;
  deliveryReportUrl: string | undefined;
  now: () => Date;
  /** aborted when the simulator closes: reports under way are cut short */
  signal: AbortSignal;
}

/** One message accepted for one recipient, as messages() and GET /simulator/messages show it. */
export interface SimMessage {
  id: string;
  to: string;
  from: string;
  text: string;
  encoding: 'GSM-7' | 'UCS-2';
  parts: number;
  cost: string;
  /** 'Submitted' until its first delivery report is due, then the status last reported */
  status: ReportStatus;
  /** what the number chose (the scheme's meaning) */
  outcome: string;
  at: string;
}

/** One delivery report: its fields and each try at POSTing them. */
export interface SentReport {
  fields: Record<string, string>;
  /** null when no delivery report URL was set: it was not sent */
  url: string | null;
  /** the first try and up to two retries */
  attempts: Delivery[];
}

interface Entry {
  message: SimMessage;
  outcome: SmsOutcome;
  /** settles once every report has been attempted */
  settled: Promise<void>;
  /** ends the waits between reports: deliverNow, or the simulator closing */
  hurry: () => void;
  hurried: Promise<void>;
}

interface Waiter {
  matches: (message: SimMessage) => boolean;
  resolve: (message: SimMessage) => void;
  reject: (error: Error) => void;
}

export const AUTHENTICATION_INVALID = 'The supplied authentication is invalid';
/** the sandbox's sender when none is given */
export const DEFAULT_SENDER = 'AFRICASTKNG';
const SENDER_ID = /^[A-Za-z0-9 ]{1,11}$/;
const REPORT_TIMEOUT_MS = 10_000;
const RETRY_DELAYS_MS = [250, 1000];

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function pause(ms: number, cut: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void cut.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function reportFields(message: SimMessage, step: ReportStep): Record<string, string> {
  return {
    id: message.id,
    status: step.status,
    phoneNumber: message.to,
    networkCode: networkCodeFor(message.to),
    ...(step.failureReason ? { failureReason: step.failureReason } : {}),
    retryCount: String(step.retryCount ?? 0),
  };
}

/** Africa's Talking's SMS as the simulator plays it: sends, their outcomes by number, and delivery reports. */
export class SimMessaging {
  readonly #entries = new Map<string, Entry>();
  readonly #reports: SentReport[] = [];
  readonly #failedOnce = new Set<string>();
  #waiters: Waiter[] = [];
  #deliveryReportUrl: string | undefined;

  constructor(private readonly config: SimMessagingConfig) {
    this.#deliveryReportUrl = config.deliveryReportUrl;
  }

  setDeliveryReportUrl(url: string | undefined): void {
    this.#deliveryReportUrl = url;
  }

  /** POST /version1/messaging, its form fields and its apiKey header. */
  send(fields: Record<string, string>, apiKey: string | undefined): SimAnswer {
    if (apiKey === undefined || !same(apiKey, this.config.apiKey) || fields.username !== this.config.username) {
      return plain(401, AUTHENTICATION_INVALID);
    }
    const to = (fields.to ?? '')
      .split(',')
      .map((number) => number.trim())
      .filter((number) => number !== '');
    if (to.length === 0) return plain(400, "Request is missing required form field 'to'");
    if (!fields.message) return plain(400, "Request is missing required form field 'message'");
    if (this.#failsThisTime(to)) return plain(500, 'Internal Server Error');
    const from = fields.from || DEFAULT_SENDER;
    const recipients = to.map((number) => this.#accept(number, from, fields.message!, SENDER_ID.test(from)));
    const sent = recipients.filter((recipient) => recipient.messageId !== 'None');
    const total = sent.reduce((sum, recipient) => sum + Number(recipient.cost.slice(4)), 0);
    const message = `Sent to ${sent.length}/${to.length} Total Cost: ${sent.length > 0 ? kes(total) : '0'}`;
    return { status: 201, body: { SMSMessageData: { Message: message, Recipients: recipients } } };
  }

  list(to?: string): SimMessage[] {
    const messages = [...this.#entries.values()].map((entry) => entry.message);
    return to === undefined ? messages : messages.filter((message) => message.to === to);
  }

  reports(): SentReport[] {
    return [...this.#reports];
  }

  /** Settles with the first message accepted, now or later, that matches. */
  messageSent(matches: (message: SimMessage) => boolean): Promise<SimMessage> {
    const found = this.list().find(matches);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => this.#waiters.push({ matches, resolve, reject }));
  }

  /** Settles once every delivery report of the message has been attempted. */
  reportsSettled(id: string): Promise<void> | undefined {
    return this.#entries.get(id)?.settled;
  }

  /** Sends the message's remaining reports now rather than when due. */
  deliverNow(id: string): Promise<void> | undefined {
    const entry = this.#entries.get(id);
    entry?.hurry();
    return entry?.settled;
  }

  close(): void {
    for (const entry of this.#entries.values()) entry.hurry();
    for (const waiter of this.#waiters) waiter.reject(new Error('The simulator closed'));
    this.#waiters = [];
  }

  /** Whether a number that fails once is in the request for the first time (the request then answers 500). */
  #failsThisTime(numbers: string[]): boolean {
    const first = numbers.filter((number) => outcomeFor(number).transientFailure && !this.#failedOnce.has(number));
    for (const number of first) this.#failedOnce.add(number);
    return first.length > 0;
  }

  #accept(number: string, from: string, text: string, senderKnown: boolean) {
    const outcome = outcomeFor(number);
    const statusCode = senderKnown ? outcome.statusCode : 402;
    if (statusCode > 102) {
      return { statusCode, number, status: AT_STATUS_CODES[statusCode]!, cost: '0', messageId: 'None' };
    }
    const length = smsLength(text);
    const message: SimMessage = {
      id: messageId(),
      to: number,
      from,
      text,
      encoding: length.encoding,
      parts: length.parts,
      cost: kes(length.parts * PART_PRICE_KES),
      status: 'Submitted',
      outcome: outcome.meaning,
      at: this.config.now().toISOString(),
    };
    let hurry!: () => void;
    const hurried = new Promise<void>((resolve) => (hurry = resolve));
    const entry: Entry = { message, outcome, settled: Promise.resolve(), hurry, hurried };
    entry.settled = this.#report(entry);
    this.#entries.set(message.id, entry);
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.matches(message)) return true;
      waiter.resolve(message);
      return false;
    });
    return { statusCode, number, status: 'Success', cost: message.cost, messageId: message.id };
  }

  async #report(entry: Entry): Promise<void> {
    let previous = 0;
    for (const step of entry.outcome.reports) {
      await pause((step.after - previous) * this.config.deliveryDelayMs, entry.hurried);
      previous = step.after;
      if (this.config.signal.aborted) return;
      entry.message.status = step.status;
      await this.#post(entry, reportFields(entry.message, step));
    }
  }

  async #post(entry: Entry, fields: Record<string, string>): Promise<void> {
    const url = this.#deliveryReportUrl;
    const report: SentReport = { fields, url: url ?? null, attempts: [] };
    this.#reports.push(report);
    if (url === undefined) return;
    const options = { timeoutMs: REPORT_TIMEOUT_MS, signal: this.config.signal, now: this.config.now };
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length && !this.config.signal.aborted; attempt++) {
      if (attempt > 0) await pause(RETRY_DELAYS_MS[attempt - 1]!, entry.hurried);
      const delivery = await postForm(url, fields, options);
      report.attempts.push(delivery);
      if (!failed(delivery)) return;
    }
  }
}
