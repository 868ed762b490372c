import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, samples, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';

// Counted things read as the language says them: "1 file", "2 files", never "1 file(s)".

let sauti: TestContext;
before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

function receiptFrom(body: string): string {
  const match = /id="receipt-code">\s*([\d ]{19})\s*</.exec(body);
  assert.ok(match, 'the receipt page shows the code');
  return match[1]!.replace(/ /g, '');
}

/** The follow page's count of evidence files, as shown. */
const filesShown = (body: string) => /<dd>([^<]*(?:file|Faili)[^<]*)<\/dd>/.exec(body)?.[1];

describe('the follow page counts evidence files in words that agree with the number', () => {
  test('0 files, 1 file, 2 files in English; Faili 1, Faili 2 in Kiswahili', async () => {
    const browser = new Browser(sauti.app);
    const receipt = receiptFrom((await browser.post('/report', validReport)).body);
    assert.equal((await browser.post('/follow', { receipt }, { csrfFrom: '/follow' })).statusCode, 303);
    assert.equal(filesShown((await browser.get('/follow')).body), '0 files');

    const first = await browser.postMultipart(
      '/follow/evidence',
      {},
      [{ name: 'evidence', filename: 'doc.pdf', type: 'application/pdf', data: samples.pdf }],
      { csrfFrom: '/follow' },
    );
    assert.equal(first.statusCode, 303);
    assert.equal(filesShown((await browser.get('/follow')).body), '1 file');
    assert.equal(filesShown((await browser.get('/follow', { 'accept-language': 'sw' })).body), 'Faili 1');

    const second = await browser.postMultipart(
      '/follow/evidence',
      {},
      [{ name: 'evidence', filename: 'photo.png', type: 'image/png', data: samples.png }],
      { csrfFrom: '/follow' },
    );
    assert.equal(second.statusCode, 303);
    const page = (await browser.get('/follow')).body;
    assert.equal(filesShown(page), '2 files');
    assert.doesNotMatch(page, /\(s\)/);
    assert.equal(filesShown((await browser.get('/follow', { 'accept-language': 'sw' })).body), 'Faili 2');
  });
});
