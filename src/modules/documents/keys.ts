import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import { generatedKeyPem } from '../../platform/crypto/signing-key.ts';
import type { Platform } from '../../platform/module.ts';
import {
  ed25519Signer,
  kidOf,
  rawPublicKey,
  type DocumentSigner,
  type TrustList,
} from '../../platform/signed-docs/index.ts';
import { documentSettings } from './settings.ts';
import { listKey, listedKeys } from './store.ts';

/** Where the key is generated when DOCUMENTS_SIGNING_KEY is not given. */
export const DOCUMENTS_KEY_FILE = 'documents-key.pem';

export interface DocumentsKey {
  signer: DocumentSigner;
  kid: string;
}

const keys = new WeakMap<Platform, Promise<DocumentsKey>>();

async function loadKey(platform: Platform): Promise<DocumentsKey> {
  const { config } = platform;
  const pem =
    config.settings.of(documentSettings).signingKey ?? (await generatedKeyPem(config.dataDir, DOCUMENTS_KEY_FILE));
  let privateKey;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error(`${join(config.dataDir, DOCUMENTS_KEY_FILE)} is not an Ed25519 private key in PKCS#8 PEM`);
  }
  const publicKey = rawPublicKey(privateKey);
  const kid = kidOf(publicKey);
  // listed (and the key before it retired) before anything is signed with it
  await listKey(platform.db.pool, kid, Buffer.from(publicKey), platform.clock.now());
  return { signer: ed25519Signer(privateKey), kid };
}

/** The key documents are signed with now: DOCUMENTS_SIGNING_KEY, else `$DATA_DIR/documents-key.pem`. */
export function documentsKey(platform: Platform): Promise<DocumentsKey> {
  let key = keys.get(platform);
  if (!key) {
    key = loadKey(platform);
    key.catch(() => keys.delete(platform));
    keys.set(platform, key);
  }
  return key;
}

/** Every key documents were ever signed with, and when: what verifiers trust (published at /documents/keys). */
export async function trustList(platform: Platform): Promise<TrustList> {
  await documentsKey(platform);
  return (await listedKeys(platform.db.pool)).map((k) => ({
    kid: k.kid,
    publicKey: new Uint8Array(k.public_key),
    from: Math.floor(k.valid_from.getTime() / 1000),
    ...(k.valid_until ? { until: Math.floor(k.valid_until.getTime() / 1000) } : {}),
  }));
}
