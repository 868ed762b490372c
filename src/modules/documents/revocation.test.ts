import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { lostPhone, postJson } from '../ob/test-desk.ts';

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;
let ob: string;

const issue = async () => {
  const desk = await accounts.as('officer.salama');
  const res = await postJson(sauti, desk, '/api/documents/stations/salama/documents', { kind: 'abstract_general', ob });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { number: string; seal: string };
};
const state = async (number: string) =>
  (
    await sauti.platform.db.pool.query(
      `select d.revoked_reason, s.number as superseded_by from documents d
       left join documents s on s.id = d.superseded_by where d.number = $1`,
      [number],
    )
  ).rows[0];

before(async () => {
  sauti = await startSauti({ workers: false });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
  accounts = demoAccounts(() => sauti.app);
  const res = await postJson(sauti, await accounts.as('officer.salama'), '/api/ob/stations/salama/entries', lostPhone);
  assert.equal(res.statusCode, 201, res.body);
  ob = res.json().obNumber;
});
after(() => sauti.close());

describe('revoking and reissuing a document', () => {
  test('the station commander revokes a document with a reason, once; nobody else may', async () => {
    const { number } = await issue();
    const officer = await accounts.as('officer.salama');
    const other = await accounts.as('ocs.kasarani');
    const ocs = await accounts.as('ocs.salama');
    const reason = 'Issued for the wrong entry.';
    assert.equal((await postJson(sauti, officer, '/api/documents/revocations', { number, reason })).statusCode, 403);
    assert.equal((await postJson(sauti, other, '/api/documents/revocations', { number, reason })).statusCode, 403);
    const blank = await postJson(sauti, ocs, '/api/documents/revocations', { number, reason: ' ' });
    assert.equal(blank.statusCode, 400);
    assert.deepEqual(await state(number), { revoked_reason: null, superseded_by: null });
    assert.equal((await postJson(sauti, ocs, '/api/documents/revocations', { number, reason })).statusCode, 204);
    assert.deepEqual(await state(number), { revoked_reason: reason, superseded_by: null });
    assert.equal((await postJson(sauti, ocs, '/api/documents/revocations', { number, reason })).statusCode, 409);
    const unknown = await postJson(sauti, ocs, '/api/documents/revocations', { number: 'PA/SALAMA/2026/99', reason });
    assert.equal(unknown.statusCode, 400);
  });

  test('the desk replaces a document by a new one from the same entry; the old one says what replaced it', async () => {
    const old = await issue();
    const desk = await accounts.as('officer.salama');
    const reason = 'The complainant’s name was misspelt; the entry was amended.';
    const res = await postJson(sauti, desk, '/api/documents/reissues', { number: old.number, reason });
    assert.equal(res.statusCode, 201, res.body);
    const fresh = res.json();
    assert.notEqual(fresh.number, old.number);
    assert.notEqual(fresh.seal, old.seal);
    assert.deepEqual(await state(old.number), { revoked_reason: reason, superseded_by: fresh.number });
    assert.equal(
      (await postJson(sauti, desk, '/api/documents/reissues', { number: old.number, reason })).statusCode,
      409,
    );
    const other = await accounts.as('officer.kasarani');
    assert.equal(
      (await postJson(sauti, other, '/api/documents/reissues', { number: fresh.number, reason })).statusCode,
      403,
    );
  });
});
