import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../config.ts';

/*
 * The IG's office registry signing key (Ed25519): what signs delivery receipts, loaded once per
 * platform. What a receipt says and how it is written is the registry module's (src/modules/registry).
 */

export interface RegistryKey {
  keyId: string;
  publicKeyPem: string;
  sign(data: Uint8Array): Buffer;
}

/** The generated key on the embedded database: `$DATA_DIR/registry-key.pem`. */
export const REGISTRY_KEY_FILE = 'registry-key.pem';

let lastKey: { pem: string; key: KeyObject | undefined } | undefined;
function publicKeyOf(pem: string): KeyObject | undefined {
  if (lastKey?.pem !== pem) {
    let key: KeyObject | undefined;
    try {
      key = createPublicKey(pem);
      if (key.asymmetricKeyType !== 'ed25519') key = undefined;
    } catch {
      key = undefined;
    }
    lastKey = { pem, key };
  }
  return lastKey.key;
}

/** keyId of a public key: the first 16 hex digits of the SHA-256 of its DER (SPKI). */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** True only when `signature` is an Ed25519 signature of `data` under the PEM public key. Never throws. */
export function verifyEd25519(publicKeyPem: string, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    const key = typeof publicKeyPem === 'string' ? publicKeyOf(publicKeyPem) : undefined;
    return !!key && signature.length === 64 && verify(null, data, key, signature);
  } catch {
    return false;
  }
}

function keyFromPrivate(privateKey: KeyObject): RegistryKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the registry signing key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (data) => sign(null, data, privateKey),
  };
}

/**
 * The registry key: REGISTRY_SIGNING_KEY, else (embedded database only) `$DATA_DIR/registry-key.pem`,
 * generated on first start with mode 0600. Every instance on a PostgreSQL server must share one key.
 */
export async function loadRegistryKey(config: Config): Promise<RegistryKey> {
  if (config.registrySigningKey) return keyFromPrivate(createPrivateKey(config.registrySigningKey));
  if (config.databaseUrl)
    throw new Error(
      'REGISTRY_SIGNING_KEY is required with DATABASE_URL: every instance must sign receipts with the same key',
    );
  const file = join(config.dataDir, REGISTRY_KEY_FILE);
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(config.dataDir, { recursive: true });
    const generated = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      await writeFile(file, generated, { mode: 0o600, flag: 'wx' });
      pem = generated;
    } catch (again) {
      // another process made it first: use theirs
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw again;
      pem = await readFile(file, 'utf8');
    }
  }
  try {
    return keyFromPrivate(createPrivateKey(pem));
  } catch {
    throw new Error(
      `${file} is not an Ed25519 private key in PKCS#8 PEM; restore it from a backup (receipts signed with it cannot be checked without it)`,
    );
  }
}

/** The public half of a PEM private or public key (for `sauti verify` reading the registry key file). */
export function publicKeyPemOf(pem: string): string {
  const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key.export({ type: 'spki', format: 'pem' }).toString();
}
