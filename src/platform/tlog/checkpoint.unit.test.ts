import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import {
  AddCheckpointError,
  CheckpointError,
  cosignatureSigner,
  cosignatureVerifier,
  cosignatureVerifierString,
  formatAddCheckpoint,
  formatCheckpoint,
  noteSigner,
  openNote,
  parseAddCheckpoint,
  parseCheckpoint,
  parseVerifier,
  signNote,
  verifierString,
  verifyCosignatureLine,
} from './index.ts';
import { ROOTS } from './test-vectors.ts';

const root5 = Buffer.from(ROOTS[5]!, 'hex');
const newKey = () => generateKeyPairSync('ed25519').privateKey;

test('a checkpoint is origin, decimal size and base64 root, one per line', () => {
  const text = formatCheckpoint({ origin: 'ob.police.example/kenya', size: 5, root: root5 });
  assert.equal(text, `ob.police.example/kenya\n5\n${root5.toString('base64')}\n`);
  assert.deepEqual(parseCheckpoint(text), { origin: 'ob.police.example/kenya', size: 5, root: root5 });
  const extended = formatCheckpoint({ origin: 'o', size: 0, root: root5, extensions: ['x y'] });
  assert.deepEqual(parseCheckpoint(extended), { origin: 'o', size: 0, root: root5, extensions: ['x y'] });
});

test('checkpoint texts that are not canonical are refused', () => {
  const b64 = root5.toString('base64');
  const bad = [
    `o\n5\n${b64}`,
    `o\n5\n`,
    `\n5\n${b64}\n`,
    `o\n05\n${b64}\n`,
    `o\n-5\n${b64}\n`,
    `o\n+5\n${b64}\n`,
    `o\n5.0\n${b64}\n`,
    `o\n 5\n${b64}\n`,
    `o\n9007199254740993\n${b64}\n`,
    `o\n5\n${b64.slice(0, -1)}\n`,
    `o\n5\n${root5.subarray(1).toString('base64')}\n`,
    `o\n5\n${root5.toString('base64url')}\n`,
    `o\n5\n${b64}\n\n`,
    `o\n5\n${b64}\n\n— o AAAA\n`,
  ];
  for (const text of bad) assert.throws(() => parseCheckpoint(text), CheckpointError, JSON.stringify(text));
  assert.throws(() => formatCheckpoint({ origin: '', size: 1, root: root5 }), CheckpointError);
  assert.throws(() => formatCheckpoint({ origin: 'a\nb', size: 1, root: root5 }), CheckpointError);
  assert.throws(() => formatCheckpoint({ origin: 'o', size: -1, root: root5 }), CheckpointError);
  assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, root: root5.subarray(2) }), CheckpointError);
  assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, root: root5, extensions: [''] }), CheckpointError);
});

test('a witness cosignature signs cosignature/v1, the time and the whole checkpoint text', () => {
  const key = generateKeyPairSync('ed25519');
  const witness = cosignatureSigner('witness.example/w1', key.privateKey);
  const text = formatCheckpoint({ origin: 'ob.police.example/kenya', size: 5, root: root5 });
  const line = witness.cosign(text, 1679315147);
  assert.match(line, /^— witness\.example\/w1 [A-Za-z0-9+/]+=*$/);
  const bytes = Buffer.from(line.split(' ')[2]!, 'base64');
  assert.equal(bytes.length, 4 + 8 + 64);
  assert.deepEqual(bytes.subarray(0, 4), witness.keyId);
  assert.equal(bytes.readBigUInt64BE(4), 1679315147n);
  const message = Buffer.from(`cosignature/v1\ntime 1679315147\n${text}`);
  assert.ok(verify(null, message, key.publicKey, bytes.subarray(12)));
});

