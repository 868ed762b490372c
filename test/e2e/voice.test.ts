/**
 * Officer Voice in real browsers against `sauti serve`: an officer on a phone writes a resignation
 * request and a harassment complaint, downloads and checks the receipts at the public
 * verification page (and sees a changed one refused); the registry acknowledges one and lets the
 * other run past its (shortened) clock, which escalates to the head of the office; the writer's
 * station commander finds nothing. The registry assigns the complaint to the gender desk, the IG's
 * office directs the desk to report within 7 days, the desk uploads its report, and the public
 * directives page shows it.
 */
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { samples } from '../helpers.ts';
import {
  assertAccessible,
  assertNoHorizontalOverflow,
  browserSuite,
  desktop,
  phone,
  screenshot,
  staffSignIn,
} from './harness.ts';

// an acknowledgement clock of about 35 seconds, so the test can watch one run out
const suite = browserSuite(() => ({ VOICE_ACKNOWLEDGE_DAYS: '0.0004', JOB_POLL_SECONDS: '1' }));
const newPage = suite.newPage;

async function write(
  page: Page,
  kind: string,
  subject: string,
  body: string,
  extra: (page: Page) => Promise<void> = async () => undefined,
): Promise<string> {
  await page.goto('/voice/new');
  await page.check(`#kind-${kind}`);
  await page.fill('#subject', subject);
  await page.fill('#body', body);
  await extra(page);
  await Promise.all([page.waitForURL(/done=sent/), page.click('form.voice-form button[type="submit"]')]);
  return /\/voice\/(IGR-\d{4}-\d{6})/.exec(page.url())![1]!;
}

