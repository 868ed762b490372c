import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '../../../config.ts';
import { generatedKeyPem } from '../../../platform/crypto/signing-key.ts';
import type { Platform } from '../../../platform/module.ts';
import {
  noteSigner,
  parseVerifier,
  verifierString,
  type NoteSigner,
  type NoteVerifier,
} from '../../../platform/tlog/index.ts';
import type { LogTrust } from '../../../platform/tlog/evidence.ts';
import { logOrigin, logSettings } from './settings.ts';

/** The log's signing key (Ed25519) under its origin, and the verifier string anyone checks checkpoints with. */
export interface LogKey {
  origin: string;
  signer: NoteSigner;
  verifier: NoteVerifier;
  /** `<origin>+<key id>+<base64(0x01 || public key)>` */
  verifierString: string;
}

/** Where the key is generated when OB_LOG_SIGNING_KEY is not given. */
export const LOG_KEY_FILE = 'ob-log-key.pem';

/**
 * The key: OB_LOG_SIGNING_KEY, else `$DATA_DIR/ob-log-key.pem`, generated on first use (mode 0600).
 * Instances that do not share a data directory must be given the same OB_LOG_SIGNING_KEY.
 */
export async function readLogKey(config: Config): Promise<LogKey> {
  const settings = config.settings.of(logSettings);
  const pem = settings.signingKey ?? (await generatedKeyPem(config.dataDir, LOG_KEY_FILE));
  let key;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`${join(config.dataDir, LOG_KEY_FILE)} is not an Ed25519 private key in PKCS#8 PEM`);
  }
  const origin = logOrigin(settings, config.publicUrl);
  const signer = noteSigner(origin, key);
  const vkey = verifierString(origin, signer.publicKey);
  return { origin, signer, verifier: parseVerifier(vkey), verifierString: vkey };
}

const keys = new WeakMap<Platform, Promise<LogKey>>();

/** The platform's log key, read once. */
export function logKey(platform: Platform): Promise<LogKey> {
  let key = keys.get(platform);
  if (!key) {
    key = readLogKey(platform.config);
    keys.set(platform, key);
    key.catch(() => keys.delete(platform));
  }
  return key;
}

/** What checks the log's evidence for an entry: the log's verifier key and the witnesses' cosignature keys. */
export async function logTrust(platform: Platform): Promise<LogTrust> {
  const { witnesses } = platform.config.settings.of(logSettings);
  return { log: (await logKey(platform)).verifierString, witnesses: witnesses.map((w) => w.verifier) };
}
