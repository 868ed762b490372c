import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { csvFields } from '../../../platform/text/csv.ts';
import { localMonth } from '../../../platform/time/index.ts';
import { demoAccounts, fileReport, startSauti, validReport, type TestContext } from '../../../../test/helpers.ts';
import { refreshInsights } from '../refresh/service.ts';

let sauti: TestContext;
const accounts = demoAccounts(() => sauti.app);
/** This month where the figures are counted (Nairobi), whatever the hour. */
const month = () => localMonth(sauti.platform.clock.now(), sauti.platform.config.jurisdiction.timeZone);

/** Reports filed as citizens do: 6 at Salama (Makueni), 2 at Wote (Makueni), 3 at Kasarani (Nairobi). */
const filed: Array<[string, string, number]> = [
  ['017', 'salama', 6],
  ['017', 'wote', 2],
  ['047', 'kasarani', 3],
];

before(async () => {
  sauti = await startSauti({ workers: false });
  for (const [county, station, n] of filed)
    for (let i = 0; i < n; i++) await fileReport(sauti.app, { ...validReport, county, station });
  await fileReport(sauti.app, { ...validReport, category: 'brutality', county: '047', station: 'kasarani' });
  await refreshInsights(sauti.platform);
});
after(() => sauti?.close());

/** A table's rows as the page shows them: each row's cells' text. */
function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table class="insight-table" id="${id}">([\\s\\S]*?)</table>`).exec(html);
  assert.ok(table, `table ${id} is on the page`);
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(table[1]!)![1]!;
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()),
  );
}

describe('the IG office', () => {
  test('filters to Makueni and sees Salama first among demands for money, in the table, the CSV and the map', async () => {
    const ig = await accounts.as('ig.office');
    const page = await ig.get('/staff/insights/bribery?county=017');
    assert.equal(page.statusCode, 200);
    const rows = tableRows(page.body, 'bribery-by-station');
    assert.deepEqual(
      rows.map((r) => [r[0], r[2]]),
      [
        ['Salama Police Station', '6'],
        ['Wote Police Station', '2'],
      ],
    );
    assert.match(page.body, /<figure class="county-map"/);
    assert.match(page.body, /<title>Makueni: 8<\/title>/);
    assert.match(page.body, /OpenStreetMap/);
    const csv = await ig.get(`/staff/insights/bribery/bribery-by-station.csv?county=017&from=${month()}&to=${month()}`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trim().split(/\r?\n/).map(csvFields);
    assert.deepEqual(lines[0], ['code', 'name', 'county', 'reports', 'about_abstract', 'about_p3']);
    assert.deepEqual(lines[1]!.slice(0, 4), ['salama', 'Salama Police Station', 'Makueni', '6']);
  });

  test('sees every county by default, with cases counted by category and county', async () => {
    const ig = await accounts.as('ig.office');
    const page = await ig.get('/staff/insights');
    assert.equal(page.statusCode, 200);
    const counties = new Map(tableRows(page.body, 'cases-by-county').map((r) => [r[0], r[1]]));
    assert.equal(counties.get('Makueni'), '8');
    assert.equal(counties.get('Nairobi City'), '4');
    const categories = new Map(tableRows(page.body, 'cases-by-category').map((r) => [r[0], r[1]]));
    assert.equal(categories.size, 2);
    assert.match(page.body, /Figures as of/);
  });

  test('a bad month is refused with an error naming the field, and the default view is shown', async () => {
    const ig = await accounts.as('ig.office');
    const page = await ig.get('/staff/insights/cases?from=2026-13');
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /href="#from"/);
    const unknown = await ig.get('/staff/insights/cases?county=999');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /href="#county"/);
    assert.equal((await ig.get('/staff/insights/nonsense')).statusCode, 404);
    assert.equal((await ig.get('/staff/insights/cases/no-such-table.csv')).statusCode, 404);
  });
});

describe('who else may look', () => {
  test('a station commander sees their own county only, whatever the address asks', async () => {
    const ocs = await accounts.as('ocs.salama');
    const page = await ocs.get('/staff/insights/bribery?county=047');
    assert.equal(page.statusCode, 200);
    const stations = tableRows(page.body, 'bribery-by-station').map((r) => r[0]);
    assert.deepEqual(stations, ['Salama Police Station', 'Wote Police Station']);
    assert.doesNotMatch(page.body, /Kasarani Police Station/);
  });

  test("an investigator sees their unit's cases only and not the stations' books or fines", async () => {
    const iau = await accounts.as('iau.investigator');
    const page = await iau.get('/staff/insights/cases');
    assert.equal(page.statusCode, 200);
    const units = tableRows(page.body, 'clocks-by-unit').map((r) => r[0]);
    assert.ok(
      units.every((u) => u === 'Internal Affairs Unit'),
      units.join(),
    );
    assert.equal((await iau.get('/staff/insights/fines')).statusCode, 404);
    assert.equal((await iau.get('/staff/insights/ob')).statusCode, 404);
  });

  test('an officer, a moderator and the public are refused', async () => {
    for (const who of ['officer.salama', 'moderator']) {
      const b = await accounts.as(who);
      assert.equal((await b.get('/staff/insights')).statusCode, 403, who);
      assert.equal((await b.get('/staff/insights/cases/cases-by-county.csv')).statusCode, 403, who);
    }
    const anonymous = await sauti.app.inject({ method: 'GET', url: '/staff/insights' });
    assert.ok([302, 303, 401].includes(anonymous.statusCode), String(anonymous.statusCode));
  });
});
