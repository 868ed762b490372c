import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL server; when absent Sauti runs on its embedded database under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  /** Server secret: keys the receipt-code HMAC and signs cookies. */
  secret: string;
  /** Load demo data on first start (embedded default) and show the demo banner. */
  demo: boolean;
  evidenceMaxBytes: number;
  blobDir: string;
  logLevel: string;
  trustProxy: boolean;
  /** Requests allowed per client address: reports per 10 minutes, receipt look-ups per 15 minutes, sign-in attempts per 5 minutes. */
  rateLimits: { reports: number; receipts: number; signIns: number };
  /** Secure cookies: on for https and for localhost (browsers treat both as secure); off only for plain http elsewhere. */
  secureCookies: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Sauti cannot start, the configuration is wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, problems: string[], min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`${name} must be true or false (got "${env[name]}")`);
  return fallback;
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

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const port = integer(env, 'PORT', 3000, problems, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const dataDir = resolve(env.DATA_DIR || './data');
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, '');
  try {
    new URL(publicUrl);
  } catch {
    problems.push(`PUBLIC_URL must be an absolute URL (got "${env.PUBLIC_URL}")`);
  }
  let secret = env.SAUTI_SECRET || '';
  if (secret && secret.length < 32) problems.push('SAUTI_SECRET must be at least 32 characters');
  if (!secret && databaseUrl) problems.push('SAUTI_SECRET is required with DATABASE_URL (at least 32 random characters, the same on every instance)');
  const demo = flag(env, 'SAUTI_DEMO', !databaseUrl, problems);
  const evidenceMaxBytes = integer(env, 'EVIDENCE_MAX_BYTES', 500 * 1024 * 1024, problems, 1024);
  const rateLimits = {
    reports: integer(env, 'RATE_LIMIT_REPORTS', 20, problems, 1),
    receipts: integer(env, 'RATE_LIMIT_RECEIPTS', 10, problems, 1),
    signIns: integer(env, 'RATE_LIMIT_SIGN_INS', 10, problems, 1),
  };
  const trustProxy = flag(env, 'TRUST_PROXY', false, problems);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (!secret) secret = embeddedSecret(dataDir);
  return {
    port,
    host,
    databaseUrl,
    dataDir,
    publicUrl,
    secret,
    demo,
    evidenceMaxBytes,
    blobDir: resolve(env.BLOB_DIR || join(dataDir, 'blobs')),
    logLevel,
    trustProxy,
    rateLimits,
    secureCookies: publicUrl.startsWith('https:') || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(publicUrl),
  };
}
