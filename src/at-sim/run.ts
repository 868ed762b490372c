import type { Server } from 'node:http';
import { closeWithGrace, listen } from '../sim-kit/http.ts';
import { forwardIncoming, type IncomingResult, type IncomingSms } from './incoming.ts';
import { SimMessaging, type SentReport, type SimMessage } from './messaging.ts';
import { createSimServer } from './server.ts';

/** What the simulator starts with unless told otherwise. */
export const AT_SIM_DEFAULTS = {
  host: '127.0.0.1',
  port: 7391,
  username: 'sandbox',
  apiKey: 'sauti-at-sim-key',
  /** the shortcode incoming SMS are sent to */
  shortcode: '22384',
  deliveryDelayMs: 1000,
} as const;

export interface AtSimOptions {
  host?: string;
  port?: number;
  username?: string;
  apiKey?: string;
  shortcode?: string;
  /** where delivery reports are POSTed; without it they are recorded but not sent */
  deliveryReportUrl?: string;
  /** how long after a send its delivery report is due (the scheme's delays are multiples of it) */
  deliveryDelayMs?: number;
  /** the simulator's clock: the times it writes */
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface RunningAtSim {
  url: string;
  server: Server;
  /** every message accepted, one per recipient, with the status last reported */
  messages(): SimMessage[];
  /** every delivery report due so far, with each try at POSTing it */
  deliveryReportsSent(): SentReport[];
  setDeliveryReportUrl(url: string | undefined): void;
  /** POSTs an SMS from a phone to Sauti's incoming-SMS callback; settles with what Sauti answered. */
  sendIncoming(sms: IncomingSms): Promise<IncomingResult>;
  /** Settles with the first message accepted, already or later, that matches (any message by default). */
  messageSent(matches?: (message: SimMessage) => boolean): Promise<SimMessage>;
  /** Settles once every delivery report of the message has been attempted (retries included). */
  reportsSettled(messageId: string): Promise<void>;
  /** Sends the message's remaining delivery reports now rather than when due; settles as reportsSettled. */
  deliverNow(messageId: string): Promise<void>;
  close(): Promise<void>;
}

function unknownMessage(messageId: string): Promise<void> {
  return Promise.reject(new Error(`The simulator has no message ${messageId}`));
}

/** Starts the Africa's Talking simulator: no database, no files, everything in memory. */
export async function startAtSim(options: AtSimOptions = {}): Promise<RunningAtSim> {
  const settings = { ...AT_SIM_DEFAULTS, ...options };
  const now = options.now ?? (() => new Date());
  const closing = new AbortController();
  const messaging = new SimMessaging({
    username: settings.username,
    apiKey: settings.apiKey,
    deliveryDelayMs: settings.deliveryDelayMs,
    deliveryReportUrl: options.deliveryReportUrl,
    now,
    signal: closing.signal,
  });
  const sendIncoming = (sms: IncomingSms) =>
    forwardIncoming(sms, { shortcode: settings.shortcode, now, signal: closing.signal });
  const server = createSimServer({ messaging, sendIncoming }, options.onError ?? (() => {}));
  const url = await listen(server, settings.port, settings.host);
  return {
    url,
    server,
    messages: () => messaging.list(),
    deliveryReportsSent: () => messaging.reports(),
    setDeliveryReportUrl: (url) => messaging.setDeliveryReportUrl(url),
    sendIncoming,
    messageSent: (matches = () => true) => messaging.messageSent(matches),
    reportsSettled: (id) => messaging.reportsSettled(id) ?? unknownMessage(id),
    deliverNow: (id) => messaging.deliverNow(id) ?? unknownMessage(id),
    async close() {
      closing.abort();
      messaging.close();
      await closeWithGrace(server);
    },
  };
}
