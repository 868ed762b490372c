import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { lostPhone, postJson } from '../../ob/test-desk.ts';
import { generateKeyPairSync } from 'node:crypto';
import { openDocument } from '../../../platform/signed-docs/index.ts';
import { verifierString } from '../../../platform/tlog/index.ts';
import type { LogTrust } from '../../../platform/tlog/evidence.ts';
import { integrateNow } from '../../ob/log/index.ts';
import { checkCode } from '../check-code.ts';
import { trustList } from '../keys.ts';
import { checkDocumentInLog } from '../log-evidence.ts';

let sauti: TestContext;
let first: { number: string; seal: string };
let second: { number: string };

async function issue(): Promise<{ number: string; seal: string }> {
  const desk = await demoAccounts(() => sauti.app).as('officer.salama');
  const entry = await postJson(sauti, desk, '/api/ob/stations/salama/entries', lostPhone);
  assert.equal(entry.statusCode, 201, entry.body);
  const issued = await postJson(sauti, desk, '/api/documents/stations/salama/documents', {
    kind: 'abstract_general',
    ob: entry.json().obNumber,
  });
  assert.equal(issued.statusCode, 201, issued.body);
  return issued.json();
}

before(async () => {
  sauti = await startSauti({ workers: false, env: { RATE_LIMIT_RECEIPTS: '1000' } });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
  first = await issue();
  second = await issue();
});
after(() => sauti.close());

const codeOf = (number: string) => checkCode(sauti.config.secret, number);
/** The answer part of the page, without the form (which echoes what was typed) or the CSRF token. */
const answerOf = (html: string) => /<section[^>]*id="result"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function checkByCode(fields: Record<string, string>, language?: 'sw') {
  const browser = new Browser(sauti.app);
  if (language) browser.cookies.set('sauti_lang', language);
  return browser.post('/documents/verify', fields, { csrfFrom: '/documents/verify' });
}

