/**
 * Case clocks in a real browser against `sauti serve`: an investigator asks a reporter a question and the case
 * waits for them with its clocks held; the queue's "waiting" view and the staff home say so; the case page shows
 * each clock on its calendar (desktop and 360 px). And the administrator's stations and units screens.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoHorizontalOverflow, browserSuite, desktop, screenshot, staffSignIn } from './harness.ts';

const suite = browserSuite();

test('an investigator sets a case to wait for the reporter: its clocks are held, the queue and the home count it', async () => {
  const { page } = await suite.newPage(desktop);
  await staffSignIn(page, suite.server.url, 'iau.investigator');
  await page.goto('/staff/cases?status=open&category=bribery_extortion');
  const reference = ((await page.locator('table.cases tbody tr td:first-child a').first().textContent()) ?? '').trim();
  assert.match(reference, /^CASE-\d{4}-\d{6}$/);
  assert.match(
    (await page.locator('table.cases tbody tr').first().textContent()) ?? '',
    /First response: /,
    'the queue names the clock that runs out next',
  );

  await page.goto(`/staff/cases/${reference}`);
  const clocks = page.locator('table.clocks');
  assert.deepEqual(await clocks.locator('th').allTextContents(), [
    'First response',
    'Update to the reporter',
    'Resolution',
  ]);
  assert.match((await clocks.textContent()) ?? '', /16 working hours[\s\S]*45 working hours[\s\S]*540 working hours/);

  const statusForm = page.locator(`form[action="/staff/cases/${reference}/status"]`);
  await statusForm.locator('select[name="status"]').selectOption('waiting_for_reporter');
  await statusForm.locator('textarea[name="reason"]').fill('Need the date and the amount asked for.');
  await statusForm.locator('textarea[name="publicNote"]').fill('Which day was this, and how much were you asked for?');
  await Promise.all([page.waitForURL(/done=status/), statusForm.locator('button[type="submit"]').click()]);
  assert.match((await page.locator('section[aria-labelledby="clocks-heading"]').textContent()) ?? '', /Clocks held/);
  await screenshot(page, 'case-clocks-waiting.png');

  await page.goto('/staff/cases?status=waiting_for_reporter');
  const row = page.locator('table.cases tbody tr', { hasText: reference });
  assert.match((await row.textContent()) ?? '', /Clocks held: waiting for the reporter/);
  assert.equal(await page.locator('nav.views a[aria-current="page"]').textContent(), 'Waiting for the reporter');
  await screenshot(page, 'queue-waiting.png');
  await page.setViewportSize({ width: 360, height: 740 });
  await assertNoHorizontalOverflow(page, 'the waiting view at 360 px');
  await screenshot(page, 'queue-waiting-360.png');

  await page.goto('/staff');
  assert.match((await page.locator('main').textContent()) ?? '', /1 waiting for the reporter/);
});

test('an administrator finds the Makueni stations; the stations screen fits a phone', async () => {
  const { page } = await suite.newPage(desktop);
  await staffSignIn(page, suite.server.url, 'admin');
  await page.goto('/staff/admin/stations');
  await page.selectOption('#county', '017');
  await Promise.all([page.waitForURL(/county=017/), page.click('main form button[type="submit"]')]);
  const names = await page.locator('main table tbody tr').allTextContents();
  assert.ok(
    names.some((n) => /Salama/.test(n)),
    'Salama is among the Makueni stations',
  );
  await screenshot(page, 'admin-stations.png');
  await page.setViewportSize({ width: 360, height: 740 });
  await assertNoHorizontalOverflow(page, 'the stations screen at 360 px');
  await page.goto('/staff/admin/units');
  await screenshot(page, 'admin-units-360.png');
});
