import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { messagesByKey } from '../../platform/sms/index.ts';
import { Browser, demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { pdfInfo, pdfText } from '../../platform/pdf/inspect.ts';

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;

before(async () => {
  sauti = await startSauti({ workers: false, env: { RATE_LIMIT_RECEIPTS: '1000' } });
  sauti.platform.clock.set(new Date('2026-11-30T23:40:00+03:00')); // near midnight in Nairobi
  accounts = demoAccounts(() => sauti.app);
});
after(() => sauti.close());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ');

const form = {
  'offence.SPD-15': 'yes',
  'offence.BLT': 'yes',
  registration: 'KDJ 482M',
  driverName: 'Otieno Ochieng',
  driverPhone: '0712345678',
  place: 'Mombasa road, Changamwe',
  county: '001',
  offenceAt: '2026-11-30T23:15',
  language: 'en',
};

async function issueByForm(fields: Record<string, string> = form) {
  const officer = await accounts.as('officer.mombasa');
  return officer.post('/staff/fines/new', fields, { csrfFrom: '/staff/fines/new' });
}

const linkOf = (html: string) => /href="(\/fines\/\d{10}\/[A-Za-z0-9_-]+)"/.exec(html)?.[1];

describe('the officer’s form, on a phone and without JavaScript', () => {
  test('shows every offence with its fine, the county and time filled in; submitting issues the notice', async () => {
    const officer = await accounts.as('officer.mombasa');
    const page = await officer.get('/staff/fines/new');
    assert.equal(page.statusCode, 200);
    assert.match(text(page.body), /Exceeding the speed limit by 11–15 km\/h Ksh 3,000/);
    assert.match(text(page.body), /Vehicle not fitted with seat belts \(per seat\) Ksh 1,000 per seat/);
    assert.match(page.body, /<option value="001" selected/);
    assert.match(page.body, /name="offenceAt"[^>]*value="2026-11-30T23:40"/);
    const issued = await issueByForm();
    assert.equal(issued.statusCode, 201, text(issued.body));
    assert.match(text(issued.body), /Notice \d{3} \d{3} \d{3} \d issued Fine of Ksh 3,500/);
    assert.match(text(issued.body), /M-Pesa paybill 174379, account \d{10}/, 'the SMS the driver gets');
    assert.ok(linkOf(issued.body));
    const number = /\/fines\/(\d{10})\//.exec(linkOf(issued.body)!)![1]!;
    const [sms] = await messagesByKey(sauti.platform.db.pool, `fines.notice:${number}`);
    assert.equal(sms?.status, 'queued', 'the SMS is in the outbox with the notice');
    assert.match(sms.body, new RegExp(`account ${number}`));
    assert.equal(sms.number_kept, true);
  });

  test('a form with nothing ticked comes back with the error on the offences, and nothing is issued', async () => {
    const { 'offence.SPD-15': _a, 'offence.BLT': _b, ...none } = form;
    const res = await issueByForm(none);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#offences"[^>]*>Choose at least one offence/);
    assert.match(res.body, /name="registration"[^>]*value="KDJ 482M"/, 'what was typed is kept');
  });

  test('someone not posted at a station is refused the form', async () => {
    const iau = await accounts.as('iau.investigator');
    assert.equal((await iau.get('/staff/fines/new')).statusCode, 403);
  });
});

describe('the motorist’s notice', () => {
  test('says what is owed, by when, the only paybill and account, never cash; in Kiswahili too', async () => {
    const link = linkOf((await issueByForm()).body)!;
    const motorist = new Browser(sauti.app);
    const page = await motorist.get(link);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    const words = text(page.body);
    assert.match(words, /To pay: Ksh 3,500 by 7 Dec 2026/, 'due at the end of the seventh day, Nairobi time');
    assert.match(words, /M-Pesa paybill 174379 Account number (\d{10}) Amount Ksh 3,500/);
    assert.match(words, /Never pay in cash or to an officer/);
    assert.match(words, /SMS about fines come only from NPS_KENYA/);
    motorist.cookies.set('sauti_lang', 'sw');
    const sw = text((await motorist.get(link)).body);
    assert.match(sw, /Kulipa: Ksh 3,500 kabla ya/);
    assert.match(sw, /Kuzidi kikomo cha mwendo kwa km\/h 11–15/);
  });

  test('as a PDF: tagged, one page, with the paybill and the check', async () => {
    const link = linkOf((await issueByForm()).body)!;
    const pdf = await sauti.app.inject({ method: 'GET', url: `${link}/notice.pdf` });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const info = await pdfInfo(pdf.rawPayload);
    assert.equal(info.Tagged, 'yes');
    assert.equal(info.Pages, '1');
    const words = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
    assert.match(words, /M-Pesa paybill: 174379/);
    assert.match(words, /Never pay in cash or to an officer/);
    assert.match(words, /\/fines\/verify\?number=\d{10}&registration=KDJ482M/);
  });

  test('contesting asks for nothing more; a second contest is refused; another key opens nothing', async () => {
    const link = linkOf((await issueByForm()).body)!;
    const motorist = new Browser(sauti.app);
    const contested = await motorist.post(`${link}/contest`, { reason: 'I was not speeding' }, { csrfFrom: link });
    assert.equal(contested.statusCode, 303);
    const after = text((await motorist.get(link)).body);
    assert.match(after, /Contested: for court/);
    assert.doesNotMatch(after, /How to pay/);
    const again = await motorist.post(`${link}/contest`, {}, { csrfFrom: '/fines/verify' });
    assert.equal(again.statusCode, 409);
    const wrong = await motorist.get(link.replace(/\/[^/]+$/, '/someone-elses-key'));
    assert.equal(wrong.statusCode, 404);
  });
});

describe('/fines/verify without JavaScript', () => {
  test('a genuine notice shows its amount and the only paybill; a wrong plate shows "do not pay"', async () => {
    const link = linkOf((await issueByForm()).body)!;
    const number = /\/fines\/(\d{10})\//.exec(link)![1]!;
    const anyone = new Browser(sauti.app);
    const genuine = await anyone.post(
      '/fines/verify',
      { number, registration: 'kdj482m' },
      { csrfFrom: '/fines/verify' },
    );
    assert.equal(genuine.statusCode, 200);
    assert.match(text(genuine.body), /Genuine: this notice was issued by the police/);
    assert.match(text(genuine.body), new RegExp(`Pay only by M-Pesa paybill 174379, account ${number}`));
    const other = await anyone.post('/fines/verify', { number, registration: 'KDA 1A' }, { csrfFrom: '/fines/verify' });
    assert.match(text(other.body), /No notice matches this number and number plate Do not pay/);
    const typo = await anyone.post(
      '/fines/verify',
      { number: `${number.slice(0, 9)}${(Number(number[9]) + 1) % 10}`, registration: 'KDJ482M' },
      { csrfFrom: '/fines/verify' },
    );
    assert.equal(typo.statusCode, 400);
    assert.match(typo.body, /href="#number"[^>]*>Type the notice number as printed/);
  });
});
