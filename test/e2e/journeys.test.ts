/**
 * Citizen and investigator journeys in a real browser against `sauti serve`.
 * The tests run in order and share the report made in the first one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  assertNoHorizontalOverflow,
  browserSuite,
  desktop,
  fakeMp4,
  phone,
  RECEIPT_PATTERN,
  screenshot,
  smallPng,
  staffSignIn,
} from './harness.ts';

const suite = browserSuite();

/** A word found only in the first report, to find its case in the queue. */
const marker = `kivuko${randomBytes(4).toString('hex')}`;
const scriptText = '<script>alert(1)</script>';
const firstReport: { receipt?: string; reference?: string } = {};

const newPage = suite.newPage;

/** Every link in the error summary points at an element that exists, exactly once. */
async function assertSummaryLinks(page: Page): Promise<string[]> {
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  const first = await page.evaluate(() => document.querySelector('main')?.firstElementChild?.className ?? '');
  assert.match(first, /error-summary/, 'the error summary is the first thing in the page content');
  const hrefs = await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  assert.ok(hrefs.length > 0, 'the summary lists the fields in error');
  for (const href of hrefs) {
    assert.match(href, /^#[A-Za-z][\w-]*$/, `summary link ${href} is a fragment link`);
    assert.equal(await page.locator(href).count(), 1, `summary link ${href} points at exactly one element`);
  }
  return hrefs;
}

async function followWithReceipt(page: Page, receipt: string): Promise<void> {
  await page.goto('/follow');
  await page.fill('#receipt', receipt);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/follow'),
    page.click('main form[action="/follow"] button[type="submit"]'),
  ]);
  await page.locator('#report-status').waitFor();
}

test('citizen without JavaScript, English, 360 px: errors, then a report with a photo, then following it', async () => {
  const { page, dialogs } = await newPage({ ...phone, javaScriptEnabled: false });

  await page.goto('/');
  await assertNoHorizontalOverflow(page, 'home page');
  await Promise.all([page.waitForURL((u) => u.pathname === '/report'), page.click('main a[href="/report"]')]);
  assert.equal(await page.locator('h1').textContent(), 'Report police misconduct');
  await assertNoHorizontalOverflow(page, 'report form');
  await screenshot(page, 'report-form-en-360.png');

  // Sent empty: an error summary at the top, linking to each field in error.
  const empty = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/report') && r.request().method() === 'POST'),
    page.click('#submit-report'),
  ]);
  assert.equal(empty[0].status(), 400);
  const hrefs = await assertSummaryLinks(page);
  for (const field of ['#category', '#description', '#county'])
    assert.ok(hrefs.includes(field), `the summary links to ${field} (got ${hrefs.join(', ')})`);
  assert.equal(await page.locator('#description[aria-invalid="true"]').count(), 1, 'the description is marked invalid');
  await assertNoHorizontalOverflow(page, 'report form with errors');
  await screenshot(page, 'report-form-errors-360.png');

  // Filled in properly, with one photo.
  await page.check('#category');
  await page.fill(
    '#description',
    `At the Salama roadblock an officer asked for 500 shillings to let the matatu pass. ${scriptText} ${marker}`,
  );
  await page.selectOption('#county', '017');
  await page.selectOption('#station', 'salama');
  await page.fill('#place', 'Salama market, Mombasa road');
  await page.check('#anonymous');
  await page.setInputFiles('#evidence', { name: 'roadblock.png', mimeType: 'image/png', buffer: smallPng });
  const sent = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/report') && r.request().method() === 'POST'),
    page.click('#submit-report'),
  ]);
  assert.equal(sent[0].status(), 201);

  const receipt = ((await page.locator('#receipt-code').textContent()) ?? '').trim();
  assert.match(receipt, RECEIPT_PATTERN, 'the receipt is 16 digits in 4 groups of 4');
  const receiptLines = await page.locator('#receipt-code').evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size;
  });
  assert.equal(receiptLines, 1, 'the receipt code fits on one line of a 360 px screen');
  assert.match((await page.locator('.summary-list').textContent()) ?? '', /1 file/);
  firstReport.receipt = receipt;
  firstReport.reference = ((await page.locator('.summary-list dd').first().textContent()) ?? '').trim();
  assert.ok(firstReport.reference, 'the receipt page names the case reference');
  await assertNoHorizontalOverflow(page, 'receipt page');
  await screenshot(page, 'receipt-360.png');

  // Following the report with the receipt code.
  await page.goto('/follow');
  await screenshot(page, 'follow-login-360.png');
  await page.fill('#receipt', receipt);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/follow'),
    page.click('main form[action="/follow"] button[type="submit"]'),
  ]);
  assert.equal(((await page.locator('#report-status').textContent()) ?? '').trim(), 'Received');
  assert.match((await page.locator('.summary-list').textContent()) ?? '', /1 file/);
  assert.match(
    (await page.locator('.summary-list').textContent()) ?? '',
    new RegExp(firstReport.reference.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  );
  // Nothing the reporter typed became markup: the only scripts are Sauti's own bundles.
  const inlineScripts = await page.locator('script:not([src])').count();
  assert.equal(inlineScripts, 0, 'no inline script on the status page');
  assert.deepEqual(dialogs, [], 'no dialog was opened');
  await assertNoHorizontalOverflow(page, 'follow page');
  await screenshot(page, 'follow-360.png');
});