test('an officer writes twice, checks the receipts, and the registry acknowledges one', async () => {
  const { page } = await newPage({ ...phone, acceptDownloads: true });
  await staffSignIn(page, suite.server.url, 'officer.salama');
  await page.goto('/voice');
  await screenshot(page, 'voice-mine-360.png');

  // An empty letter: errors named, nothing sent.
  await page.goto('/voice/new');
  await page.click('form.voice-form button[type="submit"]');
  assert.match((await page.locator('.error-summary').textContent()) ?? '', /Choose what the letter is about/);
  await assertNoHorizontalOverflow(page, 'letter form with errors');
  await assertAccessible(page, 'letter form with errors');

  const resignation = await write(
    page,
    'resignation',
    'Request to resign',
    'I request to resign with effect from 31 December 2026. My letters through the station never reached your office.',
  );
  assert.match((await page.locator('.receipt').textContent()) ?? '', new RegExp(resignation));
  await screenshot(page, 'voice-receipt-360.png');
  await assertAccessible(page, 'receipt page');

  const harassment = await write(
    page,
    'harassment',
    'Harassment at the station',
    'The OCS threatens transfers to officers who will not collect money at roadblocks.',
    async (p) => {
      await p.fill('#named0Name', 'C/I Mary Mutua');
      await p.fill('#named0ServiceNumber', '2008-041877');
      await p.check('#protectIdentity');
    },
  );

  // The receipt PDF, checked at the public verification page by someone who is not signed in.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`a[href="/voice/${harassment}/receipt.pdf"]`),
  ]);
  const pdfPath = await download.path();
  const checker = (await newPage({ ...phone, javaScriptEnabled: false })).page;
  await checker.goto('/verify');
  await checker.setInputFiles('input[type="file"]', pdfPath);
  await Promise.all([checker.waitForLoadState(), checker.click('form[action="/verify"] button[type="submit"]')]);
  assert.match(
    (await checker.locator('#result').textContent()) ?? '',
    new RegExp(`Genuine: received by the IG's office registry on .*${harassment}`),
  );
  await screenshot(checker, 'verify-genuine-360.png');

  // The same receipt with one character of its hash changed is refused.
  const json = await page.request.get(`/voice/${resignation}/receipt.json`);
  const receipt = (await json.json()) as { sha256: string };
  const changed = { ...receipt, sha256: (receipt.sha256[0] === 'a' ? 'b' : 'a') + receipt.sha256.slice(1) };
  await checker.goto('/verify');
  await checker.fill('#receipt', JSON.stringify(changed));
  await Promise.all([checker.waitForLoadState(), checker.click('form[action="/verify"] button[type="submit"]')]);
  assert.match((await checker.locator('#result').textContent()) ?? '', /Not genuine/);
  assert.ok(readFileSync(pdfPath).subarray(0, 5).toString() === '%PDF-');

  // The writer's station commander, who is also named, finds nothing.
  const commander = (await newPage({ ...desktop })).page;
  await staffSignIn(commander, suite.server.url, 'ocs.salama');
  for (const number of [resignation, harassment]) {
    const response = await commander.goto(`/staff/voice/${number}`);
    assert.equal(response?.status(), 404);
  }

  // The registry acknowledges the resignation request; the harassment complaint keeps waiting.
  const registry = (await newPage({ ...desktop })).page;
  await staffSignIn(registry, suite.server.url, 'ig.office');
  await registry.goto('/staff/voice');
  assert.match((await registry.locator('main').textContent()) ?? '', new RegExp(harassment));
  await registry.goto(`/staff/voice/${harassment}`);
  assert.ok(
    !((await registry.locator('main').textContent()) ?? '').includes('Joseph Mwangi'),
    'the protected writer is not named',
  );
  await registry.goto(`/staff/voice/${resignation}`);
  await Promise.all([registry.waitForURL(/done=acknowledged/), registry.click('form[action$="/acknowledge"] button')]);
  await screenshot(registry, 'voice-registry-acknowledged.png');

  await page.goto(`/voice/${resignation}`);
  assert.match((await page.locator('.clock').textContent()) ?? '', /Acknowledged/);
  await page.goto(`/voice/${harassment}`);
  assert.match((await page.locator('.clock').textContent()) ?? '', /Waiting .* for acknowledgement/);
  await page.goto('/voice');
  await screenshot(page, 'voice-mine-after-360.png');

  // Nobody acknowledges the complaint: when its clock runs out the durable job escalates it, and the writer sees that and what is next.
  const deadline = Date.now() + 90_000;
  let clock = '';
  while (Date.now() < deadline) {
    await page.goto(`/voice/${harassment}`);
    clock = (await page.locator('main').textContent()) ?? '';
    if (clock.includes("Escalated to the head of the IG's office")) break;
    await page.waitForTimeout(1000);
  }
  assert.match(clock, /Escalated to the head of the IG's office: the registry did not acknowledge it in time\./);
  assert.match(clock, /it goes to the National Police Service Commission \(NPSC\) liaison\./);
  await screenshot(page, 'voice-escalated-360.png');
  await page.goto(`/voice/${resignation}`);
  assert.doesNotMatch(
    (await page.locator('main').textContent()) ?? '',
    /Escalated to/,
    'the acknowledged one did not escalate',
  );

  const head = (await newPage({ ...desktop })).page;
  await staffSignIn(head, suite.server.url, 'ig.head');
  await head.goto('/staff/voice?escalated=yes');
  assert.match((await head.locator('main').textContent()) ?? '', new RegExp(harassment));
  await screenshot(head, 'voice-head-escalated.png');

  // The registry assigns the complaint to the gender desk, which opens its case; the IG's office directs the desk to report within 7 days, in public.
  await registry.goto(`/staff/voice/${harassment}`);
  await registry.selectOption('form[action$="/assign"] select[name="unit"]', 'GENDER');
  await Promise.all([registry.waitForURL(/done=assigned/), registry.click('form[action$="/assign"] button')]);
  const caseReference = (await registry.locator('main a[href^="/staff/cases/"]').first().textContent())!.trim();
  await registry.goto(`/staff/cases/${caseReference}`);
  const due = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi' }).format(
    new Date(Date.now() + 7 * 24 * 3600_000),
  );
  const directiveForm = registry.locator('form[action$="/directives"]');
  await directiveForm.locator('select[name="unit"]').selectOption('GENDER');
  await directiveForm
    .locator('textarea[name="task"]')
    .fill('independently investigate the complaint of harassment at Salama station');
  await directiveForm.locator('input[name="deliverable"]').fill('a report');
  await directiveForm.locator('input[name="dueDate"]').fill(due);
  await directiveForm.locator('input[name="public"]').check();
  await Promise.all([registry.waitForLoadState(), directiveForm.locator('button[type="submit"]').click()]);
  assert.match((await registry.locator('main').textContent()) ?? '', /independently investigate the complaint/);

  const desk = (await newPage({ ...phone })).page;
  await staffSignIn(desk, suite.server.url, 'gender.investigator');
  await desk.goto('/staff/directives');
  await desk.click('main a[href^="/staff/directives/"]');
  await desk.setInputFiles('#file', { name: 'report.pdf', mimeType: 'application/pdf', buffer: samples.pdf });
  await Promise.all([
    desk.waitForURL(/done=delivered/),
    desk.click('form[action$="/deliverable"] button[type="submit"]'),
  ]);
  await screenshot(desk, 'directive-delivered-360.png');

  const citizen = (await newPage({ ...phone, javaScriptEnabled: false })).page;
  await citizen.goto('/directives');
  const published = (await citizen.locator('main').textContent()) ?? '';
  assert.match(published, /independently investigate the complaint of harassment at Salama station/);
  assert.match(published, /Gender and children desk/);
  assert.doesNotMatch(
    published,
    new RegExp(`Joseph Mwangi|Mary Mutua|${harassment}|${caseReference}`),
    'no person, letter or case on the public page',
  );
  await assertNoHorizontalOverflow(citizen, 'public directives');
  await screenshot(citizen, 'directives-public-360.png');
  // axe needs scripts, so the accessibility check is made on a phone with JavaScript on
  const reader = (await newPage({ ...phone })).page;
  await reader.goto('/directives');
  await assertAccessible(reader, 'public directives');
});
