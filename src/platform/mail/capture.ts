import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { SmtpUrl } from './settings.ts';

// A local SMTP server that keeps what it is sent in memory instead of delivering it: the demo sends its e-mail
// there (read at /demo/mail), and tests wait on it for a message.

export interface CapturedMail {
  /** 1, 2, 3 … in the order the messages arrived. */
  n: number;
  receivedAt: Date;
  /** The envelope's sender and recipients, as the client gave them. */
  from: string;
  to: string[];
  subject: string;
  text: string;
  language: string | undefined;
  messageId: string | undefined;
}

export interface RunningMailCapture {
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL is set to. */
  url: string;
  port: number;
  /** The messages kept, oldest first. */
  messages(): CapturedMail[];
  /** Settles with the first message, kept already or arriving later, that matches; fails after `timeoutMs`. */
  received(matches?: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

export interface MailCaptureOptions {
  host?: string;
  /** 0 (the default): a port the system picks. */
  port?: number;
  /** How many messages are kept (the oldest go first). */
  keep?: number;
  /** The SMTP code a recipient is refused with (550 for good, 451 for now), as a real server may; none: taken. */
  refuseWith?: (address: string) => number | undefined;
  onError?: (error: unknown) => void;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;
const running = new Map<string, RunningMailCapture>();

/** The capture server running in this process that an SMTP_URL names, if any. */
export function captureAt(url: SmtpUrl | undefined): RunningMailCapture | undefined {
  return url ? running.get(url.shown) : undefined;
}

interface Waiter {
  matches: (mail: CapturedMail) => boolean;
  resolve: (mail: CapturedMail) => void;
}

/** The messages kept, and who waits for one. */
class Inbox {
  readonly kept: CapturedMail[] = [];
  private waiters: Waiter[] = [];
  count = 0;

  constructor(private readonly keep: number) {}

  arrived(mail: CapturedMail): void {
    this.kept.push(mail);
    if (this.kept.length > this.keep) this.kept.shift();
    const due = this.waiters.filter((w) => w.matches(mail));
    this.waiters = this.waiters.filter((w) => !due.includes(w));
    for (const w of due) w.resolve(mail);
  }

  received(matches: (mail: CapturedMail) => boolean, timeoutMs: number): Promise<CapturedMail> {
    const found = this.kept.find(matches);
    if (found) return Promise.resolve(found);
    return new Promise<CapturedMail>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching e-mail reached the capture server within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        matches,
        resolve: (mail) => {
          clearTimeout(timer);
          resolve(mail);
        },
      };
      this.waiters.push(waiter);
    });
  }
}

async function readMessage(stream: SMTPServerDataStream, session: SMTPServerSession, n: number) {
  const parsed = await simpleParser(stream);
  const language = parsed.headers.get('content-language');
  return {
    n,
    receivedAt: new Date(),
    from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    to: session.envelope.rcptTo.map((r) => r.address),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    language: typeof language === 'string' ? language : undefined,
    messageId: parsed.messageId,
  } satisfies CapturedMail;
}

function captureServer(inbox: Inbox, options: MailCaptureOptions): SMTPServer {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    closeTimeout: 1000,
    logger: false,
    banner: 'Sauti mail capture',
    onRcptTo(address, _session, callback) {
      const code = options.refuseWith?.(address.address);
      if (code === undefined) return callback();
      callback(
        Object.assign(new Error(code >= 500 ? 'No such mailbox here' : 'Try again later'), { responseCode: code }),
      );
    },
    onData(stream, session, callback) {
      readMessage(stream, session, ++inbox.count).then(
        (mail) => {
          inbox.arrived(mail);
          callback(null, `OK: kept as ${mail.n}`);
        },
        (error: unknown) => callback(error as Error),
      );
    },
  });
  server.on('error', options.onError ?? (() => {}));
  return server;
}

export async function startMailCapture(options: MailCaptureOptions = {}): Promise<RunningMailCapture> {
  const host = options.host ?? '127.0.0.1';
  const inbox = new Inbox(options.keep ?? 200);
  const server = captureServer(inbox, options);
  const port = await new Promise<number>((resolve, reject) => {
    const listening = server.listen(options.port ?? 0, host, () => resolve((listening.address() as AddressInfo).port));
    listening.once('error', reject);
  });
  const url = `smtp://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const capture: RunningMailCapture = {
    url,
    port,
    messages: () => [...inbox.kept],
    received: (matches = () => true, timeoutMs = 15_000) => inbox.received(matches, timeoutMs),
    async close() {
      running.delete(url);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  running.set(url, capture);
  return capture;
}
