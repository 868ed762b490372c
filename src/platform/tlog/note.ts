import { sign as ed25519Sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  SIGNATURE_TYPE_ED25519,
  decodeBase64Strict,
  ed25519PrivateKeyObject,
  ed25519PublicKeyObject,
  ed25519Verify,
  formatVerifierKey,
  hasLoneSurrogate,
  isValidKeyName,
  keyIdOf,
  parseVerifierKey,
  rawEd25519PublicKey,
} from './keys.ts';

export { keyIdOf } from './keys.ts';

/** A malformed note, or one no trusted key vouches for. */
export class NoteError extends Error {
  override name = 'NoteError';
}

export interface NoteSigner {
  name: string;
  /** 4 bytes */
  keyId: Buffer;
  /** 32 bytes */
  publicKey: Buffer;
  /** The raw signature over the note text. */
  sign(message: Buffer): Buffer;
}

export interface NoteVerifier {
  name: string;
  keyId: Buffer;
  /** `signature` is what follows the key ID in a signature line. */
  verify(message: Buffer, signature: Buffer): boolean;
}

export interface SignatureLine {
  /** The line without its newline. */
  line: string;
  name: string;
  keyId: Buffer;
  /** The bytes after the key ID. */
  signature: Buffer;
}

// c2sp.org/signed-note asks verifiers to accept at least 16; a cap keeps a hostile note cheap to refuse.
const MAX_SIGNATURES = 100;
const SIGNATURE_PREFIX = '\u2014 ';

/** An Ed25519 (type 0x01) note signer. */
export function noteSigner(name: string, privateKey: KeyObject): NoteSigner {
  if (!isValidKeyName(name)) throw new Error(`invalid key name ${JSON.stringify(name)}`);
  const key = ed25519PrivateKeyObject(privateKey);
  const publicKey = rawEd25519PublicKey(key);
  return {
    name,
    keyId: keyIdOf(name, SIGNATURE_TYPE_ED25519, publicKey),
    publicKey,
    sign: (message) => ed25519Sign(null, message, key),
  };
}

/** `<name>+<hex key ID>+<base64(0x01 || public key)>` */
export function verifierString(name: string, publicKey: Buffer | KeyObject): string {
  return formatVerifierKey(name, SIGNATURE_TYPE_ED25519, rawEd25519PublicKey(publicKey));
}

/** A verifier for an Ed25519 (type 0x01) verifier key string; throws an Error on a malformed one. */
export function parseVerifier(vkey: string): NoteVerifier {
  const { name, keyId, publicKey } = parseVerifierKey(vkey, SIGNATURE_TYPE_ED25519);
  const key = ed25519PublicKeyObject(publicKey);
  return { name, keyId, verify: (message, signature) => ed25519Verify(key, message, signature) };
}

function checkNoteCharacters(s: string, what: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(s)) throw new NoteError(`${what} holds a control character`);
  if (hasLoneSurrogate(s)) throw new NoteError(`${what} is not valid UTF-8`);
}

/** Signs `text` (which ends in a newline) and returns the note: text, blank line, one signature line per signer. */
export function signNote(text: string, ...signers: NoteSigner[]): string {
  if (!text.endsWith('\n')) throw new NoteError('note text must end in a newline');
  checkNoteCharacters(text, 'note text');
  if (signers.length === 0) throw new NoteError('a note needs at least one signature');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) throw new NoteError(`invalid key name ${JSON.stringify(signer.name)}`);
    const payload = Buffer.concat([signer.keyId, signer.sign(message)]);
    return `${SIGNATURE_PREFIX}${signer.name} ${payload.toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/** Parses one signature line (with or without its newline); throws NoteError if malformed. */
export function parseSignatureLine(line: string): SignatureLine {
  const bare = line.endsWith('\n') ? line.slice(0, -1) : line;
  if (!bare.startsWith(SIGNATURE_PREFIX)) throw new NoteError('a signature line starts with an em dash and a space');
  const rest = bare.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw new NoteError('a signature line is "— <key name> <base64 signature>"');
  const name = rest.slice(0, space);
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name in signature line: ${JSON.stringify(name)}`);
  const payload = decodeBase64Strict(rest.slice(space + 1));
  if (payload === undefined) throw new NoteError('the signature in a signature line is not valid base64');
  if (payload.length < 5) throw new NoteError('a signature holds a 4-byte key ID and at least one byte');
  return {
    line: bare,
    name,
    keyId: Buffer.from(payload.subarray(0, 4)),
    signature: Buffer.from(payload.subarray(4)),
  };
}

function splitParsed(note: string): { text: string; signatures: SignatureLine[] } {
  if (typeof note !== 'string') throw new NoteError('a note is text');
  checkNoteCharacters(note, 'the note');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('a note is text, a blank line, then signature lines');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw new NoteError('a note ends in newline-terminated signatures');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError(`a note may carry at most ${MAX_SIGNATURES} signatures`);
  return { text, signatures: lines.map(parseSignatureLine) };
}

/** The note's text and its signature lines (without newlines), checked for form but not verified. */
export function splitNote(note: string): { text: string; signatureLines: string[] } {
  const { text, signatures } = splitParsed(note);
  return { text, signatureLines: signatures.map((s) => s.line) };
}

/**
 * Verifies a note against known keys. Signatures from unknown keys (name and key ID not both matching) are
 * ignored; a known key whose signature fails rejects the note, and so does a note no known key has signed.
 */
export function openNote(
  note: string,
  verifiers: readonly NoteVerifier[],
): { text: string; verifiedBy: string[]; signatureLines: string[] } {
  const { text, signatures } = splitParsed(note);
  const message = Buffer.from(text, 'utf8');
  const verifiedBy: string[] = [];
  for (const sig of signatures) {
    const verifier = verifiers.find((v) => v.name === sig.name && v.keyId.equals(sig.keyId));
    if (verifier === undefined) continue;
    if (!verifier.verify(message, sig.signature)) {
      throw new NoteError(`the signature of known key ${sig.name} does not verify`);
    }
    if (!verifiedBy.includes(sig.name)) verifiedBy.push(sig.name);
  }
  if (verifiedBy.length === 0) throw new NoteError('the note carries no signature from a known key');
  return { text, verifiedBy, signatureLines: signatures.map((s) => s.line) };
}
