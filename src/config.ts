import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jurisdiction } from './jurisdiction/kenya/index.ts';
import type { Jurisdiction } from './platform/jurisdiction.ts';
import { modules } from './modules/index.ts';
import { readMailSettings, type MailSettings } from './platform/mail/settings.ts';
import { SettingValues } from './platform/settings/index.ts';
import { flag, integer, registrySigningKey, trustedProxies, type Env } from './platform/settings/values.ts';

export interface Config {
  /** The country Sauti serves: its zone, languages, counties, stations and units. */
  jurisdiction: Jurisdiction;
  port: number;
  host: string;
  /** PostgreSQL server; when absent Sauti runs on its embedded database under dataDir. */
  databaseUrl: string | undefined;
  /** The owner's connection for migrations and grants (DATABASE_OWNER_URL); defaults to databaseUrl. */
  databaseOwnerUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  /** Server secret: keys the receipt-code HMAC and signs cookies. */
  secret: string;
  /** Load demo data on first start (embedded default) and show the demo banner. */
  demo: boolean;
  evidenceMaxBytes: number;
  blobDir: string;
  logLevel: string;
  /** Whether a proxy in front of Sauti is trusted at all (its X-Forwarded-* headers are read). */
  trustProxy: boolean;
  /**
   * Which proxies are trusted to say who the client is (Fastify's `trustProxy`): false for none,
   * a number of proxy hops in front of Sauti, or their addresses and CIDR ranges. The client
   * address (rate limits) is then the last X-Forwarded-For entry no trusted proxy wrote.
   */
  trustedProxies: false | number | string[];
  /** When set, /metrics needs `Authorization: Bearer <token>`; unset, it is served only in demo mode and only to this machine. */
  metricsToken: string | undefined;
  /** Things worth telling the operator at start that do not stop Sauti. */
  warnings: string[];
  /**
   * Per client address: reports per 10 minutes, sign-in attempts per 5 minutes, questions and upvotes per minute, resumable
   * uploads begun per 10 minutes; and what one address may hold open at once: event streams and unfinished uploads.
   */
  rateLimits: {
    reports: number;
    signIns: number;
    questions: number;
    votes: number;
    uploads: number;
    streams: number;
    openUploads: number;
    /** USSD sessions one phone number may start in 10 minutes (counted by the number's keyed hash). */
    ussdSessions: number;
  };
  /** Look-ups by secret code (receipts, slips, notices, documents): slowed after wrong ones, never blocked (see code-lookups.ts). */
  codeLookups: {
    /** Look-ups one address may make per 15 minutes on one page, right or wrong: only a flood ceiling. */
    perAddress: number;
    /** Wrong look-ups from one address per 15 minutes before each further one needs a proof. */
    addressFailures: number;
    /** Wrong guesses at one reference (a notice, an OB number) per 15 minutes before each further one needs a proof. */
    codeFailures: number;
    /** The work of the first proof asked, in bits (each bit doubles it). */
    proofBits: number;
  };
  /** An unfinished resumable upload that receives nothing for this long is removed. */
  uploadIdleMs: number;
  /**
   * How long a client may take to send a request's headers, and its whole request; how long a connection may sit with nothing
   * moving, and an idle keep-alive connection wait for its next request.
   */
  timeouts: { headersMs: number; requestMs: number; idleMs: number; keepAliveMs: number };
  /** Secure cookies: on when PUBLIC_URL is https; off for plain http (a browser drops Secure cookies there, and every form would expire). */
  secureCookies: boolean;
  /** The modules' own settings, as their manifests declare them (`settings.of(channelSettings)`). */
  settings: SettingValues;
  /** E-mail: the SMTP server (SMTP_URL; none while e-mail is off) and the sender (MAIL_FROM). */
  mail: MailSettings;
  /** How often each instance looks for due jobs. */
  jobPollSeconds: number;
  /**
   * The IG's office registry signing key (Ed25519, PKCS#8 PEM) for signed delivery receipts;
   * unset on the embedded database, where it is generated once into `$DATA_DIR/registry-key.pem`.
   */
  registrySigningKey: string | undefined;
}

