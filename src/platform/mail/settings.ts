import { inspect } from 'node:util';
import addressparser from 'nodemailer/lib/addressparser';
import type { Env } from '../settings/index.ts';

const isLoopback = (host: string) =>
  host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/** The SMTP server's address, printed without its user name and password in logs, JSON and inspect. */
export class SmtpUrl {
  readonly #href: string;
  /** The address without credentials: what may be shown. */
  readonly shown: string;
  /** Plain smtp:// to another machine: it must switch to TLS (STARTTLS) before anything is sent. */
  readonly mustStartTls: boolean;

  constructor(url: URL) {
    this.#href = url.href;
    this.shown = `${url.protocol}//${url.host}`;
    this.mustStartTls = url.protocol === 'smtp:' && !isLoopback(url.hostname);
  }
  href(): string {
    return this.#href;
  }
  toJSON(): string {
    return this.shown;
  }
  [inspect.custom](): string {
    return `SmtpUrl ${this.shown}`;
  }
}

export interface MailSettings {
  /** Where e-mail goes; undefined while e-mail is off (messages wait in the outbox). */
  smtpUrl: SmtpUrl | undefined;
  /** The sender every message comes from, e.g. `Sauti <no-reply@sauti.police.go.ke>`. */
  from: string;
}

const SMTP_URL_HELP =
  'smtps://user:password@smtp.example.org (TLS from the start, port 465), smtp://user:password@smtp.example.org:587 (STARTTLS), or smtp://127.0.0.1:2525 (a capture server on this machine)';

function readSmtpUrl(raw: string, problems: string[]): SmtpUrl | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // the value may hold a password: it is not repeated
    problems.push(`SMTP_URL is not an address: write it as ${SMTP_URL_HELP}`);
    return undefined;
  }
  const given = `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    problems.push(`SMTP_URL must start with smtp:// or smtps:// (got "${url.protocol}//…"): ${SMTP_URL_HELP}`);
    return undefined;
  }
  if (url.hostname === '' || !['', '/'].includes(url.pathname) || url.search !== '' || url.hash !== '') {
    problems.push(`SMTP_URL must name a server, without a path or query (got "${given}"): ${SMTP_URL_HELP}`);
    return undefined;
  }
  return new SmtpUrl(url);
}

function readFrom(raw: string, problems: string[]): string {
  const parsed = addressparser(raw, { flatten: true });
  const address = parsed[0]?.address ?? '';
  if (parsed.length !== 1 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$|^[^\s@]+@localhost$/.test(address) || /[\r\n]/.test(raw))
    problems.push(`MAIL_FROM must be one sender address, e.g. "Sauti <no-reply@sauti.police.go.ke>" (got "${raw}")`);
  return raw;
}

/**
 * E-mail: SMTP_URL turns sending on and then needs MAIL_FROM. Without it, messages wait in the outbox until it is
 * set; the demo starts a capture server and points it there.
 */
export function readMailSettings(env: Env, problems: string[]): MailSettings {
  const raw = env.SMTP_URL?.trim() ?? '';
  const from = env.MAIL_FROM?.trim() ?? '';
  if (raw === '') {
    if (from !== '')
      problems.push(`MAIL_FROM set but SMTP_URL is not, so no e-mail would be sent: set SMTP_URL (${SMTP_URL_HELP})`);
    return { smtpUrl: undefined, from };
  }
  const smtpUrl = readSmtpUrl(raw, problems);
  if (from === '') {
    problems.push('MAIL_FROM is required with SMTP_URL: the sender, e.g. "Sauti <no-reply@sauti.police.go.ke>"');
    return { smtpUrl, from };
  }
  return { smtpUrl, from: readFrom(from, problems) };
}
