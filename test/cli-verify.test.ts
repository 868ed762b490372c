import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistryKey, REGISTRY_KEY_FILE } from '../src/platform/crypto/index.ts';
import { receiptPdf, signReceipt } from '../src/modules/registry/index.ts';
import { sautiInProcess } from './sauti-command.ts';

// `sauti verify` as an insurer or a court clerk runs it: offline, on a file, with no database anywhere.
const dir = mkdtempSync(join(tmpdir(), 'sauti-verify-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `sauti` run as a process: the command an insurer types, its output and exit code. */
function sautiProcess(args: string[]) {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: join(dir, 'no-data') };
  delete env.DATABASE_URL;
  const run = spawnSync(process.execPath, ['bin/sauti.js', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** The same command run in this process (the rest of the cases: seconds each saved). */
const sauti = (args: string[], dataDir = join(dir, 'no-data')) =>
  sautiInProcess(args, { DATA_DIR: dataDir, DATABASE_URL: undefined });

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const registryKey = (registrySigningKey: string) =>
  loadRegistryKey({ registrySigningKey, databaseUrl: undefined, dataDir: dir } as Parameters<
    typeof loadRegistryKey
  >[0]);

function file(name: string, data: string | Uint8Array): string {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
}

test('verify checks a receipt offline: genuine, tampered, wrong key, junk and bad usage', async () => {
  const key = await registryKey(pem());
  const otherPem = pem();
  const other = await registryKey(otherPem);
  const receipt = signReceipt(key, {
    registryNumber: 'IGR-2026-000123',
    sha256: 'e'.repeat(64),
    receivedAt: '2026-03-02T08:15:30.000Z',
  });
  const publicKey = file('registry.pem', key.publicKeyPem);
  const json = file('receipt.json', JSON.stringify(receipt, null, 2));
  const pdf = file(
    'receipt.pdf',
    await receiptPdf(receipt, { title: 'Delivery receipt', verifyUrl: 'https://sauti.example/verify' }),
  );
  const tampered = file(
    'tampered.pdf',
    await receiptPdf(
      { ...receipt, registryNumber: 'IGR-2026-000124' },
      { title: 'Delivery receipt', verifyUrl: 'https://sauti.example/verify' },
    ),
  );

  const ok = sautiProcess(['verify', json, '--public-key', publicKey]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(
    ok.out,
    /^Genuine: received by the IG's office registry on 2 Mar 2026, 11:15 EAT \(2026-03-02T08:15:30.000Z\), registry number IGR-2026-000123\./,
  );
  const okPdf = await sauti(['verify', pdf, '--public-key', publicKey]);
  assert.equal(okPdf.code, 0, okPdf.err);
  const bad = await sauti(['verify', tampered, '--public-key', publicKey]);
  assert.equal(bad.code, 1);
  assert.match(bad.out, /Not genuine: the signature does not match/);
  const wrongKey = await sauti(['verify', pdf, '--public-key', file('other.pem', other.publicKeyPem)]);
  assert.equal(wrongKey.code, 1);
  assert.match(wrongKey.out, /reason: unknown_key/);
  const junk = await sauti(['verify', file('junk.json', '{"hello":'), '--public-key', publicKey]);
  assert.equal(junk.code, 1);
  assert.match(junk.out, /reason: malformed/);

  assert.equal((await sauti(['verify'])).code, 2);
  assert.equal((await sauti(['verify', join(dir, 'missing.json'), '--public-key', publicKey])).code, 2);
  assert.equal((await sauti(['verify', json, '--public-key', json])).code, 2);
  assert.equal((await sauti(['verify', json, '--bogus'])).code, 2);
  // without --public-key: the registry key kept in DATA_DIR, or none there
  const noKey = await sauti(['verify', json]);
  assert.equal(noKey.code, 2);
  assert.match(noKey.err, /No registry key in .*--public-key/);
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, REGISTRY_KEY_FILE), otherPem);
  const local = await sauti(['verify', json], dataDir);
  assert.equal(local.code, 1, local.err);
  assert.match(local.out, /reason: unknown_key/);
  writeFileSync(join(dataDir, REGISTRY_KEY_FILE), key.publicKeyPem);
  const kept = await sauti(['verify', json], dataDir);
  assert.equal(kept.code, 0, kept.err);
});