test('citizen without JavaScript, Kiswahili, 360 px: language switch, a phone error in Kiswahili, then a receipt', async () => {
  const { context, page } = await newPage({ ...phone, javaScriptEnabled: false });

  await page.goto('/report');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await Promise.all([page.waitForURL((u) => u.pathname === '/report'), page.click('header a.lang-switch')]);
  const cookies = await context.cookies();
  assert.equal(cookies.find((c) => c.name === 'sauti_lang')?.value, 'sw', 'the language switch sets a cookie');
  assert.equal(await page.getAttribute('html', 'lang'), 'sw');
  assert.match(await page.title(), /Ripoti/);
  assert.equal(await page.locator('h1').textContent(), 'Ripoti utovu wa nidhamu wa polisi');
  assert.equal(await page.locator('label[for="description"]').textContent(), 'Eleza kilichotokea');
  assert.equal(await page.locator('label[for="county"]').textContent(), 'Kaunti');
  assert.equal(await page.locator('header a.lang-switch').textContent(), 'English');
  await assertNoHorizontalOverflow(page, 'Kiswahili report form');
  await screenshot(page, 'report-form-sw-360.png');

  await page.check('#category');
  await page.fill('#description', 'Afisa wa trafiki aliniomba hongo ya shilingi elfu moja karibu na kituo cha mabasi.');
  await page.selectOption('#county', '047');
  await page.check('#anonymous-no');
  await page.fill('#contactName', 'Wanjiku');
  await page.fill('#contactPhone', '12345');
  const bad = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/report') && r.request().method() === 'POST'),
    page.click('#submit-report'),
  ]);
  assert.equal(bad[0].status(), 400);
  const hrefs = await assertSummaryLinks(page);
  assert.deepEqual(hrefs, ['#contactPhone']);
  assert.match((await page.locator('.error-summary').textContent()) ?? '', /Andika nambari ya simu ya Kenya/);
  assert.match((await page.locator('#contactPhone-error').textContent()) ?? '', /Andika nambari ya simu ya Kenya/);
  // What was typed is kept.
  assert.equal(await page.inputValue('#contactName'), 'Wanjiku');
  assert.equal(await page.isChecked('#anonymous-no'), true);

  await page.fill('#contactPhone', '0712 345 678');
  const good = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/report') && r.request().method() === 'POST'),
    page.click('#submit-report'),
  ]);
  assert.equal(good[0].status(), 201);
  assert.equal(await page.locator('h1').textContent(), 'Ripoti yako imepokelewa');
  assert.match(((await page.locator('#receipt-code').textContent()) ?? '').trim(), RECEIPT_PATTERN);
  await screenshot(page, 'receipt-sw-360.png');
});

