import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { pdfInfo, pdfLanguage, pdfStructure, pdfText, unmarkedText } from '../../../platform/pdf/inspect.ts';
import { scanPdfQrCodes, scanSvgQrCodes } from '../../../platform/pdf/qr-scan.ts';
import { integrateNow } from '../log/index.ts';
import { slipPdf } from '../slip/pdf.ts';
import { arrest, postJson } from '../test-desk.ts';

let sauti: TestContext;
const as = demoAccounts(() => sauti.app).as;
const pool = () => sauti.platform.db.pool;
const entries = async () => (await pool().query<{ n: number }>('select count(*)::int as n from ob_entries')).rows[0]!.n;

before(async () => {
  sauti = await startSauti();
  sauti.platform.clock.set(new Date('2026-11-30T10:20:00+03:00'));
});
after(() => sauti.close());

const DESK = '/staff/ob/kasarani/new';

/** The lost phone as the desk form posts it (urlencoded, field names as the form has them). */
const lostPhoneForm = {
  kind: 'lost_property',
  occurredAt: '2026-11-30T08:10',
  place: 'Kasarani, near the stadium gate',
  narrative: 'Complainant reports losing a Tecno phone while boarding a matatu.',
  'persons.0.role': 'complainant',
  'persons.0.name': 'Wanjiku Kamau',
  'persons.0.idNumber': '23456789',
  'persons.0.phone': '0712 345 678',
  'persons.1.role': 'witness',
  'property.0.description': 'Tecno Spark 10, black',
  'property.0.serial': '356789012345678',
  // another kind's section, filled in by mistake: ignored for a lost-property entry
  'arrest.reason': 'not an arrest',
};

async function recordByForm(form: Record<string, string>, who = 'officer.kasarani') {
  const desk = await as(who);
  return desk.post('/staff/ob/kasarani/entries', form, { csrfFrom: DESK });
}

/** The address of a slip recorded today at Kasarani, by its OB number. */
const recordedSlip = (ob: string) => `/staff/ob/kasarani/entries/2026-11-30/${ob.split('/')[0]}/slip`;

/** Records through the form and follows the redirect to the slip; returns the slip's OB number and code. */
async function recordAndReadSlip(form: Record<string, string>) {
  const res = await recordByForm(form);
  assert.equal(res.statusCode, 303, res.body);
  const slip = await (await as('officer.kasarani')).get(res.headers.location as string);
  assert.equal(slip.statusCode, 200);
  const ob = /OB (\d+\/30\/11\/2026)/.exec(slip.body)![1]!;
  const code = /id="slip-code">([2-9A-Z]{4}-[2-9A-Z]{4})</.exec(slip.body)![1]!;
  return { location: res.headers.location as string, ob, code, slip: slip.body };
}

describe('the desk form', () => {
  test('posts an entry without JavaScript and lands on its slip, the other kinds’ sections ignored', async () => {
    const form = await (await as('officer.kasarani')).get(DESK);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<select id="kind" name="kind" autofocus/);
    assert.match(form.body, /value="2026-11-30T10:20"/, 'the time of occurrence starts at now, Nairobi time');
    const { location, ob, slip } = await recordAndReadSlip(lostPhoneForm);
    assert.match(location, /^\/staff\/ob\/kasarani\/entries\/2026-11-30\/\d+\/slip\?done=recorded$/);
    assert.match(slip, /Kasarani Police Station/);
    assert.match(slip, /30 Nov 2026, 10:20 EAT/);
    assert.match(slip, /Kasarani Police Station: OB \d+\/30\/11\/2026 recorded 30\/11 10:20\. Check at http/);
    const stored = await pool().query(
      `select e.details, p.name, p.phone from ob_entries e join ob_entry_persons p on p.entry_id = e.id
       where e.station_id = 'kasarani' and e.number = $1 and e.day = '2026-11-30'`,
      [Number(ob.split('/')[0])],
    );
    assert.deepEqual(stored.rows, [{ details: {}, name: 'Wanjiku Kamau', phone: '0712345678' }]);
  });

  test('a bad form comes back with the error summary and inline errors naming its fields, and nothing is stored', async () => {
    const before = await entries();
    const res = await recordByForm({
      kind: 'arrest',
      occurredAt: '2026-12-25T10:00',
      narrative: '',
      'persons.0.role': 'arrested',
      'persons.2.role': 'witness',
      'persons.2.age': '400',
      'arrest.arrestedBy': '',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /class="error-summary"/);
    for (const field of [
      'occurredAt',
      'narrative',
      'persons.2.age',
      'arrest.arrestedAt',
      'arrest.arrestedBy',
      'arrest.reason',
    ])
      assert.match(res.body, new RegExp(`href="#${field.replace(/\./g, '\\.')}"`), field);
    assert.match(res.body, /id="persons\.2\.age-error"/);
    assert.match(res.body, /This time is in the future/);
    assert.match(res.body, /value="400"/, 'what was typed is kept');
    assert.equal(await entries(), before);
  });

  test('an officer of another station is refused the desk form', async () => {
    const res = await (await as('officer.salama')).get(DESK);
    assert.equal(res.statusCode, 403);
    const before = await entries();
    const post = await (
      await as('officer.salama')
    ).post('/staff/ob/kasarani/entries', lostPhoneForm, {
      csrfFrom: '/staff/ob/salama/new',
    });
    assert.equal(post.statusCode, 403);
    assert.equal(await entries(), before);
  });
});

