import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import QRCode from 'qrcode';
import { demoAccounts, type Browser, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { pdfInfo, pdfLanguage, pdfStructure, pdfText, unmarkedText } from '../../../platform/pdf/inspect.ts';
import { scanPdfQrCodes, type ScannedQr as Scanned } from '../../../platform/pdf/qr-scan.ts';
import { assault, lostPhone, postJson } from '../../ob/test-desk.ts';
import { checkCode } from '../check-code.ts';

/**
 * What a phone reads from the printed page (page 1 at 150 dpi): its two QR codes, the signed seal (its
 * text starts NPS1:) and the address to report a demand for money.
 */
async function scanQr(pdf: Uint8Array): Promise<{ seal: Scanned; report: Scanned }> {
  const found = await scanPdfQrCodes(pdf);
  assert.equal(found.length, 2, 'two QR codes on the page');
  const seal = found.find((code) => code.text.startsWith('NPS1:'));
  const report = found.find((code) => !code.text.startsWith('NPS1:'));
  assert.ok(seal && report, found.map((code) => code.text).join('\n'));
  return { seal, report };
}

/** The width of a scanned code on the page printed at 150 dpi, in millimetres. */
const widthMm = (code: Scanned) => ((code.position.topRight.x - code.position.topLeft.x) / 150) * 25.4;

/** /report filled in for a demand for money at Salama about that document, as printed. */
const reportAddress = (kind: string, number: string) =>
  `https://sauti.example/report?${new URLSearchParams({
    category: 'bribery_extortion',
    station: 'salama',
    about: kind,
    document: number,
  }).toString()}`;

/** The structure elements (uncompressed) tagged with another language than the document's. */
const taggedLanguages = (pdf: Uint8Array) =>
  [
    ...Buffer.from(pdf)
      .toString('latin1')
      .matchAll(/\/S \/P\s*\/Lang \(([^)]*)\)/g),
  ].map((m) => m[1]);

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;
let desk: Browser;
let slip: { obNumber: string; slipCode: string };
let assaultSlip: { obNumber: string; slipCode: string };
/** the Kiswahili abstract issued in answer to a request, and that request's code */
let requested: { number: string; code: string };

const issue = async (body: Record<string, unknown>) => {
  const res = await postJson(sauti, desk, '/api/documents/stations/salama/documents', body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; number: string; seal: string };
};
const address = (number: string) => `/api/documents/${number}.pdf`;
const ask = (body: Record<string, unknown>) =>
  sauti.app.inject({ method: 'POST', url: '/api/documents/requests', payload: body });
const requesterCopy = (code: string) =>
  sauti.app.inject({ method: 'GET', url: `/documents/requests/${code}/document.pdf` });

async function deskCopy(number: string): Promise<Uint8Array> {
  const res = await desk.get(address(number));
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.equal(res.headers['content-disposition'], `attachment; filename="${number.replace(/\//g, '-')}.pdf"`);
  return res.rawPayload;
}

before(async () => {
  sauti = await startSauti({
    workers: false,
    env: { RATE_LIMIT_RECEIPTS: '1000', PUBLIC_URL: 'https://sauti.example' },
  });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
  accounts = demoAccounts(() => sauti.app);
  desk = await accounts.as('officer.salama');
  const res = await postJson(sauti, desk, '/api/ob/stations/salama/entries', lostPhone);
  assert.equal(res.statusCode, 201, res.body);
  slip = res.json();
  const second = await postJson(sauti, desk, '/api/ob/stations/salama/entries', assault);
  assert.equal(second.statusCode, 201, second.body);
  assaultSlip = second.json();
  const made = await ask({
    station: 'salama',
    ob: slip.obNumber,
    code: slip.slipCode,
    kind: 'abstract_general',
    language: 'sw',
  });
  assert.equal(made.statusCode, 201, made.body);
  const waiting = (await desk.get('/api/documents/stations/salama/requests')).json().requests[0];
  requested = { number: (await issue({ request: waiting.id })).number, code: made.json().code };
});
after(() => sauti.close());