test('cosignatures round-trip through the witness verifier key, and fail for anything else', () => {
  const witness = cosignatureSigner('witness.example/w1', newKey());
  const vkey = cosignatureVerifierString(witness.name, witness.publicKey);
  assert.match(vkey, /^witness\.example\/w1\+[0-9a-f]{8}\+B[A-P]/); // base64 of 0x04 || key
  const verifier = cosignatureVerifier(vkey);
  const text = formatCheckpoint({ origin: 'ob.police.example/kenya', size: 5, root: root5 });
  const line = witness.cosign(text, 1700000000);
  assert.deepEqual(verifyCosignatureLine(line, text, verifier), { ok: true, timestamp: 1700000000 });
  assert.deepEqual(verifyCosignatureLine(`${line}\n`, text, verifier), { ok: true, timestamp: 1700000000 });
  const other = formatCheckpoint({ origin: 'ob.police.example/kenya', size: 6, root: root5 });
  assert.deepEqual(verifyCosignatureLine(line, other, verifier), { ok: false });
  const stranger = cosignatureVerifier(
    cosignatureVerifierString(witness.name, cosignatureSigner('x', newKey()).publicKey),
  );
  assert.deepEqual(verifyCosignatureLine(line, text, stranger), { ok: false });
  assert.deepEqual(verifyCosignatureLine('— garbage', text, verifier), { ok: false });
  // the time is signed: changing it breaks the signature
  const bytes = Buffer.from(line.split(' ')[2]!, 'base64');
  bytes.writeBigUInt64BE(1700000001n, 4);
  assert.equal(verifyCosignatureLine(`— witness.example/w1 ${bytes.toString('base64')}`, text, verifier).ok, false);
  // a note verifier key (type 0x01) is not a cosignature verifier key
  assert.throws(() => cosignatureVerifier(verifierString(witness.name, witness.publicKey)), /type/);
  assert.throws(() => witness.cosign(text, -1));
  assert.throws(() => witness.cosign(text, 1.5));
});

test('a cosigned checkpoint opens with the log key and with the witness key', () => {
  const log = noteSigner('ob.police.example/kenya', newKey());
  const witness = cosignatureSigner('witness.example/w1', newKey());
  const text = formatCheckpoint({ origin: log.name, size: 5, root: root5 });
  const note = `${signNote(text, log)}${witness.cosign(text, 1700000000)}\n`;
  const logVerifier = parseVerifier(verifierString(log.name, log.publicKey));
  const witnessVerifier = cosignatureVerifier(cosignatureVerifierString(witness.name, witness.publicKey));
  assert.deepEqual(openNote(note, [logVerifier, witnessVerifier]).verifiedBy, [log.name, witness.name]);
  assert.deepEqual(openNote(note, [witnessVerifier]).verifiedBy, [witness.name]);
});

test('the add-checkpoint body round-trips, as in the tlog-witness example layout', () => {
  const log = noteSigner('ob.police.example/kenya', newKey());
  const note = signNote(formatCheckpoint({ origin: log.name, size: 8, root: root5 }), log);
  const proof = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
  const body = formatAddCheckpoint({ oldSize: 5, proof, checkpointNote: note });
  assert.equal(body, `old 5\n${proof[0]!.toString('base64')}\n${proof[1]!.toString('base64')}\n\n${note}`);
  assert.deepEqual(parseAddCheckpoint(body), { oldSize: 5, proof, checkpointNote: note });
  assert.deepEqual(parseAddCheckpoint(`old 0\n\n${note}`), { oldSize: 0, proof: [], checkpointNote: note });
});

test('malformed add-checkpoint bodies are refused', () => {
  const h = Buffer.alloc(32, 7).toString('base64');
  const note = 'o\n1\nxx\n\n— o AAAAAA==\n';
  const bad = [
    '',
    `old 5`,
    `old 05\n\n${note}`,
    `old -1\n\n${note}`,
    `Old 5\n\n${note}`,
    `old  5\n\n${note}`,
    `old 5\n${h}\n`,
    `old 5\n${h}\n\n`,
    `old 5\n${h.slice(0, -1)}\n\n${note}`,
    `old 5\n${Buffer.alloc(31).toString('base64')}\n\n${note}`,
    `old 5\n${`${h}\n`.repeat(64)}\n${note}`,
  ];
  for (const body of bad) assert.throws(() => parseAddCheckpoint(body), AddCheckpointError, JSON.stringify(body));
  assert.equal(parseAddCheckpoint(`old 5\n${`${h}\n`.repeat(63)}\n${note}`).proof.length, 63);
  const tooLong = Array.from({ length: 64 }, () => Buffer.alloc(32));
  assert.throws(() => formatAddCheckpoint({ oldSize: 1, proof: tooLong, checkpointNote: note }), AddCheckpointError);
});
