import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientNetwork } from './code-lookups.ts';
import { leadingZeroBits, newChallenge, PROOF_TTL_MS, readProof, solveChallenge, waitSeconds } from './lookup-proof.ts';

const secret = 'test-secret-0123456789-0123456789-abcdef';
const at = new Date('2026-06-22T09:00:00Z');
const later = (ms: number) => new Date(at.getTime() + ms);

test('a solved challenge is worth its bits; the challenge alone is a wait, good once its time is past', () => {
  const challenge = newChallenge(secret, 12, at);
  const worked = readProof(secret, solveChallenge(challenge), later(1000));
  assert.equal(worked.kind, 'worked');
  assert.ok(worked.kind === 'worked' && worked.bits === 12);
  const waited = readProof(secret, challenge, at);
  assert.ok(waited.kind === 'waited');
  assert.equal(waited.notBefore, at.getTime() + waitSeconds(12) * 1000);
  assert.equal(waited.expiresAt, at.getTime() + PROOF_TTL_MS);
});

test('a nonce that does not do the work, an altered challenge, another server’s, or an old one is refused', () => {
  const challenge = newChallenge(secret, 16, at);
  const solved = solveChallenge(challenge);
  const [id, bits, issued, tag, nonce] = solved.split('.');
  const otherNonce = [...Array(64).keys()].map((n) => n.toString(36)).find((n) => n !== nonce)!;
  const lazy = readProof(secret, [id, bits, issued, tag, otherNonce].join('.'), at);
  assert.equal(lazy.kind, 'invalid', 'almost every other nonce falls short of 16 zero bits');
  assert.equal(readProof(secret, [id, '1', issued, tag, nonce].join('.'), at).kind, 'invalid', 'fewer bits');
  assert.equal(readProof(secret, [id, bits, (Number(issued) + 1).toString(36), tag].join('.'), at).kind, 'invalid');
  assert.equal(readProof('another-secret-0123456789-0123456789', solved, at).kind, 'invalid');
  assert.equal(readProof(secret, 'nothing like a proof', at).kind, 'invalid');
  assert.equal(readProof(secret, solved, later(PROOF_TTL_MS)).kind, 'expired');
});

test('waiting stands for the work of a slow phone: seconds double with each bit', () => {
  assert.deepEqual(
    [14, 16, 17, 18, 21].map((bits) => waitSeconds(bits)),
    [2, 2, 4, 8, 64],
  );
  assert.equal(leadingZeroBits(Buffer.from([0, 0, 0x1f, 0xff])), 19);
  assert.equal(leadingZeroBits(Buffer.from([0x80])), 0);
});

test('the page’s script finds a nonce Sauti accepts, and sends the form on with it', () => {
  const challenge = newChallenge(secret, 14, at);
  const field = { value: challenge };
  let submitted = false;
  const hidden = { hidden: false };
  const form = {
    getAttribute: (name: string) => (name === 'data-proof-bits' ? '14' : null),
    querySelector: (selector: string) => (selector === 'input[name="_proof"]' ? field : hidden),
    addEventListener: () => undefined,
    submit: () => void (submitted = true),
  };
  const pending: Array<() => void> = [];
  const document = { querySelector: () => form };
  const script = readFileSync(new URL('../web/assets/lookup-proof.js', import.meta.url), 'utf8');
  runInNewContext(script, { document, setTimeout: (fn: () => void) => pending.push(fn) });
  while (!submitted && pending.length > 0) pending.shift()!();
  assert.ok(submitted);
  const proof = readProof(secret, field.value, at);
  assert.equal(proof.kind, 'worked', field.value);
});

test('an address is counted as its subscriber holds it: an IPv6 address by its /64', () => {
  assert.equal(clientNetwork('197.248.10.7'), '197.248.10.7');
  assert.equal(clientNetwork('::ffff:197.248.10.7'), '197.248.10.7');
  assert.equal(clientNetwork('2c0f:fe38:2101:5::1'), '2c0f:fe38:2101:5::/64');
  assert.equal(clientNetwork('2c0f:fe38:2101:0005:aaaa:bbbb:cccc:dddd'), '2c0f:fe38:2101:5::/64');
  assert.equal(clientNetwork('::1'), '0:0:0:0::/64');
});