/** The country this Sauti serves: `config.jurisdiction`, also for commands that read no other setting (an offline check). */
export const servedJurisdiction: Jurisdiction = jurisdiction;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Sauti cannot start, the configuration is wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * On the embedded database a missing SAUTI_SECRET is generated once and kept in DATA_DIR,
 * so the quick start needs no setup; on a PostgreSQL server it must be given, because
 * several instances must share it.
 */
function embeddedSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

interface DatabaseSettings {
  databaseUrl: string | undefined;
  databaseOwnerUrl: string | undefined;
  dataDir: string;
}

function databaseSettings(env: Env, problems: string[]): DatabaseSettings {
  const databaseUrl = env.DATABASE_URL || undefined;
  const databaseOwnerUrl = env.DATABASE_OWNER_URL || undefined;
  if (databaseOwnerUrl && !/^postgres(ql)?:\/\//.test(databaseOwnerUrl))
    problems.push('DATABASE_OWNER_URL must be a postgres:// connection string');
  if (databaseOwnerUrl && !databaseUrl)
    problems.push('DATABASE_OWNER_URL goes with DATABASE_URL (the embedded database sets up its own roles)');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  return { databaseUrl, databaseOwnerUrl, dataDir: resolve(env.DATA_DIR || './data') };
}

function publicUrlSetting(env: Env, port: number, problems: string[]): string {
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, '');
  try {
    new URL(publicUrl);
  } catch {
    problems.push(`PUBLIC_URL must be an absolute URL (got "${env.PUBLIC_URL}")`);
  }
  return publicUrl;
}

/** SAUTI_SECRET as given ('' when unset: the embedded database then generates one). */
function givenSecret(env: Env, databaseUrl: string | undefined, problems: string[]): string {
  const secret = env.SAUTI_SECRET || '';
  if (secret && secret.length < 32) problems.push('SAUTI_SECRET must be at least 32 characters');
  if (!secret && databaseUrl)
    problems.push(
      'SAUTI_SECRET is required with DATABASE_URL (at least 32 random characters, the same on every instance)',
    );
  return secret;
}

function rateLimitSettings(env: Env, problems: string[]): Config['rateLimits'] {
  return {
    reports: integer(env, 'RATE_LIMIT_REPORTS', 20, problems, 1),
    signIns: integer(env, 'RATE_LIMIT_SIGN_INS', 10, problems, 1),
    questions: integer(env, 'RATE_LIMIT_QUESTIONS', 120, problems, 1),
    votes: integer(env, 'RATE_LIMIT_VOTES', 300, problems, 1),
    uploads: integer(env, 'RATE_LIMIT_UPLOADS', 60, problems, 1),
    streams: integer(env, 'RATE_LIMIT_STREAMS', 20, problems, 1),
    openUploads: integer(env, 'RATE_LIMIT_OPEN_UPLOADS', 10, problems, 1),
    ussdSessions: integer(env, 'RATE_LIMIT_USSD_SESSIONS', 10, problems, 1),
  };
}

/** RATE_LIMIT_RECEIPTS, the ceiling's name before look-ups were slowed rather than blocked, is still read (with a warning). */
function codeLookupSettings(env: Env, problems: string[], warnings: string[]): Config['codeLookups'] {
  const legacy = !env.RATE_LIMIT_LOOKUPS && env.RATE_LIMIT_RECEIPTS;
  if (legacy)
    warnings.push(
      'RATE_LIMIT_RECEIPTS is read as RATE_LIMIT_LOOKUPS, its new name: a flood ceiling per address (default 300), not the ' +
        'guard against guessing codes (LOOKUP_FAILURES_PER_ADDRESS, LOOKUP_FAILURES_PER_CODE); a low value locks out ' +
        'everyone behind one carrier address',
    );
  return {
    perAddress: integer(env, legacy ? 'RATE_LIMIT_RECEIPTS' : 'RATE_LIMIT_LOOKUPS', 300, problems, 1),
    addressFailures: integer(env, 'LOOKUP_FAILURES_PER_ADDRESS', 20, problems, 1),
    codeFailures: integer(env, 'LOOKUP_FAILURES_PER_CODE', 5, problems, 1),
    proofBits: integer(env, 'LOOKUP_PROOF_BITS', 16, problems, 1, 24),
  };
}

