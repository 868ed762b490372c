/**
 * Checking a police abstract in real browsers against `sauti serve`: an insurer on a 360 px phone
 * opens /documents/verify, pastes the document's QR text (genuine; one character changed, not
 * genuine), chooses a picture of its QR code, and points the camera at it (Chromium's fake camera
 * showing the code); then, with the browser offline and Sauti itself stopped, reloads the page and
 * still checks it, the service worker answering from what it kept. Screenshots go to
 * /tmp/documents-shots (and test-results/screenshots).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import QRCode from 'qrcode';
import { chromium, type Page } from 'playwright-core';
import {
  assertAccessible,
  assertNoHorizontalOverflow,
  browserSuite,
  chromiumPath,
  phone,
  screenshot,
  staffSignIn,
} from './harness.ts';

const suite = browserSuite();
const shots = '/tmp/documents-shots';
const holder = 'Wanjiku Kamau';

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, name), fullPage: true });
  await screenshot(page, `documents-${name}`);
}

/** The desk at Salama records a loss and issues its abstract, through the API as its programs do. */
async function issueAbstract(): Promise<{ number: string; seal: string }> {
  const { page, context } = await suite.newPage();
  await staffSignIn(page, suite.server.url, 'officer.salama');
  await page.goto('/report');
  const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
  const headers = { 'x-csrf-token': csrf };
  const entry = await context.request.post('/api/ob/stations/salama/entries', {
    headers,
    data: {
      kind: 'lost_property',
      occurredAt: new Date(Date.now() - 3600_000).toISOString(),
      place: 'Salama market',
      narrative: 'Complainant reports losing a Tecno phone while boarding a matatu.',
      persons: [{ role: 'complainant', name: holder }],
      property: [{ description: 'Tecno Spark 10, black' }],
    },
  });
  assert.equal(entry.status(), 201, await entry.text());
  // issued once the national log holds the entry, so that its QR code names the entry's place in the log
  const entryId = ((await entry.json()) as { id: string }).id;
  for (let tries = 0; (await context.request.get(`/api/ob/log/proof?entry=${entryId}`)).status() !== 200; tries++) {
    assert.ok(tries < 200, 'the entry reaches the national log within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const issued = await context.request.post('/api/documents/stations/salama/documents', {
    headers,
    data: { kind: 'abstract_general', ob: (await entry.json()).obNumber },
  });
  assert.equal(issued.status(), 201, await issued.text());
  const document = (await issued.json()) as { number: string; seal: string };
  await context.close();
  return document;
}

let abstract: { number: string; seal: string };

async function openVerifyPage(page: Page, path = '/documents/verify'): Promise<void> {
  await page.goto(path);
  await page.locator('#keys-state', { hasText: /Police keys fetched|Funguo za polisi zilipakuliwa/ }).waitFor();
}

/** Pastes a QR code's text, asks for the check, and returns the answer's title once it shows. */
async function checkText(page: Page, text: string): Promise<string> {
  await page.fill('#qr-text', text);
  await page.click('#qr-check'); // the last answer goes at once
  return (await page.locator('#verdict h2').textContent()) ?? '';
}

const slot = (page: Page, name: string) => page.locator(`#verdict [data-slot="${name}"]`);

/** The QR code as printed: alphanumeric mode, error correction Q. */
const qrOptions = { errorCorrectionLevel: 'Q' as const, margin: 4 };
const qrSegments = (text: string) => [{ data: text, mode: 'alphanumeric' as const }];

test('a verifier on a phone pastes the QR text: genuine with its facts; one character changed: not genuine', async () => {
  abstract = await issueAbstract();
  const { page } = await suite.newPage(phone);
  await openVerifyPage(page);
  await page.fill('#holder-name', holder.toUpperCase());
  assert.equal(await checkText(page, abstract.seal), 'Genuine');
  assert.equal(await slot(page, 'number').textContent(), abstract.number);
  assert.equal(await slot(page, 'kind').textContent(), 'Police abstract');
  assert.equal(await slot(page, 'station').textContent(), 'Salama Police Station');
  assert.match((await slot(page, 'ob').textContent()) ?? '', /^OB \d+\/\d{2}\/\d{2}\/\d{4}$/);
  assert.equal(await slot(page, 'holder').textContent(), 'Matches the name typed');
  await slot(page, 'status').filter({ hasText: 'Valid: not revoked or replaced' }).waitFor();
  await slot(page, 'leaf')
    .filter({
      hasText: /^Entry \d+, included in the national log's signed checkpoint of size \d+\. No independent witness/,
    })
    .waitFor();
  await page.fill('#holder-name', 'Wanjiru Kamau');
  await slot(page, 'holder').filter({ hasText: 'Does not match the name typed' }).waitFor();
  await assertNoHorizontalOverflow(page, 'verify page, genuine');
  await assertAccessible(page, 'verify page, genuine');
  await shoot(page, 'verify-genuine-360-en.png');

  const at = abstract.seal.length - 20;
  const altered = abstract.seal.slice(0, at) + (abstract.seal[at] === 'A' ? 'B' : 'A') + abstract.seal.slice(at + 1);
  assert.equal(await checkText(page, altered), 'Not genuine');
  assert.match((await page.locator('#verdict [data-slot="lead"]').textContent()) ?? '', /changed/);
  assert.equal(await page.locator('#verdict [data-slot="number"]').count(), 0, 'nothing of it is shown as fact');
  await shoot(page, 'verify-not-genuine-360-en.png');
});