describe("an issued document's PDF", () => {
  test('a police abstract is tagged, in English, shows the entry’s facts and that it is free, under 100 KB', async () => {
    const issued = await issue({ kind: 'abstract_general', ob: slip.obNumber, language: 'en' });
    const pdf = await deskCopy(issued.number);
    assert.ok(pdf.length < 100 * 1024, `${pdf.length} bytes`);
    const info = await pdfInfo(pdf);
    assert.equal(info.Tagged, 'yes');
    assert.equal(info.Title, `Police abstract ${issued.number}`);
    assert.equal(pdfLanguage(pdf), 'en-KE');
    assert.deepEqual(unmarkedText(pdf).unmarked, 0, 'every line of text is content or an artifact');
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const shown of [
      'NATIONAL POLICE SERVICE',
      'Police abstract',
      `Document number: ${issued.number}`,
      `OB ${slip.obNumber}`,
      'Salama Police Station',
      'Date and time reported 30 Nov 2026, 10:00 EAT',
      'Nature of the report Loss of property',
      'Complainant Wanjiku Kamau',
      'Issued free of charge',
      'This document is issued free of charge. Nobody may ask you for money for it.',
      'If anyone asked you for money for this document, report it:',
      'Hati hii inatolewa bila malipo. Hakuna mtu anayeruhusiwa kukuomba pesa kwa ajili yake.',
      'Mtu yeyote akikuomba pesa kwa ajili ya hati hii, ripoti:',
      'Check this document at https://sauti.example/documents/verify',
      `Check code: ${checkCode(sauti.config.secret, issued.number)}`,
    ])
      assert.ok(text.includes(shown), `"${shown}" in:\n${text}`);
    const report = reportAddress('Police abstract', issued.number);
    assert.ok(text.replace(/ /g, '').includes(report), 'the address to report a demand for money, over its lines');
    assert.deepEqual(taggedLanguages(pdf), ['sw-KE'], 'the Kiswahili paragraph is tagged as Kiswahili');
  });

  test('its report QR code, printed and scanned, is the printed address (kind and number filled in), bytes at M, 25–30 mm', async () => {
    const { number, seal } = await issue({ kind: 'p3', ob: assaultSlip.obNumber, language: 'en' });
    const pdf = await deskCopy(number);
    const report = reportAddress('P3 form (medical examination)', number);
    const scanned = await scanQr(pdf);
    assert.equal(scanned.report.text, report);
    assert.equal(scanned.report.ecLevel, 'M');
    const bytes = QRCode.create([{ data: new TextEncoder().encode(report), mode: 'byte' }], {
      errorCorrectionLevel: 'M',
    });
    assert.equal(Number(scanned.report.version), bytes.version);
    const mm = widthMm(scanned.report);
    assert.ok(mm >= 25 && mm <= 30, `${mm.toFixed(1)} mm`);
    assert.equal(scanned.seal.text, seal, 'the seal is still read beside it');
    const printed = (await pdfText(pdf)).replace(/\s+/g, '');
    assert.ok(printed.includes(report), 'the same address printed beside the code');
    const alt = [
      ...Buffer.from(pdf)
        .toString('latin1')
        .matchAll(/\/S \/Figure[^]*?\/Alt \(([^)]*)\)/g),
    ].map((m) => m[1]);
    assert.ok(
      alt.includes(`QR code that opens the form to report a demand for money for this document: ${report}`),
      alt.join('\n'),
    );
  });

  test('its structure has the title as H1, sections as H2, the facts as a table and the QR code as a figure with alt text', async () => {
    const { number, seal } = await issue({ kind: 'abstract_general', ob: slip.obNumber });
    const pdf = await deskCopy(number);
    const structure = await pdfStructure(pdf);
    assert.match(structure, /H1[\s\S]*"Police abstract"/);
    assert.match(structure, /H2[\s\S]*"Issued free of charge"/);
    assert.match(structure, /TH[\s\S]*"OB number"/);
    assert.match(structure, /Figure/);
    // the structure elements are written uncompressed; the alternative text is plain ASCII here
    const alts = [
      ...Buffer.from(pdf)
        .toString('latin1')
        .matchAll(/\/S \/Figure[^]*?\/Alt \(([^)]*)\)/g),
    ];
    assert.deepEqual(
      alts.map((m) => m[1]!.replace(/:.*/, '')),
      [
        'QR code that opens the form to report a demand for money for this document',
        'QR code to check this document. Its text',
      ],
    );
    assert.equal(alts[1]![1], `QR code to check this document. Its text: ${seal}`);
  });

  test('its QR code, printed and scanned, is the signed seal, alphanumeric at error correction Q', async () => {
    const { number, seal } = await issue({ kind: 'abstract_general', ob: slip.obNumber });
    const scanned = (await scanQr(await deskCopy(number))).seal;
    assert.equal(scanned.text, seal);
    assert.equal(scanned.ecLevel, 'Q');
    const alphanumeric = QRCode.create([{ data: seal, mode: 'alphanumeric' }], { errorCorrectionLevel: 'Q' });
    const bytes = QRCode.create([{ data: Buffer.from(seal), mode: 'byte' }], { errorCorrectionLevel: 'Q' });
    assert.equal(Number(scanned.version), alphanumeric.version);
    assert.ok(alphanumeric.version < bytes.version);
  });

  test('the requester downloads the Kiswahili abstract they asked for with their request code', async () => {
    const res = await requesterCopy(requested.code.toLowerCase());
    assert.equal(res.statusCode, 200, res.body);
    const pdf = res.rawPayload;
    assert.equal(pdfLanguage(pdf), 'sw-KE');
    assert.equal((await pdfInfo(pdf)).Tagged, 'yes');
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const shown of [
      'HUDUMA YA TAIFA YA POLISI',
      'Abstract ya polisi',
      `Nambari ya hati: ${requested.number}`,
      'Aina ya ripoti Upotevu wa mali',
      'Mlalamishi Wanjiku Kamau',
      'Imetolewa bila malipo',
      'Mtu yeyote akikuomba pesa kwa ajili ya hati hii, ripoti:',
      'This document is issued free of charge. Nobody may ask you for money for it.',
      'If anyone asked you for money for this document, report it:',
      'Thibitisha hati hii kwenye https://sauti.example/documents/verify',
    ])
      assert.ok(text.includes(shown), `"${shown}" in:\n${text}`);
    // Kiswahili first, English under it, tagged as English
    const sw = text.indexOf('Hati hii inatolewa bila malipo');
    assert.ok(sw >= 0 && text.indexOf('This document is issued free of charge') > sw, 'the holder’s language first');
    assert.deepEqual(taggedLanguages(pdf), ['en-KE']);
    const report = reportAddress('Abstract ya polisi', requested.number);
    assert.ok(text.replace(/ /g, '').includes(report), text);
    assert.equal((await scanQr(pdf)).report.text, report);
    assert.equal((await pdfInfo(pdf)).Pages, '1');
  });

  test('a P3 form’s Part I names the person to examine, and leaves Part II marked for the medical officer', async () => {
    const { number, seal } = await issue({ kind: 'p3', ob: assaultSlip.obNumber });
    assert.match(number, /^P3\/SALAMA\/2026\/\d+$/);
    const pdf = await deskCopy(number);
    assert.equal((await pdfInfo(pdf)).Tagged, 'yes');
    assert.ok(pdf.length < 100 * 1024, `${pdf.length} bytes`);
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const shown of [
      'P3 form: police medical examination report',
      'Part I: by the police',
      `OB ${assaultSlip.obNumber}`,
      'Person to be examined Mutua Kioko',
      'Nature of the report Report of an offence or incident',
      'Part II: to be completed by the medical officer',
      'Not yet completed',
      'Issued free of charge',
    ])
      assert.ok(text.includes(shown), `"${shown}" in:\n${text}`);
    assert.equal((await scanQr(pdf)).seal.text, seal);
    assert.equal((await pdfInfo(pdf)).Pages, '1');
  });
});

