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
import type { DocumentClaims } from '../../platform/signed-docs/document-payload.ts';
import type { LogTrust } from '../../platform/tlog/evidence.ts';
import { checkDocumentInLog, decodeEvidence, EVIDENCE_INFO_KEY } from './log-evidence.ts';
import { DOCUMENTS_KEY_FILE } from './keys.ts';

// `sauti verify` for a document's QR text: offline, against the published trust list (the JSON of
// /documents/keys, saved) or, on the machine that issues them, the documents key itself.

export const documentVerifyUsage = `  sauti verify <document.pdf | qr.txt | NPS1:...> [--keys <keys.json>]
                                   check a police abstract's, P3 form's or fine receipt's QR text offline, against
                                   the keys published at /documents/keys (saved as a file); without --keys, the key in
                                   $DATA_DIR/${DOCUMENTS_KEY_FILE}. From a PDF, also the national log's proof that
                                   its OB entry is in the log (with --keys). Exit 0 genuine, 1 not genuine, 2 bad usage`;

export const looksLikeDocument = (text: string): boolean => text.trimStart().startsWith(DOCUMENT_PREFIX);

/**
 * The seal a document's PDF carries in its Keywords (written uncompressed, in the document information
 * and its XMP metadata; Base45 needs no escaping in either).
 */
export function sealInPdf(bytes: Buffer): string | undefined {
  if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) return undefined;
  return /NPS1:[0-9A-Z $%*+\-./:]{20,1000}/.exec(bytes.toString('latin1'))?.[0];
}

/**
 * The national log's proof a document's PDF carries (base64url JSON), if any: an entry of its document
 * information, written as an indirect string object (`/SautiLogEvidence 21 0 R` … `21 0 obj (…) endobj`).
 */
export function evidenceInPdf(bytes: Buffer): string | undefined {
  const text = bytes.toString('latin1');
  const ref = new RegExp(`/${EVIDENCE_INFO_KEY} (?:\\((?<direct>[A-Za-z0-9_-]+)\\)|(?<object>\\d{1,9}) 0 R)`).exec(
    text,
  );
  if (ref?.groups?.direct) return ref.groups.direct;
  if (!ref?.groups?.object) return undefined;
  return new RegExp(`(?:^|\\s)${ref.groups.object} 0 obj\\s*\\(([A-Za-z0-9_-]{16,40000})\\)\\s*endobj`).exec(text)?.[1];
}

interface Trust {
  documents: TrustList;
  /** the national log's and its witnesses' keys, when the published key list was given */
  log: LogTrust | undefined;
}

function trustFromJson(json: string): Trust {
  const parsed = JSON.parse(json) as {
    keys: Array<{ kid: string; publicKey: string; from: string; until: string | null }>;
    log?: { key: string; witnesses: string[] };
  };
  const documents = parsed.keys.map((k) => ({
    kid: k.kid,
    publicKey: new Uint8Array(Buffer.from(k.publicKey, 'base64url')),
    from: Math.floor(Date.parse(k.from) / 1000),
    ...(k.until ? { until: Math.floor(Date.parse(k.until) / 1000) } : {}),
  }));
  const log = parsed.log && { log: parsed.log.key, witnesses: parsed.log.witnesses };
  return { documents, log };
}

function trustFromPem(pem: string): Trust {
  const key = pem.includes('PRIVATE KEY') ? createPrivateKey(pem) : createPublicKey(pem);
  const publicKey = rawPublicKey(key);
  return { documents: [{ kid: kidOf(publicKey), publicKey, from: 0 }], log: undefined };
}

function readTrust(keysFile: string | undefined): Trust | undefined {
  const file = keysFile ?? join(resolve(process.env.DATA_DIR || './data'), DOCUMENTS_KEY_FILE);
  try {
    const content = readFileSync(file, 'utf8');
    return content.trimStart().startsWith('{') ? trustFromJson(content) : trustFromPem(content);
  } catch {
    console.error(
      keysFile
        ? `${file} is not the documents' key list (save it from /documents/keys) nor an Ed25519 key in PEM.`
        : `No documents key in ${file}; give the published keys with --keys <keys.json> (saved from /documents/keys).`,
    );
    return undefined;
  }
}

/** What the log's evidence shows, as a line; false when it does not hold. */
async function logLine(claims: DocumentClaims, evidence: string | undefined, trust: Trust): Promise<string | false> {
  if (evidence === undefined)
    return 'national log: no proof in this file (the PDF carries one once a checkpoint holds the entry)';
  if (!trust.log) return 'national log: proof not checked (give --keys with the list saved from /documents/keys)';
  const result = await checkDocumentInLog(claims, decodeEvidence(evidence), trust.log);
  if (result.state === 'other-entry') return false;
  if (result.state === 'not-proven') return false;
  const witnesses = result.witnessed.map((w) => `${w.name} at ${new Date(w.at * 1000).toISOString()}`);
  return (
    `national log: the OB entry is leaf ${result.leafIndex} of a checkpoint of ${result.size} entries signed by the log; ` +
    (witnesses.length === 0 ? 'no trusted witness cosigned it' : `cosigned by ${witnesses.join(', ')}`)
  );
}

/**
 * Checks the QR text (and, from a PDF, the national log's proof it carries) and prints what it says;
 * answers the exit code.
 */
export async function verifyDocumentCommand(
  text: string,
  keysFile: string | undefined,
  evidence?: string,
): Promise<number> {
  const trust = readTrust(keysFile);
  if (!trust) return 2;
  const result = openDocument(text.trim(), trust.documents);
  if (!result.genuine) {
    console.log(`NOT GENUINE: ${result.reason}`);
    return 1;
  }
  const c = result.claims;
  if (c.amountCents !== undefined) {
    // a fine receipt: in no log; what was paid, for which notice, and when
    console.log(`GENUINE: ${c.kind} ${c.documentNumber}, signed by key ${result.kid}`);
    console.log(`traffic notice ${c.obNumber} at station ${c.stationId}: ${(c.amountCents / 100).toFixed(2)} paid`);
    console.log(
      `paid ${new Date(c.eventAt * 1000).toISOString()}; issued ${new Date(c.issuedAt * 1000).toISOString()}`,
    );
    return 0;
  }
  const log = await logLine(c, evidence, trust);
  if (log === false) {
    console.log(
      `NOT GENUINE: the QR code is signed, but the national log's proof in this file is not for its OB entry`,
    );
    return 1;
  }
  console.log(`GENUINE: ${c.kind} ${c.documentNumber}, signed by key ${result.kid}`);
  console.log(
    `OB ${c.obNumber} at station ${c.stationId}${c.leafIndex === null ? '' : `, leaf ${c.leafIndex} of the national log`}`,
  );
  console.log(`issued ${new Date(c.issuedAt * 1000).toISOString()}; event ${new Date(c.eventAt * 1000).toISOString()}`);
  console.log(log);
  return 0;
}
