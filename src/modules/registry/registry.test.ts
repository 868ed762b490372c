import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../config.ts';
import { Browser, startSauti, type TestContext } from '../../../test/helpers.ts';
import { loadRegistryKey, keyIdOf, type RegistryKey } from '../../platform/crypto/index.ts';
import {
  pdfAttachments,
  pdfInfo,
  pdfLanguage,
  pdfStructure,
  pdfText,
  unmarkedText,
} from '../../platform/pdf/inspect.ts';
import { Extensions } from '../../platform/extensions.ts';
import type { Platform } from '../../platform/module.ts';
import { modules } from '../index.ts';
import {
  RECEIPT_FORMAT,
  RECEIPT_ISSUER,
  canonicalReceiptBytes,
  checkReceipt,
  checkReceiptOffline,
  receiptFromPdf,
  receiptPdf,
  receiptLookups,
  signReceipt,
  verifyReceiptSignature,
  type SignedReceipt,
} from './index.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'sauti-registry-'));
const newPem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const keyFor = (pem: string) =>
  loadRegistryKey({ registrySigningKey: pem, databaseUrl: undefined, dataDir: dataDir() } as Config);

const sha = 'a'.repeat(64);
const claims = { registryNumber: 'TST-2026-000123', sha256: sha, receivedAt: '2026-03-02T08:15:30.000Z' };

let key: RegistryKey;
let otherKey: RegistryKey;
before(async () => {
  key = await keyFor(newPem());
  otherKey = await keyFor(newPem());
});

/** Flips one character of a field to another character of the same form. */
function tamper(receipt: SignedReceipt, field: keyof SignedReceipt): SignedReceipt {
  const value = receipt[field];
  const i = field === 'registryNumber' ? value.length - 1 : field === 'receivedAt' ? 18 : 0;
  const c = value[i]!;
  const swap = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : c === 'a' ? 'b' : c === 'A' ? 'B' : 'a';
  return { ...receipt, [field]: value.slice(0, i) + swap + value.slice(i + 1) };
}

