import { ussdSessionId } from './outcomes.ts';

/** What the phone shows after a request: a menu (CON) or the last message (END). */
export interface Screen {
  kind: 'CON' | 'END';
  text: string;
  /** the HTTP status of the answer; null when there was none */
  status: number | null;
  /** why the session ended against the protocol: an HTTP error, no answer, or a reply without CON/END */
  error?: string;
}

export interface TranscriptEntry {
  at: string;
  sessionId: string;
  /** what was typed; null for the dial (and for the network timing out) */
  input: string | null;
  screen: Screen;
}

export interface UssdPhoneOptions {
  /** Sauti's USSD callback, with its ?token= */
  callbackUrl: string;
  phoneNumber: string;
  serviceCode?: string;
  networkCode?: string;
  /** how long the gateway waits for each answer */
  timeoutMs?: number;
  now?: () => Date;
}

const KEPT_TEXT_CHARS = 1000;

function screenOf(status: number, body: string): Screen {
  if (status < 200 || status > 299) {
    return { kind: 'END', text: body.slice(0, KEPT_TEXT_CHARS), status, error: `HTTP ${status}` };
  }
  const match = /^(CON|END)(?: |$)([\s\S]*)$/.exec(body);
  if (!match) {
    const error = 'The reply starts with neither "CON " nor "END "';
    return { kind: 'END', text: body.slice(0, KEPT_TEXT_CHARS), status, error };
  }
  return { kind: match[1] as 'CON' | 'END', text: match[2]!, status };
}

function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error) return error.cause instanceof Error ? error.cause.message : error.message;
  return String(error);
}

/**
 * A phone on Africa's Talking's USSD gateway: each dial opens a session with a new sessionId, and every request
 * carries all the inputs so far joined by `*` (empty on the first), form-encoded as the gateway sends them.
 */
export class UssdPhone {
  readonly callbackUrl: string;
  readonly phoneNumber: string;
  readonly serviceCode: string;
  readonly networkCode: string;
  readonly transcript: TranscriptEntry[] = [];
  readonly #timeoutMs: number;
  readonly #now: () => Date;
  #sessionId: string | undefined;
  #inputs: string[] = [];

  constructor(options: UssdPhoneOptions) {
    this.callbackUrl = options.callbackUrl;
    this.phoneNumber = options.phoneNumber;
    this.serviceCode = options.serviceCode ?? '*384*123#';
    this.networkCode = options.networkCode ?? '63902';
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#now = options.now ?? (() => new Date());
  }

  /** The session under way, if any. */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  /** Dials the service code: a new session (any session under way is dropped). */
  dial(): Promise<Screen> {
    this.#sessionId = ussdSessionId();
    this.#inputs = [];
    return this.#request(null);
  }

  /** Answers the screen shown; only while a session is under way. */
  send(input: string): Promise<Screen> {
    if (this.#sessionId === undefined) return Promise.reject(new Error('No USSD session: dial first'));
    this.#inputs.push(input);
    return this.#request(input);
  }

  /** The network ends the session, as it does when the user is slow to answer; the next dial is a new session. */
  timeOut(): void {
    if (this.#sessionId === undefined) return;
    const screen: Screen = { kind: 'END', text: '', status: null, error: 'The network ended the session (timeout)' };
    this.transcript.push({ at: this.#now().toISOString(), sessionId: this.#sessionId, input: null, screen });
    this.#end();
  }

  #end(): void {
    this.#sessionId = undefined;
    this.#inputs = [];
  }

  async #request(input: string | null): Promise<Screen> {
    const sessionId = this.#sessionId!;
    const at = this.#now().toISOString();
    const fields = {
      sessionId,
      serviceCode: this.serviceCode,
      phoneNumber: this.phoneNumber,
      networkCode: this.networkCode,
      text: this.#inputs.join('*'),
    };
    let screen: Screen;
    try {
      const response = await fetch(this.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'manual',
      });
      screen = screenOf(response.status, await response.text());
    } catch (error) {
      screen = { kind: 'END', text: '', status: null, error: reasonOf(error, this.#timeoutMs) };
    }
    this.transcript.push({ at, sessionId, input, screen });
    // a reply to a session the network has since ended is shown to no one
    if (this.#sessionId === sessionId && screen.kind === 'END') this.#end();
    return screen;
  }
}