test('citizen with JavaScript: contact fields follow the anonymous choice, and a video goes up by resumable upload with a progress bar', async () => {
  const { page, dialogs } = await newPage({ ...phone });
  await page.goto('/report');

  // Anonymous is the default: the contact fields are hidden until "No" is chosen.
  assert.equal(await page.isChecked('#anonymous'), true);
  await page.locator('#contact-fields').waitFor({ state: 'hidden' });
  await page.check('#anonymous-no');
  await page.locator('#contact-fields').waitFor({ state: 'visible' });
  assert.equal(await page.isVisible('#contactPhone'), true);
  await page.check('#anonymous');
  await page.locator('#contact-fields').waitFor({ state: 'hidden' });

  // With JavaScript on, what was typed comes back as text, never as markup.
  await page.check('#category-brutality');
  await page.fill('#description', `They beat him at the stage. ${scriptText}`);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/report') && r.request().method() === 'POST'),
    page.click('#submit-report'),
  ]);
  assert.deepEqual(await assertSummaryLinks(page), ['#county']);
  assert.match(await page.inputValue('#description'), /<script>alert\(1\)<\/script>/);
  assert.equal(await page.locator('main script').count(), 0, 'no script element inside the page content');
  assert.deepEqual(dialogs, [], 'no dialog was opened');

  // A 3 MB "video": the enhancement sends it with tus, showing its progress, then sends the form without it.
  // Uploads are held back a little so the progress bar can be seen before the page moves on.
  let tusRequests = 0;
  await page.route('**/api/uploads**', async (route) => {
    tusRequests += 1;
    await new Promise((r) => setTimeout(r, 600));
    await route.continue();
  });
  await page.selectOption('#county', '001');
  await page.setInputFiles('#evidence', { name: 'clip.mp4', mimeType: 'video/mp4', buffer: fakeMp4(3 * 1024 * 1024) });
  const posted = page.waitForResponse((r) => r.url().endsWith('/report') && r.request().method() === 'POST', {
    timeout: 60_000,
  });
  await page.click('#submit-report');
  await page.locator('#upload-list progress').first().waitFor({ state: 'attached' });
  assert.equal(await page.locator('#upload-list progress').count(), 1);
  const response = await posted;
  assert.equal(response.status(), 201);
  // The form went without the file itself: only the upload's id.
  const form = response.request().postData() ?? '';
  assert.ok(!form.includes('ftypisom'), 'the video was not sent again with the form');
  assert.ok(tusRequests >= 2, `the upload went by tus (${tusRequests} request(s))`);
  await page.locator('#receipt-code').waitFor();
  assert.match(((await page.locator('#receipt-code').textContent()) ?? '').trim(), RECEIPT_PATTERN);
  assert.match((await page.locator('.summary-list').textContent()) ?? '', /1 file/);
});

let investigator: Page;