describe("the day's book", () => {
  test('shows the amendment chain and the custody clock running since the arrest, past 24 hours marked', async () => {
    const desk = await as('officer.kasarani');
    const booked = await postJson(sauti, desk, '/api/ob/stations/kasarani/entries', {
      ...arrest,
      arrestedAt: '2026-11-30T09:00:00+03:00',
    });
    assert.equal(booked.statusCode, 201, booked.body);
    const { ob } = await recordAndReadSlip(lostPhoneForm);
    const fix = await recordAndReadSlip({ ...lostPhoneForm, amends: `OB ${ob}`, amendReason: 'Wrong phone model' });
    const fix2 = await recordAndReadSlip({ ...lostPhoneForm, amends: fix.ob, amendReason: 'Serial corrected' });

    sauti.platform.clock.set(new Date('2026-11-30T12:25:00+03:00'));
    let book = await desk.get('/staff/ob/kasarani/2026-11-30');
    assert.equal(book.statusCode, 200);
    assert.match(book.body, new RegExp(`Amended by OB ${fix.ob.replace(/\//g, '\\/')}`));
    assert.match(book.body, new RegExp(`Amended by OB ${fix2.ob.replace(/\//g, '\\/')}`));
    assert.match(book.body, new RegExp(`Amends OB ${fix.ob.replace(/\//g, '\\/')} because: Serial corrected`));
    assert.match(book.body, /John Doe<\/strong> — OB \d+\/30\/11\/2026/);
    assert.match(book.body, /3 h 25 min in custody/);
    assert.doesNotMatch(book.body, /class="overdue"/);

    sauti.platform.clock.set(new Date('2026-12-01T04:05:00+03:00'));
    book = await desk.get('/staff/ob/kasarani/2026-11-30');
    assert.match(book.body, /19 h 05 min in custody/);
    assert.doesNotMatch(book.body, /class="overdue"/);
    sauti.platform.clock.set(new Date('2026-12-01T10:00:00+03:00'));
    book = await desk.get('/staff/ob/kasarani/2026-11-30');
    assert.match(book.body, /25 h 00 min in custody/);
    assert.match(book.body, /<li class="overdue">/);
    assert.match(book.body, /Past 24 hours: must be brought before a court/);
    sauti.platform.clock.set(new Date('2026-11-30T10:20:00+03:00'));
  });

  test('an officer of another station is refused the book and the slip; IAU reads any book, and that read is audited', async () => {
    const { location } = await recordAndReadSlip(lostPhoneForm);
    const other = await as('officer.salama');
    assert.equal((await other.get('/staff/ob/kasarani/2026-11-30')).statusCode, 403);
    assert.equal((await other.get('/staff/ob/kasarani/2026-11-30/print')).statusCode, 403);
    assert.equal((await other.get(location.replace('?done=recorded', ''))).statusCode, 404);
    assert.equal((await other.get(location.replace('/slip?done=recorded', '/slip.pdf'))).statusCode, 404);

    const iau = await as('iau.investigator');
    const before = await pool().query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'ob.book.read' and subject_id = 'kasarani'",
    );
    const book = await iau.get('/staff/ob/kasarani/2026-11-30');
    assert.equal(book.statusCode, 200);
    assert.match(book.body, /Wanjiku Kamau/);
    assert.doesNotMatch(book.body, /New entry/, 'outside readers do not record');
    const after = await pool().query<{ n: number; detail: unknown }>(
      `select count(*)::int as n from audit_log a join users u on u.id = a.actor_id
       where a.action = 'ob.book.read' and a.subject_id = 'kasarani' and u.username = 'iau.investigator'`,
    );
    assert.equal(after.rows[0]!.n, before.rows[0]!.n + 1);
    // oversight readers start at a station picker
    const picker = await iau.get('/staff/ob');
    assert.equal(picker.statusCode, 200);
    assert.match(picker.body, /<option value="kasarani">Kasarani Police Station<\/option>/);
    const officerStart = await (await as('officer.kasarani')).get('/staff/ob');
    assert.equal(officerStart.statusCode, 303);
    assert.equal(officerStart.headers.location, '/staff/ob/kasarani/2026-11-30');
  });

  test('the print view has no navigation, and Kiswahili renders the book', async () => {
    const desk = await as('officer.kasarani');
    const print = await desk.get('/staff/ob/kasarani/2026-11-30/print');
    assert.equal(print.statusCode, 200);
    assert.doesNotMatch(print.body, /staff-nav|site-header/);
    assert.match(print.body, /\/assets\/ob\.css/);
    const sw = await desk.get('/staff/ob/kasarani/2026-11-30', { cookie: `${desk.header()}; sauti_lang=sw` });
    assert.match(sw.body, /<html lang="sw">/);
    assert.match(sw.body, /Saa ya kizuizini/);
    assert.match(sw.body, /Mali iliyopotea/);
    const form = await desk.get(DESK, { cookie: `${desk.header()}; sauti_lang=sw` });
    assert.match(form.body, /Hifadhi ingizo/);
  });
});

