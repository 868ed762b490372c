import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdir, open, readFile } from 'node:fs/promises';
import { cosignatureSigner, cosignatureVerifierString } from '../platform/tlog/index.ts';
import type { WitnessIdentity } from './witness.ts';

export const KEY_FILE = 'witness-key.pem';
export const NAME_FILE = 'witness-name';

/** The key name cosignatures carry; a schema-less URL naming the witness is the custom. */
export function defaultWitnessName(): string {
  return `${hostname()}/sauti-witness`;
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes a file with its content synced; `wx` fails if it is already there. */
async function writeSynced(file: string, content: string, mode: number, flags: 'w' | 'wx'): Promise<void> {
  const handle = await open(file, flags, mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function identityOf(name: string, privateKey: KeyObject): WitnessIdentity {
  const signer = cosignatureSigner(name, privateKey);
  return {
    name,
    verifier: cosignatureVerifierString(name, signer.publicKey),
    cosign: (text, timestamp) => signer.cosign(text, timestamp),
  };
}

export class IdentityError extends Error {}

/**
 * The witness's own key and name, kept in its data directory. The name is fixed at the first start: it is part
 * of the key ID, so a different name would make every verifier configured with the old one ignore the witness.
 */
export async function loadIdentity(dataDir: string): Promise<WitnessIdentity | null> {
  const [pem, storedName] = await Promise.all([
    readIfPresent(join(dataDir, KEY_FILE)),
    readIfPresent(join(dataDir, NAME_FILE)),
  ]);
  if (pem === null) return null;
  if (storedName === null) throw new IdentityError(`${join(dataDir, NAME_FILE)} is missing beside the key.`);
  return identityOf(storedName.trim(), createPrivateKey(pem));
}

/** Loads the identity, or on the first start generates the key (0600) and records the name. */
export async function loadOrCreateIdentity(
  dataDir: string,
  requestedName: string | undefined,
): Promise<{ identity: WitnessIdentity; created: boolean }> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const existing = await loadIdentity(dataDir);
  if (existing) {
    if (requestedName !== undefined && requestedName !== existing.name) {
      throw new IdentityError(
        `This witness is named "${existing.name}" (in ${join(dataDir, NAME_FILE)}); it cannot start as "${requestedName}".`,
      );
    }
    return { identity: existing, created: false };
  }
  const name = requestedName ?? defaultWitnessName();
  const { privateKey } = generateKeyPairSync('ed25519');
  // checks the name before anything is written
  const identity = identityOf(name, privateKey);
  // a name left without a key (a first start that stopped half way) names nothing yet, and is replaced
  await writeSynced(join(dataDir, NAME_FILE), `${name}\n`, 0o644, 'w');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  await writeSynced(join(dataDir, KEY_FILE), pem, 0o600, 'wx');
  return { identity, created: true };
}