describe('who may download a document', () => {
  test('another station’s officer and IAU are refused, anyone signed out is asked to sign in', async () => {
    const { number } = requested;
    assert.equal((await (await accounts.as('officer.kasarani')).get(address(number))).statusCode, 403);
    assert.equal((await (await accounts.as('iau.investigator')).get(address(number))).statusCode, 403);
    const anonymous = await sauti.app.inject({ method: 'GET', url: address(number) });
    assert.equal(anonymous.statusCode, 401);
    assert.notEqual(anonymous.headers['content-type'], 'application/pdf');
    assert.equal((await (await accounts.as('ocs.salama')).get(address(number))).statusCode, 200, 'the commander');
  });

  test('an unknown number at the desk’s own station is a 404', async () => {
    assert.equal((await desk.get('/api/documents/PA/SALAMA/2026/999.pdf')).statusCode, 404);
    assert.equal((await desk.get('/api/documents/XX/SALAMA/2026/1.pdf')).statusCode, 404);
  });

  test('a wrong request code, a malformed one and one whose document is not issued yet answer alike (404)', async () => {
    const pending = await ask({ station: 'salama', ob: assaultSlip.obNumber, code: assaultSlip.slipCode, kind: 'p3' });
    assert.equal(pending.statusCode, 201, pending.body);
    const answers = await Promise.all(
      ['2345-6789-ABCD', 'not-a-code', pending.json().code].map((code) => requesterCopy(code)),
    );
    const page = (body: string) => body.replace(/back=[^"]*/, '');
    for (const res of answers) {
      assert.equal(res.statusCode, 404);
      assert.equal(page(res.body), page(answers[0]!.body));
    }
  });
});