describe('checking a document without JavaScript: its number and check code', () => {
  test('a genuine document says so, with what its QR code says and whether the name typed is the holder’s', async () => {
    const res = await checkByCode({
      number: first.number.toLowerCase(),
      code: codeOf(first.number),
      name: ' wanjiku KAMAU ',
    });
    assert.equal(res.statusCode, 200, res.body);
    const answer = text(answerOf(res.body));
    for (const fact of [
      'Genuine',
      first.number,
      'Police abstract',
      'Salama',
      'Matches the name typed',
      'Valid: not revoked',
    ])
      assert.ok(answer.includes(fact), `${fact} in: ${answer}`);
    const otherName = await checkByCode({ number: first.number, code: codeOf(first.number), name: 'Wanjiru Kamau' });
    assert.match(text(answerOf(otherName.body)), /Does not match the name typed/);
    const swahili = await checkByCode({ number: first.number, code: codeOf(first.number) }, 'sw');
    assert.match(text(answerOf(swahili.body)), /Halali .*Andika jina la mwenye hati/);
  });

  test('a wrong code and an unknown number answer alike', async () => {
    const wrongCode = await checkByCode({ number: first.number, code: codeOf(second.number) });
    const unknown = await checkByCode({ number: 'PA/SALAMA/2026/99', code: codeOf('PA/SALAMA/2026/99') });
    assert.equal(wrongCode.statusCode, 200);
    assert.equal(unknown.statusCode, 200);
    assert.match(text(answerOf(wrongCode.body)), /No document matches this number and check code/);
    assert.equal(answerOf(wrongCode.body), answerOf(unknown.body));
    assert.doesNotMatch(answerOf(wrongCode.body), /Police abstract|Wanjiku|Salama/);
  });

  test('a printed link opens the form filled in', async () => {
    const query = new URLSearchParams({ number: first.number, code: codeOf(first.number) });
    const page = await sauti.app.inject({ method: 'GET', url: `/documents/verify?${query.toString()}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`name="number"[^>]*value="${first.number.replace(/\//g, '(/|&#x2F;)')}"`));
    assert.match(page.body, new RegExp(`name="code"[^>]*value="${codeOf(first.number)}"`));
  });

  test('what cannot be a number or a code is a 400 naming each field', async () => {
    const res = await checkByCode({ number: '', code: 'ABC' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#number"[^>]*>Type the document number as printed/);
    assert.match(res.body, /href="#code"[^>]*>Type the 8-character check code/);
  });
});

const status = (number: string) =>
  sauti.app.inject({ method: 'GET', url: `/api/documents/status/${encodeURIComponent(number)}` });

describe('whether a document was revoked or replaced: /api/documents/status/:number', () => {
  test('an issued document is valid; its number may be typed in any case', async () => {
    const res = await status(first.number.toLowerCase());
    assert.equal(res.statusCode, 200, res.body);
    const { log: _log, ...answer } = res.json();
    assert.deepEqual(answer, { number: first.number, status: 'valid' });
  });

  test('a revoked document says so with the reason, a replaced one names its replacement', async () => {
    await sauti.database.asOwner(
      `update documents set revoked_at = now(), revoked_reason = 'Issued on the wrong entry'
       where number = '${first.number}';
       update documents set superseded_by = (select id from documents where number = '${first.number}')
       where number = '${second.number}'`,
    );
    const { log: _log, ...revoked } = (await status(first.number)).json();
    assert.deepEqual(revoked, {
      number: first.number,
      status: 'revoked',
      reason: 'Issued on the wrong entry',
    });
    const { log: _log2, ...superseded } = (await status(second.number)).json();
    assert.deepEqual(superseded, {
      number: second.number,
      status: 'superseded',
      supersededBy: first.number,
    });
    const page = await checkByCode({ number: first.number, code: codeOf(first.number) });
    assert.match(text(answerOf(page.body)), /Revoked: Issued on the wrong entry/);
  });

  test('a number Sauti never issued is a 404', async () => {
    assert.equal((await status('PA/SALAMA/2026/99')).statusCode, 404);
    assert.equal((await status('not a number')).statusCode, 404);
  });
});

describe('the verify page and the files it needs', () => {
  test('the page may compile the QR decoder, which Sauti serves itself, compressed', async () => {
    const page = await sauti.app.inject({ method: 'GET', url: '/documents/verify' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self' 'wasm-unsafe-eval'/);
    const wasm = /&quot;decoderWasm&quot;:&quot;([^&]+)&quot;/.exec(page.body)?.[1];
    const script = /<script src="(\/documents\/verify\/zxing-[^"]+)"/.exec(page.body)?.[1];
    assert.ok(wasm && script, 'the page names the decoder’s files');
    const module = await sauti.app.inject({ method: 'GET', url: wasm, headers: { 'accept-encoding': 'br' } });
    assert.equal(module.statusCode, 200);
    assert.equal(module.headers['content-type'], 'application/wasm');
    assert.equal(module.headers['content-encoding'], 'br');
    assert.match(String(module.headers['cache-control']), /immutable/);
    const plain = await sauti.app.inject({ method: 'GET', url: wasm });
    assert.deepEqual(plain.rawPayload.subarray(0, 4), Buffer.from([0, 0x61, 0x73, 0x6d]), 'a WebAssembly module');
    const reader = await sauti.app.inject({ method: 'GET', url: script });
    assert.equal(reader.statusCode, 200);
    assert.match(reader.body, /ZXingWASM/);
    assert.equal(
      (await sauti.app.inject({ method: 'GET', url: '/documents/verify/zxing-0.0.1/reader.js' })).statusCode,
      404,
    );
  });
});

describe("the national log's evidence that a document's OB entry is in it", () => {
  async function issuedInLog() {
    const desk = await demoAccounts(() => sauti.app).as('officer.salama');
    const entry = await postJson(sauti, desk, '/api/ob/stations/salama/entries', lostPhone);
    await integrateNow(sauti.platform);
    const issued = await postJson(sauti, desk, '/api/documents/stations/salama/documents', {
      kind: 'abstract_general',
      ob: entry.json().obNumber,
    });
    assert.equal(issued.statusCode, 201, issued.body);
    const { number, seal } = issued.json() as { number: string; seal: string };
    const opened = openDocument(seal, await trustList(sauti.platform));
    assert.ok(opened.genuine);
    return { number, claims: opened.claims };
  }

  async function publishedTrust(): Promise<LogTrust> {
    const keys = (await sauti.app.inject({ method: 'GET', url: '/documents/keys' })).json();
    const logKey = (await sauti.app.inject({ method: 'GET', url: '/ob/log/key' })).body.trim();
    assert.equal(keys.log.key, logKey, 'the documents’ key list names the log’s own key');
    return { log: keys.log.key, witnesses: keys.log.witnesses };
  }

  test('the status carries it, and it checks with only the published keys; for another document it does not', async () => {
    const mine = await issuedInLog();
    const other = await issuedInLog();
    assert.equal(typeof mine.claims.leafIndex, 'number');
    const evidence = (await status(mine.number)).json().log;
    const trust = await publishedTrust();
    const checked = await checkDocumentInLog(mine.claims, evidence, trust);
    assert.equal(checked.state, 'recorded');
    assert.equal(checked.state === 'recorded' && checked.leafIndex, mine.claims.leafIndex);
    assert.deepEqual(checked.state === 'recorded' && checked.witnessed, [], 'no witness is set up here');
    assert.deepEqual(await checkDocumentInLog(other.claims, evidence, trust), { state: 'other-entry' });
  });

  test('a leaf altered on the way, or a checkpoint signed by another log, does not hold', async () => {
    const mine = await issuedInLog();
    const evidence = (await status(mine.number)).json().log;
    const trust = await publishedTrust();
    const leaf = Buffer.from(evidence.leaf, 'base64').toString('utf8').replace('kind lost_property', 'kind arrest');
    const altered = { ...evidence, leaf: Buffer.from(leaf).toString('base64') };
    assert.notEqual(altered.leaf, evidence.leaf);
    assert.deepEqual(await checkDocumentInLog(mine.claims, altered, trust), { state: 'not-proven' });
    const otherLog = verifierString(
      new URL(sauti.config.publicUrl).host + '/ob',
      generateKeyPairSync('ed25519').publicKey,
    );
    assert.deepEqual(await checkDocumentInLog(mine.claims, evidence, { log: otherLog, witnesses: [] }), {
      state: 'not-proven',
    });
  });

  test('the check by number and code says where the entry stands in the log', async () => {
    const mine = await issuedInLog();
    const page = await checkByCode({ number: mine.number, code: codeOf(mine.number) });
    assert.match(
      text(answerOf(page.body)),
      new RegExp(
        `Entry in the national log Entry ${mine.claims.leafIndex}, included in the national log's signed checkpoint of size \\d+\\. No independent witness`,
      ),
    );
  });
});
