import type { Server } from 'node:http';
import { closeWithGrace, listen } from '../sim-kit/http.ts';
import { SimTokens } from './auth.ts';
import { SimC2b, type C2bTransaction } from './c2b.ts';
import { createSimServer } from './server.ts';
import { SimStk, type StkTransaction } from './stk.ts';

/** What the simulator starts with unless told otherwise (174379 and its passkey are Daraja's public sandbox test values). */
export const DARAJA_SIM_DEFAULTS = {
  host: '127.0.0.1',
  port: 7390,
  consumerKey: 'sauti-daraja-sim',
  consumerSecret: 'sauti-daraja-sim-secret',
  shortcode: '174379',
  passkey: 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
  tokenExpiresInSeconds: 3599,
  callbackDelayMs: 2000,
} as const;

export interface DarajaSimOptions {
  host?: string;
  port?: number;
  consumerKey?: string;
  consumerSecret?: string;
  shortcode?: string;
  passkey?: string;
  /** the expires_in of the tokens it issues */
  tokenExpiresInSeconds?: number;
  /** how long after an STK push the outcome is decided and the callback sent */
  callbackDelayMs?: number;
  /** the simulator's clock: token expiry and the times it writes */
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface SimTransactions {
  tokensIssued: number;
  transactions: Array<StkTransaction | C2bTransaction>;
}

export interface RunningDarajaSim {
  url: string;
  server: Server;
  transactions(): SimTransactions;
  /** Decides an STK push's outcome now (not after the delay); settles once its callbacks have been attempted. */
  decideNow(checkoutRequestId: string): Promise<void>;
  /** Settles once an STK push's outcome is decided and its callbacks attempted (after the delay). */
  finished(checkoutRequestId: string): Promise<void>;
  close(): Promise<void>;
}

function unknownPush(checkoutRequestId: string): Promise<void> {
  return Promise.reject(new Error(`The simulator has no STK push ${checkoutRequestId}`));
}

/** Starts the Daraja simulator: no database, no files, everything in memory. */
export async function startDarajaSim(options: DarajaSimOptions = {}): Promise<RunningDarajaSim> {
  const settings = { ...DARAJA_SIM_DEFAULTS, ...options };
  const now = options.now ?? (() => new Date());
  const closing = new AbortController();
  const tokens = new SimTokens(settings.consumerKey, settings.consumerSecret, settings.tokenExpiresInSeconds, now);
  const stk = new SimStk({
    shortcode: settings.shortcode,
    passkey: settings.passkey,
    callbackDelayMs: settings.callbackDelayMs,
    now,
    signal: closing.signal,
  });
  const c2b = new SimC2b({ shortcode: settings.shortcode, now, signal: closing.signal });
  const transactions = (): SimTransactions => ({
    tokensIssued: tokens.issued,
    transactions: [...stk.list(), ...c2b.list()],
  });
  const server = createSimServer({ tokens, stk, c2b, transactions }, options.onError ?? (() => {}));
  const url = await listen(server, settings.port, settings.host);
  return {
    url,
    server,
    transactions,
    decideNow: (id) => stk.decideNow(id) ?? unknownPush(id),
    finished: (id) => stk.finished(id) ?? unknownPush(id),
    async close() {
      closing.abort();
      stk.close();
      await closeWithGrace(server);
    },
  };
}
