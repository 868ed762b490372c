/**
 * Checks that a leaf is in a transparency log, from what a document can carry: the leaf, its RFC 9162
 * inclusion proof, and the checkpoint (a C2SP signed note with the witnesses' cosignatures) it is
 * against, with only the log's and the witnesses' verifier keys. WebCrypto only (Ed25519, SHA-256), so
 * the same code runs in a browser without a connection and on the command line.
 */
import { concatBytes, equalBytes } from '../signed-docs/bytes.ts';

/** What travels with a document: every field as text, as JSON or a PDF's metadata hold it. */
export interface LeafEvidence {
  leafIndex: number;
  treeSize: number;
  /** the leaf's bytes, base64 */
  leaf: string;
  /** the proof's hashes, base64, RFC 9162 order */
  proof: string[];
  /** the signed note, then the witnesses' cosignature lines */
  checkpoint: string;
}

/** The keys a verifier trusts: the log's (`<name>+<key id>+<base64>`, type 0x01) and the witnesses' (type 0x04). */
export interface LogTrust {
  log: string;
  witnesses: readonly string[];
}

export type EvidenceCheck =
  | {
      ok: true;
      leaf: Uint8Array;
      leafIndex: number;
      size: number;
      /** the witnesses whose cosignatures verify, and when each cosigned (seconds) */
      witnessed: Array<{ name: string; at: number }>;
    }
  /** malformed: not evidence at all; unsigned: the checkpoint is not the log's; not-included: the proof fails */
  | { ok: false; reason: 'malformed' | 'unsigned' | 'not-included' };

const ED25519 = 0x01;
const COSIGNATURE = 0x04;
const MAX_PROOF = 64;
const MAX_NOTE = 16_384;
const MAX_LEAF = 65_536;

class Malformed extends Error {}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle as SubtleCrypto | undefined;
  if (!s) throw new Error('WebCrypto is unavailable');
  return s;
}

function base64(text: unknown): Uint8Array {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Malformed();
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

const utf8 = (text: string) => new TextEncoder().encode(text);

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', concatBytes(...parts)));
}

interface VerifierKey {
  name: string;
  keyId: Uint8Array;
  key: CryptoKey;
}

/** A c2sp.org/signed-note verifier key of the given type, its key ID checked against its key. */
async function verifierKey(vkey: string, type: number): Promise<VerifierKey> {
  // the base64 key may itself hold "+"
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(vkey.trim());
  if (!match) throw new Malformed();
  const [, name = '', hexId, encoded] = match;
  const bytes = base64(encoded);
  if (bytes.length !== 33 || bytes[0] !== type) throw new Malformed();
  const keyId = (await sha256(utf8(`${name}\n`), bytes)).subarray(0, 4);
  if (hexId !== Array.from(keyId, (b) => b.toString(16).padStart(2, '0')).join('')) throw new Malformed();
  const key = await subtle().importKey('raw', bytes.slice(1), { name: 'Ed25519' }, false, ['verify']);
  return { name, keyId, key };
}

interface SignatureLine {
  name: string;
  keyId: Uint8Array;
  signature: Uint8Array;
}

/** The note's text (ending in a newline) and its signature lines. */
function splitNote(note: string): { text: string; lines: SignatureLine[] } {
  const blank = note.lastIndexOf('\n\n');
  if (note.length > MAX_NOTE || blank < 0 || !note.endsWith('\n')) throw new Malformed();
  const lines = note
    .slice(blank + 2, -1)
    .split('\n')
    .map((line) => {
      const match = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!match) throw new Malformed();
      const bytes = base64(match[2]);
      if (bytes.length < 5) throw new Malformed();
      return { name: match[1]!, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
    });
  return { text: note.slice(0, blank + 1), lines };
}

const signs = (line: SignatureLine, key: VerifierKey) => line.name === key.name && equalBytes(line.keyId, key.keyId);

async function verified(key: VerifierKey, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  if (signature.length !== 64) return false;
  return subtle().verify('Ed25519', key.key, signature.slice(), message.slice());
}

