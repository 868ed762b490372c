import { sign as ed25519Sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  SIGNATURE_TYPE_COSIGNATURE,
  ed25519PrivateKeyObject,
  ed25519PublicKeyObject,
  ed25519Verify,
  formatVerifierKey,
  isValidKeyName,
  keyIdOf,
  parseVerifierKey,
  rawEd25519PublicKey,
} from './keys.ts';
import { NoteError, parseSignatureLine } from './note.ts';
import type { NoteVerifier } from './note.ts';

/** c2sp.org/tlog-cosignature, Ed25519 (signature type 0x04). */
export interface CosignatureSigner {
  name: string;
  keyId: Buffer;
  publicKey: Buffer;
  /** The signature line `— <name> <base64(key ID || timestamp || signature)>` (no newline). */
  cosign(checkpointText: string, timestampSeconds: number): string;
}

/**
 * Verifies cosignatures of one witness key. It is also a NoteVerifier, so a checkpoint note carrying the
 * witness's line opens with it (the timestamp travels inside the signature bytes).
 */
export interface CosignatureVerifier extends NoteVerifier {
  publicKey: Buffer;
}

const TIMESTAMP_SIZE = 8;
const ED25519_SIGNATURE_SIZE = 64;

/** The signed message: `cosignature/v1`, `time <seconds>`, then the whole checkpoint note text. */
export function cosignatureMessage(checkpointText: string | Buffer, timestampSeconds: number): Buffer {
  const header = Buffer.from(`cosignature/v1\ntime ${timestampSeconds}\n`, 'utf8');
  return Buffer.concat([
    header,
    typeof checkpointText === 'string' ? Buffer.from(checkpointText, 'utf8') : checkpointText,
  ]);
}

function checkTimestamp(t: number): void {
  if (!Number.isSafeInteger(t) || t < 0) throw new Error('a cosignature timestamp is a non-negative whole second');
}

export function cosignatureSigner(name: string, privateKey: KeyObject): CosignatureSigner {
  if (!isValidKeyName(name)) throw new Error(`invalid key name ${JSON.stringify(name)}`);
  const key = ed25519PrivateKeyObject(privateKey);
  const publicKey = rawEd25519PublicKey(key);
  const keyId = keyIdOf(name, SIGNATURE_TYPE_COSIGNATURE, publicKey);
  return {
    name,
    keyId,
    publicKey,
    cosign(checkpointText, timestampSeconds) {
      if (!checkpointText.endsWith('\n')) throw new Error('a checkpoint text ends in a newline');
      checkTimestamp(timestampSeconds);
      const timestamp = Buffer.alloc(TIMESTAMP_SIZE);
      timestamp.writeBigUInt64BE(BigInt(timestampSeconds));
      const signature = ed25519Sign(null, cosignatureMessage(checkpointText, timestampSeconds), key);
      return `\u2014 ${name} ${Buffer.concat([keyId, timestamp, signature]).toString('base64')}`;
    },
  };
}

/** `<name>+<hex key ID>+<base64(0x04 || public key)>`, the verifier key of a witness. */
export function cosignatureVerifierString(name: string, publicKey: Buffer | KeyObject): string {
  return formatVerifierKey(name, SIGNATURE_TYPE_COSIGNATURE, rawEd25519PublicKey(publicKey));
}

/** Splits timestamp || signature; undefined when the bytes are not that shape or the time is beyond 2^53. */
function splitTimestamped(bytes: Buffer): { timestamp: number; signature: Buffer } | undefined {
  if (bytes.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) return undefined;
  const timestamp = bytes.readBigUInt64BE(0);
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { timestamp: Number(timestamp), signature: bytes.subarray(TIMESTAMP_SIZE) };
}

/** A verifier for a type 0x04 verifier key string; throws an Error on a malformed one. */
export function cosignatureVerifier(vkey: string): CosignatureVerifier {
  const { name, keyId, publicKey } = parseVerifierKey(vkey, SIGNATURE_TYPE_COSIGNATURE);
  const key = ed25519PublicKeyObject(publicKey);
  return {
    name,
    keyId,
    publicKey,
    verify(message, signature) {
      const parts = splitTimestamped(signature);
      if (parts === undefined) return false;
      const signed = cosignatureMessage(message, parts.timestamp);
      return ed25519Verify(key, signed, parts.signature);
    },
  };
}

/** Checks one witness's cosignature line on a checkpoint text; `ok` is false for any other key or a bad line. */
export function verifyCosignatureLine(
  line: string,
  checkpointText: string,
  verifier: CosignatureVerifier,
): { ok: boolean; timestamp?: number } {
  let parsed;
  try {
    parsed = parseSignatureLine(line);
  } catch (err) {
    if (err instanceof NoteError) return { ok: false };
    throw err;
  }
  if (parsed.name !== verifier.name || !parsed.keyId.equals(verifier.keyId)) return { ok: false };
  const parts = splitTimestamped(parsed.signature);
  if (parts === undefined) return { ok: false };
  const ok = verifier.verify(Buffer.from(checkpointText, 'utf8'), parsed.signature);
  return ok ? { ok, timestamp: parts.timestamp } : { ok: false };
}
