import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DOCUMENT_PREFIX,
  kidOf,
  openDocument,
  rawPublicKey,
  type TrustList,
} from '../../platform/signed-docs/index.ts';
import { DOCUMENTS_KEY_FILE } from './keys.ts';

// `sauti verify` for a document's QR text: offline, against the published trust list (the JSON of
// /documents/keys, saved) or, on the machine that issues them, the documents key itself.

export const documentVerifyUsage = `  sauti verify <document.pdf | qr.txt | NPS1:...> [--keys <keys.json>]
                                   check a police abstract's or P3 form's QR text offline, against the keys
                                   published at /documents/keys (saved as a file); without --keys, the key in
                                   $DATA_DIR/${DOCUMENTS_KEY_FILE}. Exit 0 genuine, 1 not genuine, 2 bad usage`;

export const looksLikeDocument = (text: string): boolean => text.trimStart().startsWith(DOCUMENT_PREFIX);

/**
 * The seal a document's PDF carries in its Keywords (written uncompressed, in the document information
 * and its XMP metadata; Base45 needs no escaping in either).
 */
export function sealInPdf(bytes: Buffer): string | undefined {
  if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) return undefined;
  return /NPS1:[0-9A-Z $%*+\-./:]{20,1000}/.exec(bytes.toString('latin1'))?.[0];
}

function trustListFromJson(json: string): TrustList {
  const parsed = JSON.parse(json) as {
    keys: Array<{ kid: string; publicKey: string; from: string; until: string | null }>;
  };
  return parsed.keys.map((k) => ({
    kid: k.kid,
    publicKey: new Uint8Array(Buffer.from(k.publicKey, 'base64url')),
    from: Math.floor(Date.parse(k.from) / 1000),
    ...(k.until ? { until: Math.floor(Date.parse(k.until) / 1000) } : {}),
  }));
}

function trustListFromPem(pem: string): TrustList {
  const key = pem.includes('PRIVATE KEY') ? createPrivateKey(pem) : createPublicKey(pem);
  const publicKey = rawPublicKey(key);
  return [{ kid: kidOf(publicKey), publicKey, from: 0 }];
}

/** Checks the QR text and prints what it says; answers the exit code. */
export function verifyDocumentCommand(text: string, keysFile: string | undefined): number {
  let trust: TrustList;
  const file = keysFile ?? join(resolve(process.env.DATA_DIR || './data'), DOCUMENTS_KEY_FILE);
  try {
    const content = readFileSync(file, 'utf8');
    trust = content.trimStart().startsWith('{') ? trustListFromJson(content) : trustListFromPem(content);
  } catch {
    console.error(
      keysFile
        ? `${file} is not the documents' key list (save it from /documents/keys) nor an Ed25519 key in PEM.`
        : `No documents key in ${file}; give the published keys with --keys <keys.json> (saved from /documents/keys).`,
    );
    return 2;
  }
  const result = openDocument(text.trim(), trust);
  if (!result.genuine) {
    console.log(`NOT GENUINE: ${result.reason}`);
    return 1;
  }
  const c = result.claims;
  console.log(`GENUINE: ${c.kind} ${c.documentNumber}, signed by key ${result.kid}`);
  console.log(
    `OB ${c.obNumber} at station ${c.stationId}${c.leafIndex === null ? '' : `, leaf ${c.leafIndex} of the national log`}`,
  );
  console.log(`issued ${new Date(c.issuedAt * 1000).toISOString()}; event ${new Date(c.eventAt * 1000).toISOString()}`);
  return 0;
}
