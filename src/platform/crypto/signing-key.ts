import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Sauti's Ed25519 signing keys (the national log's, documents'): given as a setting, which every
// instance on a shared PostgreSQL must share, or on the embedded database generated once into DATA_DIR.

export const KEY_HELP =
  'an Ed25519 private key in PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----", line breaks may be written as \\n) or that PEM in base64; make one with: openssl genpkey -algorithm ed25519';

/**
 * The PEM a key setting holds (the PEM itself, or in base64), checked to be an Ed25519 private key;
 * undefined when not set. Required with DATABASE_URL: instances each generating their own would sign
 * one record with several keys.
 */
export function ed25519KeySetting(
  name: string,
  raw: string | undefined,
  databaseUrl: string | undefined,
  why: string,
  problems: string[],
): string | undefined {
  if (!raw?.trim()) {
    if (databaseUrl?.trim()) problems.push(`${name} is required with DATABASE_URL (${why}): ${KEY_HELP}`);
    return undefined;
  }
  let pem = raw.trim().replace(/\\n/g, '\n');
  if (!pem.startsWith('-----BEGIN')) pem = Buffer.from(pem.replace(/\s/g, ''), 'base64').toString('utf8').trim();
  try {
    if (createPrivateKey(pem).asymmetricKeyType === 'ed25519') return `${pem}\n`;
  } catch {
    // named below
  }
  problems.push(`${name} must be ${KEY_HELP}`);
  return undefined;
}

/** `$dataDir/<file>`, generated on first use (mode 0600); when two processes race, both use the first one written. */
export async function generatedKeyPem(dataDir: string, file: string): Promise<string> {
  const path = join(dataDir, file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const generated = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    await writeFile(path, generated, { mode: 0o600, flag: 'wx' });
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFile(path, 'utf8');
  }
}
