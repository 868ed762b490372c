import { createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';

/** How single settings are read from the environment; each reading pushes what is wrong onto `problems`. */

export type Env = Record<string, string | undefined>;

export function integer(
  env: Env,
  name: string,
  fallback: number,
  problems: string[],
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

/** A number that may have a fraction (clocks short enough to watch run out in a test). */
export function decimal(
  env: Env,
  name: string,
  fallback: number,
  problems: string[],
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || value < min || value > max) {
    problems.push(`${name} must be a number between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

export function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`${name} must be true or false (got "${env[name]}")`);
  return fallback;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const TRUST_PROXY_HELP =
  'write the number of proxies in front of Sauti (e.g. TRUST_PROXY=1 behind one load balancer) or their addresses or CIDR ranges, comma-separated (e.g. TRUST_PROXY=10.0.0.0/8,192.168.1.5), or false';

function ipOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: false, a number of proxy hops, or a list of proxy addresses and CIDR ranges.
 * `true` (trust whatever X-Forwarded-For a client sends) is refused: anyone could then pose as
 * any address and walk past the rate limits.
 */
export function trustedProxies(raw: string | undefined, problems: string[]): false | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || ['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(value.toLowerCase())) {
    problems.push(
      `TRUST_PROXY=${value} would believe any X-Forwarded-For a client sends, so anyone could pose as any address: ${TRUST_PROXY_HELP}`,
    );
    return false;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) problems.push(`TRUST_PROXY must be at most 10 proxy hops (got ${value}): ${TRUST_PROXY_HELP}`);
    return hops;
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const wrong = entries.filter((e) => !ipOrCidr(e) && !PROXY_NAMES.includes(e));
  if (wrong.length > 0 || entries.length === 0) {
    problems.push(
      `TRUST_PROXY has ${wrong.map((w) => `"${w}"`).join(', ') || 'nothing'} where an address or CIDR range was expected: ${TRUST_PROXY_HELP}`,
    );
    return false;
  }
  return entries;
}

const KEY_HELP =
  'an Ed25519 private key in PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), or that PEM in base64; make one with: openssl genpkey -algorithm ed25519';

/** REGISTRY_SIGNING_KEY: the PEM itself (line breaks may be written as \\n), or the PEM in base64. */
export function registrySigningKey(
  raw: string | undefined,
  databaseUrl: string | undefined,
  problems: string[],
): string | undefined {
  if (!raw) {
    if (databaseUrl)
      problems.push(
        `REGISTRY_SIGNING_KEY is required with DATABASE_URL (every instance must sign receipts with the same key): ${KEY_HELP}`,
      );
    return undefined;
  }
  let pem = raw.trim().replace(/\\n/g, '\n');
  if (!pem.startsWith('-----BEGIN')) {
    const decoded = /^[A-Za-z0-9+/=_\s-]+$/.test(pem)
      ? Buffer.from(pem.replace(/\s/g, ''), 'base64').toString('utf8').trim()
      : '';
    if (!decoded.startsWith('-----BEGIN')) {
      problems.push(`REGISTRY_SIGNING_KEY must be ${KEY_HELP}`);
      return undefined;
    }
    pem = decoded;
  }
  if (!pem.startsWith('-----BEGIN PRIVATE KEY-----')) {
    problems.push(
      `REGISTRY_SIGNING_KEY must be a private key in PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----", got "${pem.split('\n')[0]}"): ${KEY_HELP}`,
    );
    return undefined;
  }
  try {
    const type = createPrivateKey(pem).asymmetricKeyType;
    if (type !== 'ed25519') {
      problems.push(`REGISTRY_SIGNING_KEY must be an Ed25519 key (got ${type ?? 'an unknown'} key): ${KEY_HELP}`);
      return undefined;
    }
  } catch {
    problems.push(`REGISTRY_SIGNING_KEY is not a readable private key: ${KEY_HELP}`);
    return undefined;
  }
  return `${pem}\n`;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * The address of an outside service (M-Pesa, SMS): https without user name, query or fragment, or plain http on
 * this machine only (a simulator); without its final slash. `help` names the usual addresses.
 */
export function serviceUrl(name: string, raw: string, help: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name} must be an address such as ${help}`);
    return undefined;
  }
  const plainLocal = url.protocol === 'http:' && isLoopback(url.hostname);
  if ((url.protocol !== 'https:' && !plainLocal) || url.search !== '' || url.hash !== '' || url.username !== '') {
    problems.push(
      `${name} must be https:// without user name or query (plain http only for a simulator on this machine): ${help} (got "${url.protocol}//${url.host}${url.pathname}")`,
    );
    return undefined;
  }
  return url.href.replace(/\/+$/, '');
}