describe('signing and checking', () => {
  test('the canonical bytes are the documented six lines', () => {
    const receipt = signReceipt(key, claims);
    assert.equal(
      canonicalReceiptBytes(receipt).toString('utf8'),
      `sauti-registry-receipt/1\nissuer:${RECEIPT_ISSUER}\nkeyId:${key.keyId}\nregistryNumber:TST-2026-000123\nsha256:${sha}\nreceivedAt:2026-03-02T08:15:30.000Z\n`,
    );
    assert.throws(() => canonicalReceiptBytes({ ...receipt, registryNumber: 'TST-1\nsha256:x' }), TypeError);
    assert.throws(() => canonicalReceiptBytes({ ...receipt, receivedAt: '2026-02-30T00:00:00.000Z' }), TypeError);
  });

  test('a signed receipt verifies; keyId is the SHA-256 of the public key DER', () => {
    const receipt = signReceipt(key, { ...claims, sha256: sha.toUpperCase(), receivedAt: '2026-03-02T11:15:30+03:00' });
    assert.equal(receipt.sha256, sha, 'hash lower-cased');
    assert.equal(receipt.receivedAt, '2026-03-02T08:15:30.000Z', 'time normalised to UTC');
    assert.equal(receipt.issuer, RECEIPT_ISSUER);
    assert.match(key.keyId, /^[0-9a-f]{16}$/);
    assert.equal(keyIdOf(key.publicKeyPem), key.keyId);
    assert.match(receipt.signature, /^[A-Za-z0-9_-]{86}$/);
    assert.equal(verifyReceiptSignature(key.publicKeyPem, receipt), true);
    assert.deepEqual(checkReceiptOffline(key.publicKeyPem, JSON.stringify(receipt)), { genuine: true, receipt });
  });

  test('a changed character in any field makes it not genuine', () => {
    const receipt = signReceipt(key, claims);
    for (const field of ['registryNumber', 'sha256', 'receivedAt', 'issuer', 'keyId', 'signature'] as const) {
      const changed = tamper(receipt, field);
      assert.notDeepEqual(changed, receipt, field);
      assert.equal(verifyReceiptSignature(key.publicKeyPem, changed), false, field);
      const result = checkReceiptOffline(key.publicKeyPem, changed);
      assert.equal(result.genuine, false, field);
      assert.equal(result.reason, field === 'keyId' ? 'unknown_key' : 'signature', field);
    }
  });

  test('junk never throws and is malformed', () => {
    const receipt = signReceipt(key, claims);
    const junk: unknown[] = [
      undefined,
      null,
      42,
      'not json',
      '{"registryNumber":',
      '[]',
      [],
      {},
      { ...receipt, sha256: 5 },
      { ...receipt, signature: 'short' },
      { ...receipt, receivedAt: 'yesterday' },
      'x'.repeat(100_000),
      Buffer.from([0xff, 0xfe]),
    ];
    for (const value of junk) {
      assert.deepEqual(checkReceiptOffline(key.publicKeyPem, value), { genuine: false, reason: 'malformed' });
      assert.equal(verifyReceiptSignature(key.publicKeyPem, value as SignedReceipt), false);
    }
    assert.equal(verifyReceiptSignature('not a key', receipt), false);
    assert.equal(verifyReceiptSignature(undefined as unknown as string, receipt), false);
    assert.equal(checkReceiptOffline('not a key', receipt).genuine, false);
  });

  test('checkReceipt: the current key, then the lookup registered for the number prefix', async () => {
    const stored = new Map([
      ['TST-2026-000123', { sha256: sha }],
      ['TST-2026-000124', { sha256: 'b'.repeat(64) }],
    ]);
    const extensions = new Extensions([receiptLookups.provide('TST', async (_platform, number) => stored.get(number))]);
    const platform = { registry: key, extensions } as Platform;
    assert.deepEqual(await checkReceipt(platform, signReceipt(key, claims)), { genuine: true });
    assert.deepEqual(await checkReceipt(platform, signReceipt(key, { ...claims, registryNumber: 'TST-2026-000124' })), {
      genuine: false,
      reason: 'hash_mismatch',
    });
    assert.deepEqual(await checkReceipt(platform, signReceipt(key, { ...claims, registryNumber: 'TST-2026-000999' })), {
      genuine: false,
      reason: 'not_found',
    });
    assert.deepEqual(await checkReceipt(platform, signReceipt(otherKey, claims)), {
      genuine: false,
      reason: 'unknown_key',
    });
    assert.deepEqual(await checkReceipt(platform, tamper(signReceipt(key, claims), 'sha256')), {
      genuine: false,
      reason: 'signature',
    });
    assert.deepEqual(await checkReceipt(platform, '{"junk": true}'), { genuine: false, reason: 'malformed' });
    // no lookup for this prefix: the signature alone decides
    assert.deepEqual(
      await checkReceipt(platform, signReceipt(key, { ...claims, registryNumber: 'NOLK-2026-000001' })),
      { genuine: true },
    );
  });

  test('the receipt PDF carries the receipt JSON; other bytes carry none', async () => {
    const receipt = signReceipt(key, claims);
    const pdf = await receiptPdf(receipt, {
      title: "Delivery receipt — IG's office registry",
      verifyUrl: 'https://sauti.example/verify',
      lines: ['Barua yako imepokelewa ✓ ĩ ũ', 'x'.repeat(300)],
    });
    assert.equal(Buffer.from(pdf).subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(await receiptFromPdf(pdf), receipt);
    assert.equal(await receiptFromPdf(Buffer.from('%PDF-1.4 nothing')), undefined);
    assert.equal(await receiptFromPdf(Buffer.from('hello')), undefined);
  });

  test('the receipt PDF is tagged, in its language, with the signed text and names in any script as written', async () => {
    const receipt = signReceipt(key, claims);
    const names = ['Wanjiku Njoroge', 'Ngũgĩ', 'Αλέξανδρος', 'Мария', 'محمد'];
    const pdf = await receiptPdf(receipt, {
      title: 'Stakabadhi ya kupokelewa',
      verifyUrl: 'https://sauti.example/verify',
      lines: [`Barua ya ${names.join(', ')} imepokelewa.`],
      language: 'sw-KE',
    });
    const info = await pdfInfo(pdf);
    assert.equal(info.Tagged, 'yes');
    assert.equal(info.Title, 'Stakabadhi ya kupokelewa');
    assert.equal(info.Pages, '1');
    assert.equal(pdfLanguage(pdf), 'sw-KE');
    assert.ok(pdf.length < 100 * 1024, `${pdf.length} bytes`);
    assert.deepEqual(await pdfAttachments(pdf), ['sauti-receipt.json']);
    assert.equal(unmarkedText(pdf).unmarked, 0);
    const text = await pdfText(pdf);
    for (const name of names) assert.ok(text.includes(name), `${name} in ${text}`);
    assert.match(text, /imepokelewa\./);
    // the signed text line by line, exactly as signed
    for (const line of canonicalReceiptBytes(receipt).toString('utf8').trimEnd().split('\n'))
      assert.ok(text.includes(line), line);
    const tree = await pdfStructure(pdf);
    assert.match(tree, /^Document\n {2}H1 \(block\)\n {4}"Stakabadhi ya kupokelewa"/);
    assert.match(tree, new RegExp(`Div\\n {4}P \\(block\\)\\n {6}"${RECEIPT_FORMAT}"`));
    assert.match(tree, /Figure:/);
    assert.match(Buffer.from(pdf).toString('latin1'), /\/Alt \(QR: https:\/\/sauti\.example\/verify\)/);
    const english = await receiptPdf(receipt, { title: 'Delivery receipt', verifyUrl: 'https://sauti.example/verify' });
    assert.equal(pdfLanguage(english), 'en-KE', 'English unless told');
  });
});

describe('the registry key', () => {
  test('embedded: generated once into $DATA_DIR/registry-key.pem, mode 0600', async () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    assert.equal(config.registrySigningKey, undefined);
    const first = await loadRegistryKey(config);
    const file = join(dir, 'registry-key.pem');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    const again = await loadRegistryKey(config);
    assert.equal(again.keyId, first.keyId, 'the same key on the next start');
  });

  test('REGISTRY_SIGNING_KEY as PEM, escaped PEM or base64 PEM', async () => {
    const pem = newPem();
    const expected = (await keyFor(pem)).keyId;
    for (const value of [pem, pem.replace(/\n/g, '\\n'), Buffer.from(pem).toString('base64')]) {
      const config = loadConfig({
        DATA_DIR: dataDir(),
        DATABASE_URL: 'postgres://db/sauti',
        SAUTI_SECRET: 'a'.repeat(40),
        REGISTRY_SIGNING_KEY: value,
        OB_LOG_SIGNING_KEY: pem,
        DOCUMENTS_SIGNING_KEY: pem,
      });
      assert.equal((await loadRegistryKey(config)).keyId, expected);
    }
  });

  test('a missing or wrong key stops the start with a message naming it', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ DATA_DIR: dataDir(), ...env });
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems.filter((p) => p.startsWith('REGISTRY_SIGNING_KEY'));
      }
      return [];
    };
    assert.match(
      problems({ DATABASE_URL: 'postgres://db/sauti', SAUTI_SECRET: 'a'.repeat(40) })[0] ?? '',
      /REGISTRY_SIGNING_KEY is required with DATABASE_URL/,
    );
    assert.match(
      problems({ REGISTRY_SIGNING_KEY: 'hunter2!' })[0] ?? '',
      /must be an Ed25519 private key in PKCS#8 PEM/,
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    assert.match(problems({ REGISTRY_SIGNING_KEY: rsa })[0] ?? '', /must be an Ed25519 key \(got rsa key\)/);
    const publicPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    assert.match(problems({ REGISTRY_SIGNING_KEY: publicPem })[0] ?? '', /must be a private key/);
    assert.match(
      problems({ REGISTRY_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' })[0] ?? '',
      /not a readable private key/,
    );
    // named alongside the other wrong settings
    assert.equal(problems({ REGISTRY_SIGNING_KEY: 'nope', PORT: 'eighty' }).length, 1);
  });
});