function timeoutSettings(env: Env, problems: string[]): Config['timeouts'] {
  const timeouts = {
    headersMs: integer(env, 'HEADERS_TIMEOUT_SECONDS', 20, problems, 1, 600) * 1000,
    requestMs: integer(env, 'REQUEST_TIMEOUT_SECONDS', 300, problems, 1, 24 * 3600) * 1000,
    // event streams send a heartbeat every 20 s, so a connection idle for 30 s is gone
    idleMs: integer(env, 'IDLE_TIMEOUT_SECONDS', 60, problems, 30, 3600) * 1000,
    keepAliveMs: integer(env, 'KEEP_ALIVE_TIMEOUT_SECONDS', 72, problems, 1, 3600) * 1000,
  };
  if (timeouts.requestMs < timeouts.headersMs)
    problems.push(
      'REQUEST_TIMEOUT_SECONDS must be at least HEADERS_TIMEOUT_SECONDS (the headers are part of the request)',
    );
  return timeouts;
}

function metricsTokenSetting(env: Env, problems: string[]): string | undefined {
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken && !/^[A-Za-z0-9._~+/=-]{32,512}$/.test(metricsToken)) {
    problems.push(
      'METRICS_TOKEN must be 32 to 512 letters, digits or . _ ~ + / = - (a bearer token), e.g. openssl rand -hex 32',
    );
  }
  return metricsToken;
}

function logLevelSetting(env: Env, problems: string[]): string {
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }
  return logLevel;
}

function plainHttpWarnings(env: Env, publicUrl: string, host: string, secureCookies: boolean): string[] {
  if (secureCookies || isLoopbackHost(host)) return [];
  return [
    `PUBLIC_URL is ${publicUrl}${env.PUBLIC_URL ? '' : ' (the default; set PUBLIC_URL to the address people open)'}, plain http, while HOST=${host} lets other machines connect: ` +
      'cookies are sent without the Secure flag so forms and sign-in work over plain http, but anyone on the network can read them. ' +
      'For anything beyond a trial, serve Sauti over HTTPS and set PUBLIC_URL=https://…',
  ];
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const port = integer(env, 'PORT', 3000, problems, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const database = databaseSettings(env, problems);
  const publicUrl = publicUrlSetting(env, port, problems);
  const secret = givenSecret(env, database.databaseUrl, problems);
  const demo = flag(env, 'SAUTI_DEMO', !database.databaseUrl, problems);
  const evidenceMaxBytes = integer(env, 'EVIDENCE_MAX_BYTES', 500 * 1024 * 1024, problems, 1024);
  const rateLimits = rateLimitSettings(env, problems);
  const lookupWarnings: string[] = [];
  const codeLookups = codeLookupSettings(env, problems, lookupWarnings);
  const uploadIdleMs = integer(env, 'UPLOAD_IDLE_MINUTES', 60, problems, 1, 7 * 24 * 60) * 60_000;
  const timeouts = timeoutSettings(env, problems);
  const proxies = trustedProxies(env.TRUST_PROXY, problems);
  const metricsToken = metricsTokenSetting(env, problems);
  const settings = new SettingValues(
    modules.flatMap((m) => m.settings ?? []),
    env,
    problems,
  );
  const mail = readMailSettings(env, problems);
  const jobPollSeconds = integer(env, 'JOB_POLL_SECONDS', 2, problems, 1, 60);
  const registryKey = registrySigningKey(env.REGISTRY_SIGNING_KEY, database.databaseUrl, problems);
  const logLevel = logLevelSetting(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const secureCookies = publicUrl.startsWith('https:');
  return {
    jurisdiction: servedJurisdiction,
    port,
    host,
    ...database,
    publicUrl,
    secret: secret || embeddedSecret(database.dataDir),
    demo,
    evidenceMaxBytes,
    blobDir: resolve(env.BLOB_DIR || join(database.dataDir, 'blobs')),
    logLevel,
    trustProxy: proxies !== false,
    trustedProxies: proxies,
    metricsToken,
    warnings: [...plainHttpWarnings(env, publicUrl, host, secureCookies), ...lookupWarnings],
    rateLimits,
    codeLookups,
    uploadIdleMs,
    timeouts,
    secureCookies,
    settings,
    mail,
    jobPollSeconds,
    registrySigningKey: registryKey,
  };
}