test('a photo of the QR code chosen through the file input is genuine', async () => {
  const { page } = await suite.newPage(phone);
  await openVerifyPage(page);
  const png = await QRCode.toBuffer(qrSegments(abstract.seal), { ...qrOptions, type: 'png', scale: 5 });
  await page.setInputFiles('#qr-file', { name: 'abstract-qr.png', mimeType: 'image/png', buffer: png });
  await page.locator('#verdict h2', { hasText: 'Genuine' }).waitFor();
  assert.equal(await slot(page, 'number').textContent(), abstract.number);
});

/** A Y4M video (what Chromium's fake camera plays) of the QR code, black on white, in one 640x480 frame. */
function qrVideo(text: string): string {
  const { modules } = QRCode.create(qrSegments(text), qrOptions);
  const [width, height, scale] = [640, 480, 6];
  const side = (modules.size + 8) * scale;
  const [left, top] = [(width - side) / 2 + 4 * scale, (height - side) / 2 + 4 * scale];
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < modules.size * scale; y++)
    for (let x = 0; x < modules.size * scale; x++)
      if (modules.get(Math.floor(y / scale), Math.floor(x / scale))) luma[(top + y) * width + left + x] = 16;
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const file = join(mkdtempSync(join(tmpdir(), 'sauti-camera-')), 'qr.y4m');
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]),
  );
  return file;
}

test('the camera reads the QR code and the page checks it', async () => {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${qrVideo(abstract.seal)}`,
    ],
  });
  try {
    const context = await browser.newContext({ ...phone, baseURL: suite.server.url, locale: 'en-GB' });
    await context.grantPermissions(['camera']);
    const page = await context.newPage();
    await openVerifyPage(page);
    await page.click('#camera-start');
    await page.locator('#verdict h2', { hasText: 'Genuine' }).waitFor({ timeout: 30_000 });
    assert.equal(await slot(page, 'number').textContent(), abstract.number);
    assert.equal(await page.locator('#camera-video').isVisible(), false, 'the camera is stopped once it has read');
  } finally {
    await browser.close();
  }
});

test('in Kiswahili, the page answers in Kiswahili', async () => {
  const { page } = await suite.newPage(phone);
  await page.goto(`/lang?to=sw&back=${encodeURIComponent('/documents/verify')}`);
  await openVerifyPage(page, page.url());
  assert.equal(await checkText(page, abstract.seal), 'Halali');
  assert.equal(await slot(page, 'kind').textContent(), 'Abstract ya polisi');
  await slot(page, 'status').filter({ hasText: 'Halali: haijafutwa wala kubadilishwa' }).waitFor();
  await slot(page, 'leaf')
    .filter({ hasText: /^Ingizo \d+, limo katika hali iliyotiwa sahihi/ })
    .waitFor();
  await assertNoHorizontalOverflow(page, 'verify page in Kiswahili');
  await assertAccessible(page, 'verify page in Kiswahili');
  await shoot(page, 'verify-genuine-360-sw.png');
});

test('once opened, the page checks documents offline: airplane mode, and Sauti itself stopped', async () => {
  const { page, context } = await suite.newPage(phone);
  await openVerifyPage(page);
  await page.locator('#offline-state', { hasText: 'works on this device without a connection' }).waitFor();
  await shoot(page, 'verify-ready-offline-360-en.png');

  await context.setOffline(true);
  await suite.server.stop();
  await page.reload();
  await openVerifyPage(page, page.url());
  assert.equal(await checkText(page, abstract.seal), 'Genuine');
  assert.equal(await slot(page, 'number').textContent(), abstract.number);
  await slot(page, 'status').filter({ hasText: 'Could not ask the police whether it was revoked' }).waitFor();
  await slot(page, 'leaf')
    .filter({ hasText: /^Entry \d+\. The log could not be asked for its proof \(no connection\)\.$/ })
    .waitFor();
  assert.equal(
    await checkText(
      page,
      abstract.seal.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
    ),
    'Not genuine',
  );
  const png = await QRCode.toBuffer(qrSegments(abstract.seal), { ...qrOptions, type: 'png', scale: 5 });
  await page.setInputFiles('#qr-file', { name: 'qr.png', mimeType: 'image/png', buffer: png });
  await page.locator('#verdict h2', { hasText: 'Genuine' }).waitFor();
  await shoot(page, 'verify-offline-360-en.png');
});
