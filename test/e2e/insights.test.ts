/**
 * The IG's dashboard in a real browser against `sauti serve` with its demo data: the IG's office filters to
 * Makueni by clicking the county on the map, sees Salama's demands for money in the table, and the page fits a
 * phone; in Kiswahili too. Without JavaScript: everything here is links and a GET form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoHorizontalOverflow, browserSuite, desktop, screenshot, staffSignIn } from './harness.ts';

const suite = browserSuite();

test("the IG's office clicks Makueni on the bribery map and finds Salama at the top of the table", async () => {
  const { page } = await suite.newPage({ ...desktop, javaScriptEnabled: false });
  await staffSignIn(page, suite.server.url, 'ig.office');
  await page.goto('/staff/insights/bribery');
  assert.match((await page.locator('.insight-meta').textContent()) ?? '', /Figures as of/);
  await screenshot(page, 'insights-bribery-national.png');
  await Promise.all([page.waitForURL(/county=017/), page.locator('figure.county-map a[href*="county=017"]').click()]);
  const first = page.locator('#bribery-by-station tbody tr').first();
  assert.match((await first.locator('th').textContent()) ?? '', /Salama Police Station/);
  await screenshot(page, 'insights-bribery-makueni.png');
  await page.goto('/staff/insights/cases?county=017');
  await screenshot(page, 'insights-cases-makueni.png');
  await page.setViewportSize({ width: 360, height: 740 });
  await assertNoHorizontalOverflow(page, 'the dashboard at 360 px');
  await screenshot(page, 'insights-cases-makueni-360.png');
  await page.goto('/lang?to=sw&back=%2Fstaff%2Finsights%2Fbribery%3Fcounty%3D017');
  assert.match((await page.locator('h1').textContent()) ?? '', /Takwimu/);
  await screenshot(page, 'insights-bribery-makueni-sw-360.png');
});