describe('the slip and its public check', () => {
  test('the slip PDF is a tagged PDF carrying the OB number, in the officer’s language, small', async () => {
    const { location, ob, code } = await recordAndReadSlip(lostPhoneForm);
    const officer = await as('officer.kasarani');
    const res = await officer.get(location.replace('/slip?done=recorded', '/slip.pdf'));
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const info = await pdfInfo(res.rawPayload);
    assert.equal(info.Subject, `OB ${ob}`);
    assert.equal(info.Pages, '1');
    assert.equal(info.Tagged, 'yes');
    assert.equal(pdfLanguage(res.rawPayload), 'en-KE');
    assert.ok(res.rawPayload.length < 100 * 1024, `${res.rawPayload.length} bytes`);
    assert.equal(unmarkedText(res.rawPayload).unmarked, 0);
    const tree = await pdfStructure(res.rawPayload);
    assert.match(tree, /^Document\n {2}H1 \(block\)\n {4}"Occurrence Book slip"/);
    assert.match(tree, new RegExp(`"OB ${ob}"[\\s\\S]*"${code}"[\\s\\S]*Figure`));

    const sw = await officer.get(location.replace('/slip?done=recorded', '/slip.pdf'), {
      cookie: `${officer.header()}; sauti_lang=sw`,
    });
    assert.equal(pdfLanguage(sw.rawPayload), 'sw-KE');
    const text = await pdfText(sw.rawPayload);
    assert.match(text, /Stakabadhi ya Kitabu cha Matukio/);
    assert.match(text, /Msimbo wa uthibitisho/);
  });

  test('the slip PDF prints names in any script as written', async () => {
    const names = 'Wanjiku Njoroge, Ngũgĩ, Αλέξανδρος, Мария, محمد';
    const pdf = await slipPdf({
      title: 'Stakabadhi ya Kitabu cha Matukio',
      station: 'Kituo cha Polisi cha Kasarani',
      obNumber: '12/30/11/2026',
      lines: [['Walalamikaji', names]],
      codeLabel: 'Msimbo wa uthibitisho',
      code: 'ABCD-EFGH',
      how: 'Thibitisha ingizo hili kwenye anwani iliyo hapa chini.',
      verifyUrl: 'https://sauti.example/ob/verify?station=kasarani',
      verifyPage: 'https://sauti.example/ob/verify',
      language: 'sw-KE',
      date: new Date('2026-11-30T07:20:00Z'),
      free: {
        title: 'Bila malipo',
        texts: [
          { language: 'sw-KE', ask: 'Abstract za polisi na fomu za P3 ni bure.', report: 'Ripoti kuombwa pesa:' },
          { language: 'en-KE', ask: 'Police abstracts and P3 forms are free.', report: 'Report a demand for money:' },
        ],
        reportUrl: 'https://sauti.example/report?category=bribery_extortion&station=kasarani',
        qrAlt: 'Msimbo wa QR',
      },
    });
    const text = await pdfText(pdf);
    for (const name of names.split(', ')) assert.ok(text.includes(name), `${name} in ${text}`);
    assert.match(text, /Thibitisha ingizo hili kwenye anwani iliyo hapa chini\./);
    assert.ok(pdf.length < 100 * 1024, `${pdf.length} bytes`);
  });

  test('the slip says in both languages that documents are free and where to report a demand for money, with a QR code of the filled-in report', async () => {
    const { ob, code, slip } = await recordAndReadSlip(lostPhoneForm);
    const decode = (html: string) => html.replace(/&amp;/g, '&');
    const free = /<div class="ob-slip-free">[^]*?<\/svg>[^]*?<\/div>\s*<\/div>/.exec(slip)?.[0];
    assert.ok(free, 'the slip has the free notice');
    assert.match(free, /<div lang="en"><p><strong>Police abstracts and P3 forms are free\.<\/strong>/);
    assert.match(free, /<div lang="sw"><p><strong>Abstract za polisi na fomu za P3 ni bure\.<\/strong>/);
    assert.match(free, /Mtu yeyote akikuomba pesa, usilipe: ripoti kwa Kitengo cha Masuala ya Ndani\./);
    assert.match(free, /<span lang="sw">Changanua ili kuripoti kuombwa pesa katika kituo hiki\.<\/span>/);
    const href = decode(/href="(\/report\?[^"]+)"/.exec(free)![1]!);
    const report = `${sauti.config.publicUrl}${href}`;
    assert.deepEqual(Object.fromEntries(new URLSearchParams(href.split('?')[1])), {
      category: 'bribery_extortion',
      station: 'kasarani',
      about: `Occurrence Book slip OB ${ob}`,
    });
    assert.match(
      free,
      /<svg[^>]* width="120" height="120" role="img" aria-label="QR code that opens the form to report a demand for money at this station"/,
    );
    // the slip's two codes, read as a phone reads them: the filled-in check, and the filled-in report
    const verify = `${sauti.config.publicUrl}/ob/verify?${new URLSearchParams({ station: 'kasarani', ob, code })}`;
    const scanned = await scanSvgQrCodes(slip);
    assert.deepEqual(
      scanned.map((c) => [c.text, c.ecLevel]),
      [
        [verify, 'M'],
        [report, 'M'],
      ],
    );

    const officer = await as('officer.kasarani');
    const sw = await officer.get(recordedSlip(ob), { cookie: `${officer.header()}; sauti_lang=sw` });
    const swFree = /<div class="ob-slip-free">[^]*<\/svg>/.exec(sw.body)![0];
    assert.ok(
      swFree.indexOf('<div lang="sw">') < swFree.indexOf('<div lang="en">'),
      'Kiswahili first on a Kiswahili page',
    );
    assert.match(swFree, /If anyone asks you for money, do not pay: report it to the Internal Affairs Unit\./);
    assert.match(decode(swFree), /about=Stakabadhi\+ya\+Kitabu\+cha\+Matukio\+OB\+/);
  });

  test('the slip PDF says it too, in both languages, one A5 page, its report QR code (bytes, M, 25–30 mm) the printed address', async () => {
    const { location, ob } = await recordAndReadSlip(lostPhoneForm);
    const officer = await as('officer.kasarani');
    const res = await officer.get(location.replace('/slip?done=recorded', '/slip.pdf'));
    assert.equal(res.statusCode, 200);
    const pdf = res.rawPayload;
    const info = await pdfInfo(pdf);
    assert.deepEqual([info.Pages, info.Tagged, info['Page size']], ['1', 'yes', '419.53 x 595.28 pts']);
    assert.equal(unmarkedText(pdf).unmarked, 0);
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    const { publicUrl } = sauti.config;
    for (const shown of [
      'Free of charge',
      `Police abstracts and P3 forms are free. Ask for yours with this slip at ${publicUrl}/documents`,
      'If anyone asks you for money, do not pay: report it to the Internal Affairs Unit',
      `Abstract za polisi na fomu za P3 ni bure. Omba yako kwa stakabadhi hii kwenye ${publicUrl}/documents`,
      'Mtu yeyote akikuomba pesa, usilipe: ripoti kwa Kitengo cha Masuala ya Ndani',
    ])
      assert.ok(text.includes(shown), `"${shown}" in:\n${text}`);
    assert.ok(text.indexOf('Police abstracts') < text.indexOf('Abstract za polisi'), 'the officer’s language first');
    const report = `${publicUrl}/report?${new URLSearchParams({ category: 'bribery_extortion', station: 'kasarani', about: `Occurrence Book slip OB ${ob}` })}`;
    assert.ok(text.replace(/ /g, '').includes(report), 'the report address printed');
    const tagged = [
      ...Buffer.from(pdf)
        .toString('latin1')
        .matchAll(/\/S \/P\s*\/Lang \(([^)]*)\)/g),
    ].map((m) => m[1]);
    assert.deepEqual(tagged, ['sw-KE', 'sw-KE'], 'the Kiswahili paragraphs are tagged as Kiswahili');
    const scanned = await scanPdfQrCodes(pdf);
    const code = scanned.find((c) => c.text.includes('/report?'));
    assert.equal(scanned.length, 2);
    assert.ok(code, scanned.map((c) => c.text).join('\n'));
    assert.equal(code.text, report);
    assert.equal(code.ecLevel, 'M');
    const mm = ((code.position.topRight.x - code.position.topLeft.x) / 150) * 25.4;
    assert.ok(mm >= 25 && mm <= 30, `${mm.toFixed(1)} mm`);
  });

  test('the right code confirms the entry without its content; a wrong code and an unknown number answer alike', async () => {
    const { ob, code } = await recordAndReadSlip(lostPhoneForm);
    const visitor = new Browser(sauti.app);
    const form = await visitor.get(`/ob/verify?station=kasarani&ob=${encodeURIComponent(ob)}&code=${code}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`value="${code}"`), 'the QR code fills the form in');
    const check = (fields: Record<string, string>) => visitor.post('/ob/verify', fields, { csrfFrom: '/ob/verify' });

    const right = await check({ station: 'kasarani', ob: `OB ${ob}`, code: code.toLowerCase().replace('-', ' ') });
    assert.equal(right.statusCode, 200);
    assert.match(right.body, new RegExp(`OB ${ob.replace(/\//g, '\\/')} is in the book of Kasarani Police Station`));
    assert.match(right.body, /recorded on 30 Nov 2026, 10:20 EAT/);
    assert.match(right.body, /It has not been amended|not yet in the published log|Leaf index/);
    for (const secret of ['Wanjiku', 'Tecno', 'matatu', 'stadium', '23456789', '0712345678'])
      assert.doesNotMatch(right.body, new RegExp(secret), secret);

    const wrong = await check({ station: 'kasarani', ob, code: code === 'AAAA-AAAA' ? 'BBBB-BBBB' : 'AAAA-AAAA' });
    const unknown = await check({ station: 'kasarani', ob: '999/30/11/2026', code });
    const elsewhere = await check({ station: 'salama', ob, code });
    const answer = (body: string) => /<section class="notice warning"[\s\S]*?<\/section>/.exec(body)?.[0];
    assert.equal(wrong.statusCode, 200);
    assert.equal(unknown.statusCode, 200);
    assert.ok(answer(wrong.body));
    assert.equal(answer(wrong.body), answer(unknown.body));
    assert.equal(answer(wrong.body), answer(elsewhere.body));

    const api = await sauti.app.inject({
      url: `/api/ob/verify?station=kasarani&ob=${encodeURIComponent(ob)}&code=${code}`,
    });
    assert.equal(api.statusCode, 200);
    assert.equal(api.json().found, true);
    assert.equal(api.json().obNumber, ob);
    assert.doesNotMatch(api.body, /Wanjiku|Tecno/);
    const apiWrong = await sauti.app.inject({ url: `/api/ob/verify?station=kasarani&ob=999/30/11/2026&code=${code}` });
    assert.deepEqual(Object.keys(apiWrong.json()).sort(), ['found', 'message']);
    assert.equal(apiWrong.json().found, false);

    const sw = await visitor.post(
      '/ob/verify',
      { station: 'kasarani', ob, code },
      { csrfFrom: '/ob/verify', headers: { cookie: `${visitor.header()}; sauti_lang=sw` } },
    );
    assert.match(sw.body, /imo katika kitabu cha Kasarani Police Station/);
  });

  test('once the log has taken the entry, the check shows its inclusion proof and the signed checkpoint', async () => {
    const { ob, code } = await recordAndReadSlip(lostPhoneForm);
    const visitor = new Browser(sauti.app);
    const check = () => visitor.post('/ob/verify', { station: 'kasarani', ob, code }, { csrfFrom: '/ob/verify' });
    await integrateNow(sauti.platform);
    const res = await check();
    assert.match(res.body, /Proof that it is in the published log/);
    assert.match(res.body, /<pre class="ob-checkpoint">[^<]+\n\d+\n[A-Za-z0-9+/=]+\n/);
    assert.match(res.body, /href="\/ob\/log\/checkpoint"/);
    const api = await sauti.app.inject({
      url: `/api/ob/verify?station=kasarani&ob=${encodeURIComponent(ob)}&code=${code}`,
    });
    const proof = api.json().proof;
    assert.equal(typeof proof.leafIndex, 'number');
    assert.ok(proof.treeSize > proof.leafIndex);
    assert.match(proof.leafHash, /^[0-9a-f]{64}$/);
    assert.match(proof.checkpoint, /\n\u2014 /, 'a signed note');
  });

  test('an amended entry says by which OB numbers and when', async () => {
    const { ob, code } = await recordAndReadSlip(lostPhoneForm);
    sauti.platform.clock.set(new Date('2026-11-30T11:45:00+03:00'));
    const fix = await recordAndReadSlip({ ...lostPhoneForm, amends: ob, amendReason: 'Colour was blue' });
    sauti.platform.clock.set(new Date('2026-11-30T10:20:00+03:00'));
    const res = await new Browser(sauti.app).post(
      '/ob/verify',
      { station: 'kasarani', ob, code },
      { csrfFrom: '/ob/verify' },
    );
    assert.match(res.body, /It was later amended by:/);
    assert.match(res.body, new RegExp(`OB ${fix.ob.replace(/\//g, '\\/')}, recorded on 30 Nov 2026, 11:45 EAT`));
    assert.doesNotMatch(res.body, /Colour was blue/);
  });

  test('a malformed code or number is a field error, not an answer', async () => {
    const res = await new Browser(sauti.app).post(
      '/ob/verify',
      { station: '', ob: 'twelve', code: 'XYZ' },
      { csrfFrom: '/ob/verify' },
    );
    assert.equal(res.statusCode, 400);
    for (const field of ['station', 'ob', 'code']) assert.match(res.body, new RegExp(`href="#${field}"`), field);
  });
});

describe("the commander's close", () => {
  test('the commander closes a past day; a day with a gap is refused, clearly', async () => {
    const ocs = await as('ocs.kasarani');
    const officer = await as('officer.kasarani');
    const today = await officer.get('/staff/ob/kasarani/2026-11-30');
    assert.doesNotMatch(today.body, /Close this day/, 'a day not over cannot be closed');
    sauti.platform.clock.set(new Date('2026-12-01T08:00:00+03:00'));
    const past = await officer.get('/staff/ob/kasarani/2026-11-30');
    assert.match(past.body, /Not closed yet/);
    assert.doesNotMatch(past.body, /Close this day/, 'only the commander closes');
    const closed = await ocs.post(
      '/staff/ob/kasarani/2026-11-30/close',
      {},
      { csrfFrom: '/staff/ob/kasarani/2026-11-30' },
    );
    assert.equal(closed.statusCode, 303, closed.body);
    const after = await ocs.get(closed.headers.location as string);
    assert.match(after.body, /This day was closed by OB 1\/01\/12\/2026/);
    const again = await ocs.post(
      '/staff/ob/kasarani/2026-11-30/close',
      {},
      { csrfFrom: '/staff/ob/kasarani/2026-11-30' },
    );
    assert.equal(again.statusCode, 400);

    // a day whose counter ran past its entries (a number lost, whatever lost it) cannot be closed
    await sauti.database.asOwner(
      "insert into ob_day_counters (station_id, day, last_number) values ('kasarani', '2026-11-29', 2)",
    );
    const gap = await ocs.post(
      '/staff/ob/kasarani/2026-11-29/close',
      {},
      { csrfFrom: '/staff/ob/kasarani/2026-11-29' },
    );
    assert.equal(gap.statusCode, 400);
    assert.match(gap.body, /The day was not closed/);
    assert.match(gap.body, /do not run without a gap/);
    sauti.platform.clock.set(new Date('2026-11-30T10:20:00+03:00'));
  });
});