describe('the verification page and API', () => {
  let ctx: TestContext;
  let genuine: SignedReceipt;
  before(async () => {
    ctx = await startSauti({ demoStaff: false });
    // the modules' own lookups, and one for test receipts
    ctx.platform.extensions = new Extensions([
      ...modules.flatMap((m) => m.extensions ?? []),
      receiptLookups.provide('TSTW', async (_platform, number) =>
        number === 'TSTW-2026-000001'
          ? { sha256: sha }
          : number === 'TSTW-2026-000002'
            ? { sha256: 'c'.repeat(64) }
            : undefined,
      ),
    ]);
    genuine = signReceipt(ctx.platform.registry, { ...claims, registryNumber: 'TSTW-2026-000001' });
  });
  after(() => ctx.close());

  test('the public key, as PEM and JSON', async () => {
    const pem = await ctx.app.inject({ method: 'GET', url: '/registry/public-key' });
    assert.equal(pem.statusCode, 200);
    assert.match(pem.headers['content-type'] as string, /^text\/plain/);
    assert.equal(pem.body, ctx.platform.registry.publicKeyPem);
    const json = await ctx.app.inject({ method: 'GET', url: '/registry/public-key.json' });
    assert.deepEqual(json.json(), {
      issuer: RECEIPT_ISSUER,
      keyId: ctx.platform.registry.keyId,
      algorithm: 'Ed25519',
      publicKeyPem: ctx.platform.registry.publicKeyPem,
    });
  });

  test('the page in English and Kiswahili', async () => {
    const en = await ctx.app.inject({ method: 'GET', url: '/verify' });
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /Check a receipt from the IG's office registry/);
    assert.match(en.body, /enctype="multipart\/form-data"/);
    assert.match(en.body, /name="_csrf"/);
    const sw = await ctx.app.inject({ method: 'GET', url: '/verify', headers: { 'accept-language': 'sw' } });
    assert.match(sw.body, /Hakiki risiti ya masjala ya ofisi ya IG/);
  });

  test('pasting a receipt: genuine, tampered, stored hash differs, junk, nothing', async () => {
    const browser = new Browser(ctx.app);
    const post = (receipt: string, headers: Record<string, string> = {}) =>
      browser.post('/verify', { receipt }, { csrfFrom: '/verify', headers });
    const ok = await post(JSON.stringify(genuine, null, 2));
    assert.equal(ok.statusCode, 200);
    assert.match(
      ok.body,
      /Genuine: received by the IG's office registry on 2 Mar 2026, 11:15 EAT, registry number TSTW-2026-000001\./,
    );
    const sw = await post(JSON.stringify(genuine), { 'accept-language': 'sw' });
    assert.match(
      sw.body,
      /Halali: ilipokelewa na masjala ya ofisi ya IG tarehe .+, nambari ya masjala TSTW-2026-000001\./,
    );
    const changed = await post(JSON.stringify({ ...genuine, receivedAt: '2026-03-01T08:15:30.000Z' }));
    assert.match(changed.body, /Not genuine: the signature does not match/);
    const mismatch = await post(
      JSON.stringify(signReceipt(ctx.platform.registry, { ...claims, registryNumber: 'TSTW-2026-000002' })),
    );
    assert.match(mismatch.body, /Not genuine: the registry holds a different letter/);
    const missing = await post(
      JSON.stringify(signReceipt(ctx.platform.registry, { ...claims, registryNumber: 'TSTW-2026-000003' })),
    );
    assert.match(missing.body, /Not genuine: the registry has no letter under this registry number/);
    const junk = await post('{"hello": ');
    assert.equal(junk.statusCode, 200);
    assert.match(junk.body, /Not genuine: this is not a complete receipt/);
    const swJunk = await post('junk', { 'accept-language': 'sw' });
    assert.match(swJunk.body, /Si halali: hii si risiti kamili/);
    const empty = await post('  ');
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#receipt">Paste the receipt text or choose the receipt PDF/);
  });

  test('uploading the receipt PDF', async () => {
    const browser = new Browser(ctx.app);
    const pdf = Buffer.from(
      await receiptPdf(genuine, { title: 'Receipt', verifyUrl: `${ctx.config.publicUrl}/verify` }),
    );
    const ok = await browser.postMultipart(
      '/verify',
      { receipt: '' },
      [{ name: 'file', filename: 'receipt.pdf', type: 'application/pdf', data: pdf }],
      { csrfFrom: '/verify' },
    );
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /Genuine: received by the IG's office registry/);
    const forged = Buffer.from(
      await receiptPdf({ ...genuine, sha256: 'd'.repeat(64) }, { title: 'Receipt', verifyUrl: 'x' }),
    );
    const bad = await browser.postMultipart(
      '/verify',
      {},
      [{ name: 'file', filename: 'receipt.pdf', type: 'application/pdf', data: forged }],
      { csrfFrom: '/verify' },
    );
    assert.match(bad.body, /Not genuine: the signature does not match/);
    const notPdf = await browser.postMultipart(
      '/verify',
      {},
      [{ name: 'file', filename: 'cat.png', type: 'image/png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]) }],
      { csrfFrom: '/verify' },
    );
    assert.equal(notPdf.statusCode, 400);
    assert.match(notPdf.body, /href="#file">This file is not a receipt PDF/);
    const noCsrf = await browser.postMultipart(
      '/verify',
      {},
      [{ name: 'file', filename: 'receipt.pdf', type: 'application/pdf', data: pdf }],
      { csrf: false },
    );
    assert.equal(noCsrf.statusCode, 403);
  });

  test('a form without its CSRF token is refused', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/verify',
      payload: `receipt=${encodeURIComponent(JSON.stringify(genuine))}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 403);
  });

  test('the JSON API, documented in OpenAPI', async () => {
    const api = (payload: unknown, headers: Record<string, string> = {}) =>
      ctx.app.inject({ method: 'POST', url: '/api/registry/verify', payload: payload as object, headers });
    const ok = await api(genuine);
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(
      { ...(ok.json() as object), message: undefined },
      { genuine: true, registryNumber: 'TSTW-2026-000001', receivedAt: genuine.receivedAt, message: undefined },
    );
    assert.match(ok.json().message, /^Genuine: received by the IG's office registry on /);
    const changed = await api({ ...genuine, registryNumber: 'TSTW-2026-000002' }, { 'accept-language': 'sw' });
    assert.equal(changed.json().genuine, false);
    assert.equal(changed.json().reason, 'signature');
    assert.match(changed.json().message, /^Si halali: sahihi hailingani/);
    assert.equal((await api(signReceipt(otherKey, claims))).json().reason, 'unknown_key');
    assert.equal((await api({ ...genuine, sha256: 'zz' })).json().reason, 'malformed');
    const noSignature = await api({ ...genuine, signature: undefined });
    assert.equal(noSignature.statusCode, 400);
    assert.ok(noSignature.json().error.fields.some((f: { field: string }) => f.field === 'signature'));
    const notJson = await ctx.app.inject({
      method: 'POST',
      url: '/api/registry/verify',
      payload: '{"x',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(notJson.statusCode, 400);
    const spec = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.ok(spec.paths['/api/registry/verify'].post);
    assert.ok(spec.paths['/registry/public-key.json'].get);
  });
});
