/**
 * The public transparency portal in a real browser against `sauti serve` (demo data: its #EngageTheIG commitments
 * are live on the page): two released months are written into the server's database as the release job writes
 * them, then the overview is read at 360 px and on a desktop, in English and in Kiswahili, without JavaScript
 * too. Screenshots go to /tmp/transparency-shots (and test-results/screenshots).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { jurisdiction } from '../../src/jurisdiction/kenya/index.ts';
import { addMonths, localMonth } from '../../src/platform/time/index.ts';
import { generator, randomMonth } from '../../src/modules/insights/transparency/attack.ts';
import { CHECKPOINT, november, SNAPSHOT } from '../../src/modules/insights/transparency/harness.ts';
import { insertRelease } from '../../src/modules/insights/transparency/store.ts';
import { buildReleaseTables, type MonthFacts } from '../../src/modules/insights/transparency/tables.ts';
import {
  assertAccessible,
  assertNoHorizontalOverflow,
  browserSuite,
  desktop,
  phone,
  screenshotsIn,
} from './harness.ts';

const suite = browserSuite();
const shoot = screenshotsIn('/tmp/transparency-shots', 'transparency');
const latest = addMonths(localMonth(new Date(), jurisdiction.timeZone), -1);
const earlier = addMonths(latest, -1);

/** The server's embedded PostgreSQL, as its superuser, in Sauti's database. */
async function serverDatabase(): Promise<pg.Client> {
  const dir = join(suite.server.dataDir, 'postgres');
  const port = readFileSync(join(dir, 'cluster', 'postmaster.pid'), 'utf8')
    .split('\n')[3]!
    .trim();
  const password = readFileSync(join(dir, 'postgres-password'), 'utf8').trim();
  const client = new pg.Client({
    host: '127.0.0.1',
    port: Number(port),
    user: 'postgres',
    password,
    database: 'sauti',
  });
  await client.connect();
  return client;
}

async function release(db: pg.Client, month: string, facts: MonthFacts): Promise<void> {
  const rules = { standard: { k: 5 }, custody: { k: 10 } };
  const now = new Date();
  await insertRelease(db, {
    month,
    released_at: now,
    refreshed_at: new Date(now.getTime() - 10 * 60_000),
    snapshot: SNAPSHOT,
    checkpoint_size: String(CHECKPOINT[0]),
    checkpoint_root: CHECKPOINT[1],
    checkpoint_witnesses: 2,
    min_count: rules.standard.k,
    min_custody_count: rules.custody.k,
    tables: buildReleaseTables(facts, jurisdiction.counties, rules),
  });
}

/** Writes the two released months into the server's database once, before the first page is read. */
let released: Promise<void> | undefined;
const releaseMonths = () => (released ??= writeReleases());

async function writeReleases(): Promise<void> {
  const db = await serverDatabase();
  try {
    await release(db, earlier, randomMonth(generator(2026), ['001', '017', '047']));
    await release(db, latest, november);
  } finally {
    await db.end();
  }
}

const hiddenCells = (page: Page) => page.locator('table.transparency .figure-small');

test('the overview on a phone: commitments, complaints by county with small counts in words, custody, provenance', async () => {
  await releaseMonths();
  const { page } = await suite.newPage(phone);
  await page.goto('/transparency');
  assert.match((await page.locator('h1').textContent()) ?? '', /Police figures for/);
  assert.ok((await hiddenCells(page).count()) > 0, 'some counts are hidden');
  assert.match((await hiddenCells(page).first().textContent()) ?? '', /^fewer than (5|10)$/);
  const custody = page.locator('#table-custody_by_county');
  assert.match((await custody.textContent()) ?? '', /fewer than 10/);
  assert.match((await page.locator('#provenance').textContent()) ?? '', new RegExp(SNAPSHOT));
  await assertNoHorizontalOverflow(page, 'the transparency overview at 360 px');
  await assertAccessible(page, 'the transparency overview');
  await shoot(page, 'overview-en-360.png');
});

test('the overview on a desktop, and the earlier month it links to', async () => {
  await releaseMonths();
  const { page } = await suite.newPage(desktop);
  await page.goto('/transparency');
  await shoot(page, 'overview-en-desktop.png');
  await page.click(`a[href="/transparency/${earlier}"]`);
  await page.waitForURL(new RegExp(`/transparency/${earlier}$`));
  assert.match((await page.locator('h1').textContent()) ?? '', /Police figures for/);
});

test('in Kiswahili, on a phone and a desktop, without JavaScript', async () => {
  await releaseMonths();
  for (const [options, name] of [
    [phone, 'overview-sw-360.png'],
    [desktop, 'overview-sw-desktop.png'],
  ] as const) {
    const { page } = await suite.newPage({ ...options, locale: 'sw-KE', javaScriptEnabled: false });
    await page.goto('/transparency');
    assert.match((await page.locator('h1').textContent()) ?? '', /Takwimu za polisi za/);
    assert.match((await hiddenCells(page).first().textContent()) ?? '', /^chini ya (5|10)$/);
    if (options === phone) await assertNoHorizontalOverflow(page, 'the overview in Kiswahili at 360 px');
    await shoot(page, name);
  }
});

test('the data dictionary on a phone', async () => {
  await releaseMonths();
  const { page } = await suite.newPage(phone);
  await page.goto('/transparency/data');
  assert.match((await page.locator('main').textContent()) ?? '', /complaints_by_outcome/);
  await assertNoHorizontalOverflow(page, 'the data dictionary at 360 px');
  await shoot(page, 'dictionary-en-360.png');
});
