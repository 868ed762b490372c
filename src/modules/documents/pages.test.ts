import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Browser, demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { scanSvgQrCodes } from '../../platform/pdf/qr-scan.ts';
import { assault, lostPhone, postJson } from '../ob/test-desk.ts';
import { documentDemands } from '../reports/index.ts';
import { FreeNotice } from './pages/free-notice.tsx';

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

/** The free notice of a page, and the query of its report link. */
function freeNotice(html: string): { notice: string; report: URLSearchParams } {
  const notice = /<aside class="notice free-notice"[^]*?<\/aside>/.exec(html)?.[0];
  assert.ok(notice, 'the page has the free notice');
  const href = /href="(\/report\?[^"]+)"/.exec(notice)?.[1];
  assert.ok(href, 'the notice links to /report');
  return { notice, report: new URLSearchParams(decode(href).split('?')[1]) };
}

const english = {
  title: 'These documents are free',
  body: 'A police abstract and a P3 form cost nothing, by law.',
  report: 'Report a demand for money',
};
const kiswahili = {
  title: 'Hati hizi ni bure',
  body: 'Abstract ya polisi na fomu ya P3 hazilipiwi, kwa mujibu wa sheria.',
  report: 'Ripoti kuombwa pesa',
};

/** The notice says all of it in both languages, the page's first, each part marked with its language. */
function assertBothLanguages(notice: string, first: 'en' | 'sw') {
  const [a, b] = first === 'en' ? [english, kiswahili] : [kiswahili, english];
  const [langA, langB] = first === 'en' ? ['en', 'sw'] : ['sw', 'en'];
  for (const text of [a.title, a.body, a.report, b.title, b.body, b.report])
    assert.ok(notice.includes(text), `"${text}" in ${notice}`);
  assert.ok(notice.indexOf(a.body) < notice.indexOf(b.body), 'the page’s language first');
  assert.match(notice, new RegExp(`<div lang="${langA}">[^]*?${a.body}[^]*?</div>`));
  assert.match(notice, new RegExp(`<div lang="${langB}">[^]*?${b.body}[^]*?</div>`));
  assert.match(notice, new RegExp(`<span lang="${langB}">${b.report}</span>`));
}

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

describe('the free notice on every request page, in both languages', () => {
  test('the request form says it in English then Kiswahili, its link filled in with the station and the kind asked for', async () => {
    const browser = new Browser(sauti.app);
    const page = await browser.get('/documents?station=salama&kind=p3');
    assert.equal(page.statusCode, 200);
    const { notice, report } = freeNotice(page.body);
    assertBothLanguages(notice, 'en');
    assert.deepEqual(Object.fromEntries(report), {
      category: 'bribery_extortion',
      station: 'salama',
      about: 'P3 form (medical examination)',
      document: 'p3',
    });
    const unknown = freeNotice((await browser.get('/documents')).body).report;
    assert.deepEqual(Object.fromEntries(unknown), { category: 'bribery_extortion', about: 'A document request' });
  });

  test('in Kiswahili it is Kiswahili first, then English; the follow page links the kind, then the number once issued', async () => {
    const browser = new Browser(sauti.app);
    browser.cookies.set('sauti_lang', 'sw');
    const form = freeNotice((await browser.get('/documents?station=salama')).body);
    assertBothLanguages(form.notice, 'sw');

    const desk = await demoAccounts(() => sauti.app).as('officer.salama');
    const entry = await postJson(sauti, desk, '/api/ob/stations/salama/entries', assault);
    assert.equal(entry.statusCode, 201, entry.body);
    const { obNumber, slipCode } = entry.json() as { obNumber: string; slipCode: string };
    const made = await sauti.app.inject({
      method: 'POST',
      url: '/api/documents/requests',
      payload: { station: 'salama', ob: obNumber, code: slipCode, kind: 'p3', language: 'sw' },
    });
    assert.equal(made.statusCode, 201, made.body);
    const follow = async () => freeNotice((await browser.get(`/documents/follow?code=${made.json().code}`)).body);
    const waiting = await follow();
    assertBothLanguages(waiting.notice, 'sw');
    assert.deepEqual(Object.fromEntries(waiting.report), {
      category: 'bribery_extortion',
      station: 'salama',
      about: 'Fomu ya P3 (uchunguzi wa kimatibabu)',
      document: 'p3',
    });

    const requests = (await desk.get('/api/documents/stations/salama/requests')).json().requests as Array<{
      id: string;
      obNumber: string;
    }>;
    const request = requests.find((r) => r.obNumber === obNumber)!;
    const issued = await postJson(sauti, desk, '/api/documents/stations/salama/documents', { request: request.id });
    assert.equal(issued.statusCode, 201, issued.body);
    const issuedReport = (await follow()).report;
    assert.equal(issuedReport.get('document'), issued.json().number);
    assert.equal(issuedReport.get('about'), 'Fomu ya P3 (uchunguzi wa kimatibabu)');
  });

  test('with Sauti’s address, the notice carries a QR code (bytes, M) that scans to exactly its own link, made absolute', async () => {
    const link = { station: 'salama', about: 'Police abstract', document: 'PA/SALAMA/2026/7' };
    const html = renderToString(h(FreeNotice, { locale: 'en', link, publicUrl: 'https://sauti.example' }));
    const { report } = freeNotice(html);
    const expected = `https://sauti.example/report?${report.toString()}`;
    assert.equal(
      expected,
      `https://sauti.example/report?category=bribery_extortion&station=salama&about=Police+abstract&document=PA%2FSALAMA%2F2026%2F7`,
    );
    const scanned = await scanSvgQrCodes(html);
    assert.equal(scanned.length, 1);
    assert.equal(scanned[0]!.text, expected);
    assert.equal(scanned[0]!.ecLevel, 'M');
    assert.match(
      html,
      /<svg[^>]* width="120" height="120" role="img" aria-label="QR code that opens the form to report a demand for money, filled in for this station and document"/,
    );
    const sw = renderToString(h(FreeNotice, { locale: 'sw', link, publicUrl: 'https://sauti.example' }));
    assert.match(sw, /aria-label="Msimbo wa QR unaofungua fomu ya kuripoti kuombwa pesa/);
    assert.equal((await scanSvgQrCodes(sw))[0]!.text, expected);
  });

  test('the request page as served carries that QR code, made absolute with Sauti’s own address', async () => {
    const query = new URLSearchParams({ station: 'salama', ob: slip.obNumber, code: slip.slipCode });
    const page = await sauti.app.inject({ method: 'GET', url: `/documents?${query.toString()}` });
    assert.equal(page.statusCode, 200);
    const { report } = freeNotice(page.body);
    const scanned = await scanSvgQrCodes(freeNotice(page.body).notice);
    assert.deepEqual(
      scanned.map((q) => q.text),
      [`${sauti.config.publicUrl}/report?${report.toString()}`],
    );
  });
});
