import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { lostPhone, postJson } from '../../ob/test-desk.ts';

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;
let slip: { obNumber: string; slipCode: string };

const ask = (kind: string) =>
  sauti.app.inject({
    method: 'POST',
    url: '/api/documents/requests',
    payload: { station: 'salama', ob: slip.obNumber, code: slip.slipCode, kind },
  });

before(async () => {
  sauti = await startSauti({ workers: false, env: { RATE_LIMIT_RECEIPTS: '1000' } });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
  accounts = demoAccounts(() => sauti.app);
  const desk = await accounts.as('officer.salama');
  const res = await postJson(sauti, desk, '/api/ob/stations/salama/entries', lostPhone);
  assert.equal(res.statusCode, 201, res.body);
  slip = res.json();
});
after(() => sauti.close());

describe("the station desk's documents page", () => {
  test('the desk finds its requests on their clocks and issues one by form', async () => {
    assert.equal((await ask('abstract_general')).statusCode, 201);
    const desk = await accounts.as('officer.salama');
    const home = await desk.get('/staff/documents');
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/staff/documents/salama');
    const page = await desk.get('/staff/documents/salama');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /1 request waiting/);
    assert.match(page.body, new RegExp(`Police abstract · OB ${slip.obNumber.replace(/\//g, '\\/')}`));
    const id = /name="request" value="(\d+)"/.exec(page.body)?.[1];
    assert.ok(id);
    const issued = await desk.post(
      '/staff/documents/salama/issue',
      { request: id },
      { csrfFrom: '/staff/documents/salama' },
    );
    assert.equal(issued.statusCode, 303, issued.body);
    assert.equal(issued.headers.location, '/staff/documents/salama?issued=PA%2FSALAMA%2F2026%2F1');
    const after = await desk.get(issued.headers.location as string);
    assert.match(after.body, /Issued PA\/SALAMA\/2026\/1\. It is free/);
    assert.match(after.body, /No request is waiting/);
  });

  test('a refusal without a reason comes back with the error beside it, and nothing is settled', async () => {
    assert.equal((await ask('abstract_general')).statusCode, 201);
    const desk = await accounts.as('officer.salama');
    const id = /name="request" value="(\d+)"/.exec((await desk.get('/staff/documents/salama')).body)![1]!;
    const url = `/staff/documents/salama/requests/${id}/refusal`;
    const blank = await desk.post(url, { reason: ' ' }, { csrfFrom: '/staff/documents/salama' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, new RegExp(`id="reason-${id}-error"`));
    assert.match(blank.body, /1 request waiting/);
    const refused = await desk.post(
      url,
      { reason: 'The phone was found; nothing to certify.' },
      { csrfFrom: '/staff/documents/salama' },
    );
    assert.equal(refused.statusCode, 303);
    assert.match((await desk.get(refused.headers.location as string)).body, /Refused: The phone was found/);
  });

  test('at the counter, a document the entry cannot give names the kind', async () => {
    const desk = await accounts.as('officer.salama');
    const res = await desk.post(
      '/staff/documents/salama/issue',
      { kind: 'p3', ob: slip.obNumber, language: 'sw' },
      { csrfFrom: '/staff/documents/salama' },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /This entry cannot give that document/);
  });

  test('another station’s desk is refused, and nobody signed out gets in', async () => {
    const other = await accounts.as('officer.kasarani');
    assert.equal((await other.get('/staff/documents/salama')).statusCode, 403);
    const refused = await other.post(
      '/staff/documents/salama/issue',
      { kind: 'abstract_general', ob: slip.obNumber },
      { csrfFrom: '/staff/documents/kasarani' },
    );
    assert.equal(refused.statusCode, 403);
    const anonymous = await new Browser(sauti.app).get('/staff/documents/salama');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/staff\/sign-in/);
  });
});
