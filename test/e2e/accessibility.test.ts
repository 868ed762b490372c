/**
 * axe over the citizen and staff screens: no serious or critical accessibility problem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContextOptions, Page } from 'playwright-core';
import {
  assertAccessible,
  browserSuite,
  DEMO_PASSWORD,
  desktop,
  phone,
  RECEIPT_PATTERN,
  smallPng,
  staffSignIn,
} from './harness.ts';

const suite = browserSuite();
let receipt = '';
let reference = '';

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  return (await suite.newPage(options)).page;
}

function postReport(page: Page) {
  return Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/report') && r.request().method() === 'POST'),
    page.click('#submit-report'),
  ]);
}

test('citizen pages in English: home, report form (empty and with errors), receipt, follow', async () => {
  const page = await newPage(phone);
  await page.goto('/');
  await assertAccessible(page, 'home page');

  await page.goto('/report');
  await assertAccessible(page, 'report form');

  const [empty] = await postReport(page);
  assert.equal(empty.status(), 400);
  await page.locator('.error-summary').waitFor();
  await assertAccessible(page, 'report form with errors');

  await page.check('#category');
  await page.fill('#description', 'A traffic officer took my driving licence and asked for money to return it.');
  await page.selectOption('#county', '017');
  await page.selectOption('#station', 'salama');
  await page.setInputFiles('#evidence', { name: 'licence.png', mimeType: 'image/png', buffer: smallPng });
  const [sent] = await postReport(page);
  assert.equal(sent.status(), 201);
  receipt = ((await page.locator('#receipt-code').textContent()) ?? '').trim();
  assert.match(receipt, RECEIPT_PATTERN);
  reference = ((await page.locator('.summary-list dd').first().textContent()) ?? '').trim();
  await assertAccessible(page, 'receipt page');

  await page.goto('/follow');
  await assertAccessible(page, 'follow: receipt code form');
  await page.fill('#receipt', '0000 0000 0000 0000');
  await page.click('main form[action="/follow"] button[type="submit"]');
  await page.locator('.error-summary').waitFor();
  await assertAccessible(page, 'follow: unknown receipt code');
  await page.fill('#receipt', receipt);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/follow'),
    page.click('main form[action="/follow"] button[type="submit"]'),
  ]);
  await page.locator('#report-status').waitFor();
  await assertAccessible(page, 'follow: report status');
});

test('citizen pages in Kiswahili: report form, empty and with errors', async () => {
  const page = await newPage({ ...phone, locale: 'sw-KE' });
  await page.goto('/report');
  assert.equal(await page.getAttribute('html', 'lang'), 'sw');
  await assertAccessible(page, 'Kiswahili report form');
  await postReport(page);
  await page.locator('.error-summary').waitFor();
  await assertAccessible(page, 'Kiswahili report form with errors');
});

test('staff pages: sign-in, two-factor, queue, case', async () => {
  assert.ok(reference, 'a report was made');
  const page = await newPage(desktop);
  await page.goto('/staff/sign-in');
  await assertAccessible(page, 'sign-in');
  await page.fill('#username', 'iau.investigator');
  await page.fill('#password', 'not the password');
  await page.click('main button[type="submit"]');
  await page.locator('.error-summary').waitFor();
  await assertAccessible(page, 'sign-in with an error');

  await staffSignIn(page, suite.server.url, 'iau.investigator');
  await assertAccessible(page, 'staff home');
  await page.goto('/staff/cases');
  assert.ok((await page.locator('table.cases tbody tr').count()) > 0);
  await assertAccessible(page, 'case queue');
  await page.goto(`/staff/cases/${reference}`);
  await page.locator('.report-description').waitFor();
  await assertAccessible(page, 'case page');

  // The case page with an error shown (a status change without a reason).
  const statusForm = page.locator(`form[action="/staff/cases/${reference}/status"]`);
  await statusForm.locator('select[name="status"]').selectOption('closed');
  await statusForm.locator('button[type="submit"]').click();
  await page.locator('.error-summary').waitFor();
  await assertAccessible(page, 'case page with errors');

  // Reassigning without a reason: the summary links to the reassign form's own reason box.
  const reassignForm = page.locator(`form[action="/staff/cases/${reference}/reassign"]`);
  await reassignForm.locator('select[name="unit"]').selectOption('DCI');
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/reassign')),
    reassignForm.locator('button[type="submit"]').click(),
  ]);
  assert.equal(refused.status(), 400);
  await page.waitForLoadState();
  assert.deepEqual(
    await page.locator('.error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ['#reassign-reason'],
  );
  assert.equal(await page.locator('#reassign-reason').getAttribute('name'), 'reason');
  assert.equal(await page.locator('label[for="reassign-reason"]').count(), 1);
  await assertAccessible(page, 'case page with a reassign error');
});

test('two-factor page', async () => {
  const page = await newPage(desktop);
  await page.goto('/staff/sign-in');
  await page.fill('#username', 'gender.investigator');
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/staff\/two-factor/), page.click('main button[type="submit"]')]);
  await assertAccessible(page, 'two-factor');
});
