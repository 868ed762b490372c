import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import {
  NoteError,
  keyIdOf,
  noteSigner,
  openNote,
  parseVerifier,
  signNote,
  splitNote,
  verifierString,
} from './index.ts';

// The example key and note of Go's golang.org/x/mod/sumdb/note documentation and tests.
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIGNATURE =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';

function ed25519FromSeed(seed: Buffer) {
  const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  return createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
}

const newKey = () => generateKeyPairSync('ed25519').privateKey;

test('signing reproduces the reference note byte for byte, and its verifier key', () => {
  const signer = noteSigner('PeterNeumann', ed25519FromSeed(GO_SEED));
  assert.equal(signer.keyId.toString('hex'), 'c74f20a3');
  assert.equal(verifierString('PeterNeumann', signer.publicKey), GO_VKEY);
  assert.equal(verifierString('PeterNeumann', ed25519FromSeed(GO_SEED)), GO_VKEY);
  assert.equal(signNote(GO_TEXT, signer), `${GO_TEXT}\n${GO_SIGNATURE}\n`);
});

test('the reference note opens with the reference verifier key, and not once altered', () => {
  const note = `${GO_TEXT}\n${GO_SIGNATURE}\n`;
  const opened = openNote(note, [parseVerifier(GO_VKEY)]);
  assert.deepEqual(opened, { text: GO_TEXT, verifiedBy: ['PeterNeumann'], signatureLines: [GO_SIGNATURE] });
  assert.throws(() => openNote(note.replace('cryptography', 'cryptographY'), [parseVerifier(GO_VKEY)]), NoteError);
});

test('key IDs follow SHA-256(name || 0x0A || type || key)[:4]', () => {
  const { publicKey } = noteSigner('PeterNeumann', ed25519FromSeed(GO_SEED));
  assert.equal(keyIdOf('PeterNeumann', 0x01, publicKey).toString('hex'), 'c74f20a3');
  assert.notEqual(keyIdOf('PeterNeumann', 0x04, publicKey).toString('hex'), 'c74f20a3');
});

test('a note signed by several keys round-trips; signatures from unknown keys are ignored', () => {
  const log = noteSigner('ob.police.example/kenya', newKey());
  const other = noteSigner('witness.example/w1', newKey());
  const note = signNote('hello\nworld\n', log, other);
  const logVerifier = parseVerifier(verifierString(log.name, log.publicKey));
  const opened = openNote(note, [logVerifier]);
  assert.equal(opened.text, 'hello\nworld\n');
  assert.deepEqual(opened.verifiedBy, ['ob.police.example/kenya']);
  assert.equal(opened.signatureLines.length, 2);
  assert.deepEqual(splitNote(note), { text: 'hello\nworld\n', signatureLines: opened.signatureLines });
});

test('a note no known key signed is refused, even under a known name with another key', () => {
  const log = noteSigner('ob.police.example/kenya', newKey());
  const impostor = noteSigner('ob.police.example/kenya', newKey());
  const note = signNote('text\n', impostor);
  const verifier = parseVerifier(verifierString(log.name, log.publicKey));
  assert.throws(() => openNote(note, [verifier]), /no signature from a known key/);
  assert.throws(() => openNote(note, []), NoteError);
});

test('a known key whose signature fails rejects the note even when another known key verifies', () => {
  const a = noteSigner('a.example/log', newKey());
  const b = noteSigner('b.example/log', newKey());
  const good = signNote('text\n', a, b);
  const lines = good.split('\n');
  // swap in b's signature bytes for a different text, keeping its name and key ID
  const forgedB = signNote('other\n', b).split('\n')[2]!;
  const forged = [lines[0], lines[1], lines[2], forgedB, ''].join('\n');
  const verifiers = [a, b].map((s) => parseVerifier(verifierString(s.name, s.publicKey)));
  assert.doesNotThrow(() => openNote(good, verifiers));
  assert.throws(() => openNote(forged, verifiers), /does not verify/);
});

test('text with empty lines keeps them: the last blank line separates the signatures', () => {
  const s = noteSigner('n.example', newKey());
  const note = signNote('a\n\nb\n', s);
  assert.equal(openNote(note, [parseVerifier(verifierString(s.name, s.publicKey))]).text, 'a\n\nb\n');
});

test('malformed notes are refused with NoteError', () => {
  const s = noteSigner('n.example', newKey());
  const note = signNote('text\n', s);
  const line = note.split('\n')[2]!;
  const malformed = [
    'text\n',
    'text\n\n',
    `text\n\n${line}`,
    `text\n\n${line}\n\n`,
    `text\n\n- n.example ${line.split(' ')[2]}\n`,
    `text\n\n— n.example\n`,
    `text\n\n— n.example AAAA\n`,
    `text\n\n— n.example not*base64\n`,
    `text\n\n— n+example ${line.split(' ')[2]}\n`,
    `te\txt\n\n${line}\n`,
    `text\r\n\n${line}\n`,
    `te\ud800xt\n\n${line}\n`,
    `text\n\n${`${line}\n`.repeat(101)}`,
  ];
  const verifier = parseVerifier(verifierString(s.name, s.publicKey));
  for (const bad of malformed) assert.throws(() => openNote(bad, [verifier]), NoteError, JSON.stringify(bad));
  assert.throws(() => signNote('no newline', s), NoteError);
  assert.throws(() => signNote('text\n'), NoteError);
  assert.throws(() => signNote('tab\there\n', s), NoteError);
});

test('malformed verifier keys are refused with a clear error', () => {
  const bad = [
    '',
    'PeterNeumann',
    'PeterNeumann+c74f20a3',
    'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    'PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T',
    'PeterNeumann+c74f20a3+AhpjZGVm',
    'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    '+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW+',
  ];
  for (const vkey of bad) assert.throws(() => parseVerifier(vkey), Error, vkey);
  assert.throws(() => parseVerifier('PeterNeumann+c74f20a3+BBpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), /type/);
  assert.equal(parseVerifier(GO_VKEY.replace('c74f20a3', 'C74F20A3')).name, 'PeterNeumann');
});

test('signers refuse invalid names and keys that are not Ed25519 private keys', () => {
  assert.throws(() => noteSigner('has space', newKey()));
  assert.throws(() => noteSigner('has+plus', newKey()));
  assert.throws(() => noteSigner('', newKey()));
  assert.throws(() => noteSigner('n.example', generateKeyPairSync('ed25519').publicKey));
  assert.throws(() => noteSigner('n.example', generateKeyPairSync('x25519').privateKey));
});