/** A witness's cosignature: an 8-byte big-endian timestamp, then Ed25519 over `cosignature/v1`, the time and the text. */
async function cosignedAt(line: SignatureLine, key: VerifierKey, text: string): Promise<number | undefined> {
  if (line.signature.length !== 72) return undefined;
  const at = Number(new DataView(line.signature.buffer, line.signature.byteOffset, 8).getBigUint64(0));
  const message = utf8(`cosignature/v1\ntime ${at}\n${text}`);
  return (await verified(key, line.signature.subarray(8), message)) ? at : undefined;
}

/** RFC 9162 §2.1.3.2, with SHA-256 leaf and node hashes as RFC 6962 defines them. */
async function included(leaf: Uint8Array, index: number, size: number, proof: Uint8Array[], root: Uint8Array) {
  if (index >= size || proof.length > MAX_PROOF || proof.some((p) => p.length !== 32)) return false;
  let fn = index;
  let sn = size - 1;
  let r = await sha256(Uint8Array.of(0), leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(Uint8Array.of(1), p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = await sha256(Uint8Array.of(1), r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(r, root);
}

function readCheckpoint(text: string): { origin: string; size: number; root: Uint8Array } {
  const [origin = '', size = '', root = ''] = text.split('\n');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(size)) throw new Malformed();
  const bytes = base64(root);
  if (bytes.length !== 32) throw new Malformed();
  return { origin, size: Number(size), root: bytes };
}

function isEvidence(value: unknown): value is LeafEvidence {
  const e = value as LeafEvidence | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    Number.isSafeInteger(e.leafIndex) &&
    Number.isSafeInteger(e.treeSize) &&
    e.leafIndex >= 0 &&
    typeof e.leaf === 'string' &&
    e.leaf.length <= (MAX_LEAF * 4) / 3 + 4 &&
    Array.isArray(e.proof) &&
    e.proof.length <= MAX_PROOF &&
    typeof e.checkpoint === 'string'
  );
}

async function check(evidence: LeafEvidence, trust: LogTrust): Promise<EvidenceCheck> {
  const log = await verifierKey(trust.log, ED25519);
  const { text, lines } = splitNote(evidence.checkpoint);
  const checkpoint = readCheckpoint(text);
  const logLine = lines.find((line) => signs(line, log));
  if (checkpoint.origin !== log.name || !logLine || !(await verified(log, logLine.signature, utf8(text))))
    return { ok: false, reason: 'unsigned' };
  const leaf = base64(evidence.leaf);
  const proof = evidence.proof.map(base64);
  if (
    checkpoint.size !== evidence.treeSize ||
    !(await included(leaf, evidence.leafIndex, checkpoint.size, proof, checkpoint.root))
  )
    return { ok: false, reason: 'not-included' };
  const witnessed: Array<{ name: string; at: number }> = [];
  for (const vkey of trust.witnesses) {
    const witness = await verifierKey(vkey, COSIGNATURE).catch(() => undefined);
    const line = witness && lines.find((l) => signs(l, witness));
    const at = line && (await cosignedAt(line, witness, text));
    if (at !== undefined) witnessed.push({ name: witness!.name, at });
  }
  return { ok: true, leaf, leafIndex: evidence.leafIndex, size: checkpoint.size, witnessed };
}

/**
 * Whether the evidence shows its leaf in a checkpoint the log signed, and which trusted witnesses
 * cosigned that checkpoint. A witness key that cannot be read is passed over; a log key that cannot be
 * read, or evidence of the wrong shape, answers `malformed`.
 */
export async function checkLeafEvidence(evidence: unknown, trust: LogTrust): Promise<EvidenceCheck> {
  if (!isEvidence(evidence)) return { ok: false, reason: 'malformed' };
  try {
    return await check(evidence, trust);
  } catch (error) {
    if (error instanceof Malformed || (error as Error).name === 'DataError') return { ok: false, reason: 'malformed' };
    throw error;
  }
}
