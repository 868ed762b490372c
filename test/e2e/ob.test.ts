/**
 * The Occurrence Book in real browsers against `sauti serve`: a desk officer at Kasarani, on a
 * 360 px phone in Kiswahili, records a lost phone, an arrest and the release (from the custody
 * clock's link); the complainant checks the slip at /ob/verify from its QR code's address, and sees
 * the entry without its content; the station's commander closes yesterday's book. Screenshots go to
 * /tmp/ob-shots (and test-results/screenshots).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  assertAccessible,
  assertNoHorizontalOverflow,
  browserSuite,
  desktop,
  phone,
  screenshotsIn,
  staffSignIn,
} from './harness.ts';

const suite = browserSuite(() => ({ JOB_POLL_SECONDS: '1' }));
const shots = '/tmp/ob-shots';

const shoot = screenshotsIn(shots, 'ob');

/** A date in Nairobi, `days` from today. */
function nairobiDay(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi' }).format(new Date(Date.now() + days * 864e5));
}

async function inKiswahili(page: Page, back: string): Promise<void> {
  await page.goto(`/lang?to=sw&back=${encodeURIComponent(back)}`);
}

/** Saves the desk form and returns the slip's OB number and code. */
async function save(page: Page): Promise<{ ob: string; code: string; url: string }> {
  await Promise.all([page.waitForURL(/\/slip\?done=recorded$/), page.click('#ob-desk button[type="submit"]')]);
  const ob = ((await page.locator('#ob-number').textContent()) ?? '').replace(/^OB\s*/, '').trim();
  const code = ((await page.locator('#slip-code').textContent()) ?? '').trim();
  return { ob, code, url: page.url() };
}

let lost: { ob: string; code: string; url: string };

test('a desk officer on a phone, in Kiswahili, records a lost phone, an arrest and the release', async () => {
  const { page } = await suite.newPage(phone);
  await staffSignIn(page, suite.server.url, 'officer.kasarani');
  await inKiswahili(page, '/staff/ob/kasarani/new');
  assert.match((await page.locator('h1').textContent()) ?? '', /Ingizo jipya/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'kind', 'the kind is focused first');

  // the lost phone: only the common fields; the kinds' own sections stay hidden
  await page.selectOption('#kind', 'lost_property');
  assert.equal(await page.locator('#section-arrest').isVisible(), false);
  assert.equal(await page.inputValue('select[name="persons.0.role"]'), 'complainant');
  await page.fill('#place', 'Kasarani, karibu na lango la uwanja');
  await page.fill('#narrative', 'Mlalamikaji anaripoti kupoteza simu ya Tecno alipokuwa akipanda matatu.');
  await page.fill('[id="persons.0.name"]', 'Wanjiku Kamau');
  await page.fill('[id="persons.0.phone"]', '0712 345 678');
  await page.fill('[id="property.0.description"]', 'Tecno Spark 10, nyeusi');
  await page.fill('[id="property.0.serial"]', '356789012345678');
  await assertNoHorizontalOverflow(page, 'desk form');
  await assertAccessible(page, 'desk form');
  await shoot(page, 'desk-form-360-sw.png');
  lost = await save(page);
  assert.match(lost.ob, /^\d+\/\d{2}\/\d{2}\/\d{4}$/);
  assert.match(lost.code, /^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await assertNoHorizontalOverflow(page, 'slip');
  await shoot(page, 'slip-360-sw.png');

  // the arrest: its section shows, the first person is the one arrested
  await page.goto('/staff/ob/kasarani/new');
  await page.selectOption('#kind', 'arrest');
  assert.equal(await page.locator('#section-arrest').isVisible(), true);
  assert.equal(await page.locator('#section-release').isVisible(), false);
  assert.equal(await page.inputValue('select[name="persons.0.role"]'), 'arrested');
  await page.fill('[id="arrest.arrestedBy"]', 'Cpl. Daniel Otieno, 2012-067345');
  await page.fill('[id="arrest.reason"]', 'Kupatikana na mali ya wizi');
  await page.fill('#place', 'Soko la Kasarani');
  await page.fill('#narrative', 'Mshukiwa alipatikana na simu inayolingana na ripoti.');
  await page.fill('[id="persons.0.name"]', 'John Doe');
  const arrest = await save(page);

  // the book: the custody clock runs for the arrest, with the link to record the release
  await page.goto(`/staff/ob/kasarani/${nairobiDay()}`);
  assert.match((await page.locator('.ob-custody').textContent()) ?? '', /John Doe[\s\S]*kizuizini/);
  await assertNoHorizontalOverflow(page, "day's book");
  await assertAccessible(page, "day's book");
  await shoot(page, 'book-360-sw.png');
  await Promise.all([page.waitForURL(/kind=release/), page.click('.ob-custody a')]);
  assert.equal(await page.locator('#section-release').isVisible(), true);
  assert.equal(await page.inputValue('[id="release.releaseOf"]'), `OB ${arrest.ob}`);
  await page.selectOption('[id="release.releaseMode"]', 'bail');
  await page.fill('[id="release.releaseNote"]', 'Dhamana ya KES 5,000, risiti 0012');
  await page.fill('#narrative', 'Ameachiliwa kwa dhamana ya pesa ya polisi.');
  await save(page);

  await page.goto(`/staff/ob/kasarani/${nairobiDay()}`);
  assert.match((await page.locator('.ob-custody').textContent()) ?? '', /Hakuna anayezuiliwa/);
  assert.match((await page.locator('.ob-entries').textContent()) ?? '', /Kuachiliwa/);
  await shoot(page, 'book-after-release-360-sw.png');
});

test('the complainant checks the slip at /ob/verify and sees the entry, never its content', async () => {
  const { page } = await suite.newPage(phone);
  const query = new URLSearchParams({ station: 'kasarani', ob: lost.ob, code: lost.code });
  await page.goto(`/ob/verify?${query.toString()}`);
  assert.equal(await page.inputValue('#code'), lost.code);
  await page.click('main form button[type="submit"]');
  const result = (await page.locator('#result').textContent()) ?? '';
  assert.match(result, new RegExp(`OB ${lost.ob.replace(/\//g, '\\/')} is in the book of Kasarani Police Station`));
  const body = (await page.locator('main').textContent()) ?? '';
  for (const secret of ['Wanjiku', 'Tecno', 'matatu', '0712'])
    assert.doesNotMatch(body, new RegExp(secret), `the check shows no content (${secret})`);
  await assertNoHorizontalOverflow(page, 'verify page');
  await assertAccessible(page, 'verify page');
  await shoot(page, 'verify-360.png');

  await page.fill('#code', 'AAAA-AAAA');
  await page.click('main form button[type="submit"]');
  assert.match((await page.locator('#result').textContent()) ?? '', /No entry with this OB number and code/);
});

test("the station's commander closes yesterday's book", async () => {
  const { page } = await suite.newPage(desktop);
  await staffSignIn(page, suite.server.url, 'ocs.kasarani');
  await page.goto(`/staff/ob/kasarani/${nairobiDay(-1)}`);
  await Promise.all([page.waitForURL(/done=closed/), page.click('.ob-close button[type="submit"]')]);
  assert.match((await page.locator('.ob-close').textContent()) ?? '', /This day was closed by OB \d+\//);
  await shoot(page, 'day-close.png');
  await page.goto(`/staff/ob/kasarani/${nairobiDay()}/print`);
  assert.equal(await page.locator('.staff-nav').count(), 0);
  await shoot(page, 'print.png');
});
