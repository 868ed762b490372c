import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { lostPhone, postJson } from '../ob/test-desk.ts';
import { documentDemands } from '../reports/index.ts';

let sauti: TestContext;
let slip: { obNumber: string; slipCode: string };

before(async () => {
  sauti = await startSauti({ workers: false, env: { RATE_LIMIT_RECEIPTS: '1000' } });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
  const desk = await demoAccounts(() => sauti.app).as('officer.salama');
  const res = await postJson(sauti, desk, '/api/ob/stations/salama/entries', lostPhone);
  assert.equal(res.statusCode, 201, res.body);
  slip = res.json();
});
after(() => sauti.close());

const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&#x2F;|&#47;/g, '/');

describe('the request pages, without JavaScript', () => {
  test('the slip’s link opens the form filled in, in Kiswahili, saying the documents are free', async () => {
    const browser = new Browser(sauti.app);
    browser.cookies.set('sauti_lang', 'sw');
    const query = new URLSearchParams({ station: 'salama', ob: slip.obNumber, code: slip.slipCode });
    const page = await browser.get(`/documents?${query.toString()}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="sw"/);
    assert.match(page.body, /Hati hizi ni bure/);
    assert.match(page.body, new RegExp(`name="code"[^>]*value="${slip.slipCode}"`));
  });

  test('a request sent by form shows its code once, its clock, and a one-tap report of a demand for money', async () => {
    const browser = new Browser(sauti.app);
    const sent = await browser.post(
      '/documents',
      { station: 'salama', ob: slip.obNumber, code: slip.slipCode, kind: 'abstract_general', language: 'en' },
      { csrfFrom: '/documents' },
    );
    assert.equal(sent.statusCode, 201, sent.body);
    const code = /class="receipt-code"><strong>([A-Z0-9-]+)</.exec(sent.body)?.[1];
    assert.ok(code, 'the request code is shown');
    assert.match(sent.body, /by 1 Dec 2026, 10:00 EAT/);
    const report = /href="(\/report\?[^"]+)"/.exec(sent.body)?.[1];
    assert.ok(report);
    const params = new URLSearchParams(decode(report).split('?')[1]);
    assert.deepEqual([params.get('category'), params.get('station')], ['bribery_extortion', 'salama']);

    const followed = await browser.get(`/documents/follow?code=${code}`);
    assert.equal(followed.statusCode, 200);
    assert.match(followed.body, /Police abstract: waiting for the station/);
    const unknown = await browser.get('/documents/follow?code=2222-3333-4444');
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /There is no request with that code/);

    const form = await browser.get(decode(report));
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="bribery_extortion"[^>]*checked|checked[^>]*value="bribery_extortion"/);
  });

  test('a wrong slip code answers as an unknown number does, and names nothing', async () => {
    const browser = new Browser(sauti.app);
    const wrong = await browser.post(
      '/documents',
      { station: 'salama', ob: slip.obNumber, code: 'ABCD-EFGH', kind: 'p3' },
      { csrfFrom: '/documents' },
    );
    assert.equal(wrong.statusCode, 404);
    assert.match(wrong.body, /No entry matches that station, OB number and slip code/);
    const empty = await browser.post(
      '/documents',
      { station: '', ob: '', code: '', kind: '' },
      { csrfFrom: '/documents' },
    );
    assert.equal(empty.statusCode, 400);
    for (const field of ['station', 'ob', 'code', 'kind']) assert.match(empty.body, new RegExp(`id="${field}-error"`));
  });

  test('a demand for money reported from the link reaches IAU, counted against the station and the kind of document', async () => {
    const browser = new Browser(sauti.app);
    const query = new URLSearchParams({
      category: 'bribery_extortion',
      station: 'salama',
      about: 'Police abstract, OB 1/30/11/2026',
      document: 'abstract_general',
    });
    const form = await browser.get(`/report?${query.toString()}`);
    assert.match(form.body, /name="aboutDocument" value="abstract_general"/);
    const sent = await browser.post('/report', {
      category: 'bribery_extortion',
      description: 'Police abstract, OB 1/30/11/2026: the desk asked me for KSh 1,000.',
      county: '017',
      station: 'salama',
      anonymous: 'yes',
      aboutDocument: 'abstract_general',
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const forged = await browser.post('/report', {
      category: 'bribery_extortion',
      description: 'Another demand, with a link someone edited.',
      county: '017',
      station: 'salama',
      anonymous: 'yes',
      aboutDocument: "'); drop table reports; --",
    });
    assert.equal(forged.statusCode, 201, forged.body);
    const { rows } = await sauti.platform.db.pool.query(
      `select r.about_document, c.unit_code from reports r join cases c on c.id = r.case_id
       where r.station_id = 'salama' and r.category = 'bribery_extortion' order by r.id`,
    );
    assert.deepEqual(rows, [
      { about_document: 'abstract_general', unit_code: 'IAU' },
      { about_document: null, unit_code: 'IAU' },
    ]);
    assert.deepEqual(await documentDemands(sauti.platform), [
      { stationId: 'salama', document: 'abstract', reports: 1 },
    ]);
  });
});
