import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { pdfText } from '../../../platform/pdf/inspect.ts';
import { lostPhone, postJson } from '../../ob/test-desk.ts';
import { drawDuePdfs } from '../pdf.ts';

// A document's PDF is drawn once for each way it prints (ahead of its first download, by a job every minute
// for the day's documents and revocations) and kept; a revoked document prints stamped revoked, with the reason.

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;
let ob: string;

const issue = async () => {
  const desk = await accounts.as('officer.salama');
  const res = await postJson(sauti, desk, '/api/documents/stations/salama/documents', { kind: 'abstract_general', ob });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; number: string };
};
const download = async (number: string) => {
  const res = await (await accounts.as('officer.salama')).get(`/api/documents/${number}.pdf`);
  assert.equal(res.statusCode, 200, res.body);
  return res.rawPayload;
};
const kept = async (id: string) =>
  (
    await sauti.platform.db.pool.query<{ state: string; sha256: string }>(
      'select state, sha256 from document_pdfs where document_id = $1 order by drawn_at, state',
      [id],
    )
  ).rows;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

before(async () => {
  sauti = await startSauti({ workers: false });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
  accounts = demoAccounts(() => sauti.app);
  const res = await postJson(sauti, await accounts.as('officer.salama'), '/api/ob/stations/salama/entries', lostPhone);
  assert.equal(res.statusCode, 201, res.body);
  ob = res.json().obNumber;
});
after(() => sauti.close());

describe('a document’s PDF, drawn once and kept', () => {
  test('the drawing job draws a new document ahead of its download, once; the download is the kept file', async () => {
    await drawDuePdfs(sauti.platform);
    const { id, number } = await issue();
    assert.deepEqual(await kept(id), []);
    assert.equal(await drawDuePdfs(sauti.platform), 1);
    assert.equal(await drawDuePdfs(sauti.platform), 0, 'nothing left to draw');
    const [first] = await kept(id);
    assert.equal(first?.state, 'pending');
    const pdf = await download(number);
    assert.equal(sha256(pdf), first.sha256);
    assert.equal((await kept(id)).length, 1, 'a second download draws nothing new');
  });

  test('a kept file gone from the store is drawn again, and the download still works', async () => {
    const { id, number } = await issue();
    const pdf = await download(number);
    const [row] = await kept(id);
    assert.equal(sha256(pdf), row?.sha256);
    await rm(sauti.platform.blobs.path(row!.sha256));
    const again = await download(number);
    assert.match(await pdfText(again), new RegExp(number.replace(/\//g, '\\/')));
  });

  test('a revoked document prints stamped revoked with the reason, never the copy kept before', async () => {
    const { id, number } = await issue();
    const before = await download(number);
    assert.doesNotMatch(await pdfText(before), /REVOKED/);
    const reason = 'Issued for the wrong entry.';
    const ocs = await accounts.as('ocs.salama');
    assert.equal((await postJson(sauti, ocs, '/api/documents/revocations', { number, reason })).statusCode, 204);
    assert.equal(await drawDuePdfs(sauti.platform), 1, 'the revoked copy is drawn ahead too');
    const text = await pdfText(await download(number));
    assert.match(text, /REVOKED: NOT VALID/);
    assert.match(text, /Issued for the wrong entry\./);
    assert.deepEqual(
      (await kept(id)).map((r) => r.state),
      ['pending', 'revoked'],
    );
  });
});
