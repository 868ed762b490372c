import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { build } from 'esbuild';
import * as browser from './browser.ts';
import {
  HOLDER,
  hostileTexts,
  oneCharacterChanges,
  realisticAbstract,
  realisticReceipt,
  testKey,
  trusted,
} from './fixtures.ts';
import * as node from './node.ts';
import { TrustListError, type OpenResult, type TrustList } from './qr-text.ts';

/*
 * The browser's path (WebCrypto Ed25519, DecompressionStream) run in Node, which has both, against
 * the Node path: one parser, so the same verdict on every input.
 */

const key = testKey(1);
const trustList = [trusted(key, 0)];
const text = node.sealDocument(realisticAbstract(key.kid), key.signer);

async function agree(input: unknown, list: TrustList, what: string): Promise<OpenResult> {
  const inNode = node.openDocument(input as string, list);
  const inBrowser = await browser.openDocument(input as string, list);
  assert.deepEqual(inBrowser, inNode, what);
  return inBrowser;
}

test('the browser path finds a genuine document genuine, with the same claims', async () => {
  const result = await agree(text, trustList, 'genuine');
  assert.equal(result.genuine, true);
});

test('the browser path opens a fine receipt as the Node path does, with its amount', async () => {
  const result = await agree(node.sealDocument(realisticReceipt(key.kid), key.signer), trustList, 'receipt');
  assert.equal(result.genuine && result.claims.amountCents, 3_500_00);
});

test('the browser path agrees on every one-character change and every hostile text', async () => {
  for (const changed of oneCharacterChanges(text))
    assert.equal((await agree(changed, trustList, changed)).genuine, false);
  for (const [what, hostile, reason] of hostileTexts(key))
    assert.deepEqual(await agree(hostile, trustList, what), { genuine: false, reason }, what);
});

test("the browser path applies the trust list's periods as the Node path does", async () => {
  const old = testKey(2);
  const current = testKey(3);
  const list = [trusted(old, 1_700_000_000, 1_790_000_000), trusted(current, 1_790_000_000)];
  for (const [k, issuedAt] of [
    [old, 1_789_999_999],
    [old, 1_790_000_000],
    [current, 1_789_999_999],
    [current, 1_790_000_000],
  ] as const) {
    const sealed = node.sealDocument(realisticAbstract(k.kid, { issuedAt }), k.signer);
    await agree(sealed, list, `${k.kid} at ${issuedAt}`);
  }
  await assert.rejects(browser.openDocument(text, [{ ...trusted(key, 0), publicKey: old.publicKey }]), TrustListError);
});

test('kids and name matches are the same in the browser', async () => {
  assert.equal(await browser.kidOf(key.publicKey), key.kid);
  const claims = realisticAbstract(key.kid);
  for (const typed of [HOLDER, ' AMINA wanjiru otieno', 'Amina', ''])
    assert.equal(await browser.nameMatches(claims, typed), node.nameMatches(claims, typed), typed);
});

test('a page without WebCrypto (not HTTPS) gets a clear error, not a verdict', async () => {
  const webCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
  // what a page served over plain HTTP sees
  Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
  try {
    await assert.rejects(browser.openDocument(text, [trusted(key, 0)]), browser.UnsupportedBrowserError);
  } finally {
    Object.defineProperty(globalThis, 'crypto', webCrypto);
  }
});

test('the browser entry bundles for a browser without anything from node:*', async () => {
  const entry = fileURLToPath(new URL('./browser.ts', import.meta.url));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const bundle = result.outputFiles[0]!.text;
  assert.doesNotMatch(bundle, /node:|require\(/);
  assert.ok(bundle.length < 40_000, `${bundle.length} bytes`);
});
