import { ed25519KeySetting } from '../../../platform/crypto/signing-key.ts';
import { cosignatureVerifier } from '../../../platform/tlog/index.ts';
import { isValidKeyName } from '../../../platform/tlog/keys.ts';
import { integer, ModuleSettings, type Env } from '../../../platform/settings/index.ts';

export interface LogWitness {
  url: string;
  /** the witness's cosignature verifier string (`<name>+<key id>+<base64(0x04 || key)>`) */
  verifier: string;
  name: string;
}

export interface LogSettings {
  /** The checkpoints' origin line and the signing key's name; undefined: `<host of PUBLIC_URL>/ob`. */
  origin: string | undefined;
  /** The log's Ed25519 private key (PKCS#8 PEM); undefined: `$DATA_DIR/ob-log-key.pem`, generated once. */
  signingKey: string | undefined;
  witnesses: LogWitness[];
  /** How often each serving instance looks for entries to integrate. */
  intervalMs: number;
  /** How long a witness may take to answer. */
  witnessTimeoutMs: number;
}

/** OB_LOG_WITNESSES: one `<url> <verifier key>` per line or separated by commas. */
function witnesses(raw: string | undefined, problems: string[]): LogWitness[] {
  const list: LogWitness[] = [];
  for (const item of (raw ?? '').split(/[\n,]/)) {
    const trimmed = item.trim();
    if (trimmed === '') continue;
    const [url = '', verifier = '', ...rest] = trimmed.split(/\s+/);
    try {
      const parsed = new URL(url);
      if (!['http:', 'https:'].includes(parsed.protocol) || rest.length > 0) throw new Error('not a witness');
      list.push({ url, verifier, name: cosignatureVerifier(verifier).name });
    } catch {
      problems.push(
        `OB_LOG_WITNESSES holds "${trimmed}": each witness is "<http(s) URL> <cosignature verifier key>" (the key printed by \`sauti witness key\`)`,
      );
    }
  }
  return list;
}

function origin(env: Env, problems: string[]): string | undefined {
  const value = env.OB_LOG_ORIGIN?.trim();
  if (!value) return undefined;
  if (!isValidKeyName(value)) {
    problems.push(`OB_LOG_ORIGIN must be a name without spaces or "+" (e.g. ob.police.go.ke/kenya), got "${value}"`);
    return undefined;
  }
  return value;
}

export const logSettings = new ModuleSettings<LogSettings>('ob-log', (env, problems) => ({
  origin: origin(env, problems),
  signingKey: ed25519KeySetting(
    'OB_LOG_SIGNING_KEY',
    env.OB_LOG_SIGNING_KEY,
    env.DATABASE_URL,
    'every instance signs the national log with the same key',
    problems,
  ),
  witnesses: witnesses(env.OB_LOG_WITNESSES, problems),
  intervalMs: integer(env, 'OB_LOG_INTERVAL_MS', 250, problems, 20, 10_000),
  witnessTimeoutMs: integer(env, 'OB_LOG_WITNESS_TIMEOUT_MS', 5000, problems, 100, 60_000),
}));

/** The origin the log signs under: the setting, else the host of PUBLIC_URL followed by /ob. */
export function logOrigin(settings: LogSettings, publicUrl: string): string {
  return settings.origin ?? `${new URL(publicUrl).host}/ob`;
}