test('investigator works the case: finds it, reads it, changes its status, writes to the reporter; the reporter replies', async () => {
  assert.ok(firstReport.receipt && firstReport.reference, 'the first journey made a report');
  const staff = await newPage({ ...desktop });
  investigator = staff.page;
  const page = investigator;

  await staffSignIn(page, suite.server.url, 'iau.investigator');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/staff/cases'),
    page.click('nav.staff-nav a[href="/staff/cases"]'),
  ]);
  assert.equal(await page.locator('h1').textContent(), 'Case queue');
  await screenshot(page, 'queue.png');

  await page.fill('#q', marker);
  await Promise.all([page.waitForURL(/\/staff\/cases\?/), page.click('form.filters button[type="submit"]')]);
  const rows = page.locator('table.cases tbody tr');
  assert.equal(await rows.count(), 1, 'searching a word of the description finds exactly that case');
  const link = rows.first().locator('a');
  assert.equal(((await link.textContent()) ?? '').trim(), firstReport.reference);
  await Promise.all([page.waitForURL((u) => u.pathname === `/staff/cases/${firstReport.reference}`), link.click()]);

  // The report as sent: its text shown as text (this page runs with JavaScript on).
  const description = (await page.locator('.report-description').textContent()) ?? '';
  assert.ok(description.includes(scriptText), 'the description is shown with its <script> text');
  assert.ok(description.includes(marker));
  assert.equal(await page.locator('.report-description script').count(), 0, 'the description holds no script element');
  assert.deepEqual(staff.dialogs, [], 'no dialog was opened');
  const evidenceRows = page.locator('table.evidence tbody tr');
  assert.equal(await evidenceRows.count(), 1);
  const hash = ((await evidenceRows.first().locator('code.hash').textContent()) ?? '').trim();
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(
    hash,
    createHash('sha256').update(smallPng).digest('hex'),
    'the SHA-256 shown is that of the photo sent',
  );
  assert.match((await evidenceRows.first().textContent()) ?? '', /image\/png/);

  // Nobody works it yet: the investigator takes it, and finds it under "My cases".
  assert.equal(((await page.locator('p.assignee').textContent()) ?? '').trim(), 'Nobody yet (the unit)');
  await Promise.all([page.waitForURL(/done=assign/), page.click('button:has-text("Assign to me")')]);
  assert.equal(((await page.locator('p.assignee').textContent()) ?? '').trim(), 'Ruth Njeri (IAU)');
  await Promise.all([page.waitForURL((u) => u.pathname === '/staff/cases'), page.click('p.breadcrumb a')]);
  await Promise.all([page.waitForURL(/assignee=me/), page.click('nav.views a:has-text("My cases")')]);
  assert.equal(await page.locator('nav.views a[aria-current="page"]').textContent(), 'My cases');
  assert.equal(await page.locator(`table.cases a:has-text("${firstReport.reference}")`).count(), 1);
  await screenshot(page, 'queue-mine.png');
  await page.setViewportSize({ width: 360, height: 740 });
  const sideways = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(sideways <= 0, `the queue fits 360 px without sideways scrolling (${sideways} px over)`);
  await screenshot(page, 'queue-mine-360.png');
  await page.setViewportSize(desktop.viewport!);
  await page.goto(`${suite.server.url}/staff/cases/${firstReport.reference}`);

  // Status, with a reason.
  const statusForm = page.locator(`form[action="/staff/cases/${firstReport.reference}/status"]`);
  await statusForm.locator('select[name="status"]').selectOption('under_investigation');
  await statusForm
    .locator('textarea[name="reason"]')
    .fill('The officer at the roadblock has been identified; statements to be taken.');
  await Promise.all([page.waitForURL(/done=status/), statusForm.locator('button[type="submit"]').click()]);
  assert.match((await page.locator('h1 .tag').first().textContent()) ?? '', /Under investigation/);
  assert.match((await page.locator('.history').textContent()) ?? '', /statements to be taken/);

  // A message to the reporter.
  const question = 'Thank you. Can you tell us the time it happened, and the colour of the vehicle?';
  const messageForm = page.locator(`form[action="/staff/cases/${firstReport.reference}/messages"]`);
  await messageForm.locator('textarea[name="message"]').fill(question);
  await Promise.all([page.waitForURL(/done=message/), messageForm.locator('button[type="submit"]').click()]);
  assert.match((await page.locator('.messages').textContent()) ?? '', /colour of the vehicle/);
  // An internal note, for the unit only.
  const note = 'Roadblock roster for that evening requested from the OCS.';
  const noteForm = page.locator(`form[action="/staff/cases/${firstReport.reference}/notes"]`);
  await noteForm.locator('textarea[name="note"]').fill(note);
  await Promise.all([page.waitForURL(/done=note/), noteForm.locator('button[type="submit"]').click()]);
  assert.equal(await page.locator('.notes .note .body').textContent(), note);
  await screenshot(page, 'case-page-investigator.png');

  // The reporter, in a fresh browser, sees the status and the message, and replies.
  const citizen = await newPage({ ...phone, javaScriptEnabled: false });
  await followWithReceipt(citizen.page, firstReport.receipt);
  assert.equal(((await citizen.page.locator('#report-status').textContent()) ?? '').trim(), 'Under investigation');
  const fromInvestigator = citizen.page.locator('.messages .message.to_reporter .body');
  assert.equal(await fromInvestigator.count(), 1);
  assert.equal(await fromInvestigator.textContent(), question);
  assert.ok(!(await citizen.page.content()).includes('Roadblock roster'), 'the internal note is not shown');
  const answer = 'About 7 in the evening. The vehicle was a white Land Cruiser.';
  await citizen.page.fill('#message', answer);
  await Promise.all([
    citizen.page.waitForURL(/done=message/),
    citizen.page.click('main form[action="/follow/messages"] button[type="submit"]'),
  ]);
  assert.equal(await citizen.page.locator('.messages .message.from_reporter .body').textContent(), answer);
  await screenshot(citizen.page, 'follow-with-messages-360.png');

  // The investigator sees the reply.
  await page.reload();
  assert.equal(await page.locator('.messages .message.from_reporter .body').textContent(), answer);
});

test('a wall in the browser: another unit\'s investigator gets "Not found" for the IAU case', async () => {
  assert.ok(firstReport.reference, 'the first journey made a report');
  const { page } = await newPage({ ...desktop });
  await staffSignIn(page, suite.server.url, 'gender.investigator');
  const response = await page.goto(`/staff/cases/${firstReport.reference}`);
  assert.equal(response?.status(), 404);
  assert.equal(await page.locator('h1').textContent(), 'Not found');
  assert.equal(await page.locator('.report-description').count(), 0);
  assert.ok(!(await page.content()).includes(marker), 'nothing of the report is on the page');

  // Nor does the queue find it.
  await page.goto(`/staff/cases?q=${marker}`);
  assert.equal(await page.locator('table.cases tbody tr').count(), 0);
});
