import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { seedMonday } from './test-seed.ts';

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;

before(async () => {
  sauti = await startSauti({ workers: false });
  accounts = demoAccounts(() => sauti.app);
  await seedMonday(sauti, accounts);
  // Tuesday morning: "yesterday" is the Monday seeded
  sauti.platform.clock.set(new Date('2026-12-01T09:00:00+03:00'));
});
after(() => sauti.close());

const PAGE = '/staff/fines/finance';
const runs = async () =>
  Number((await sauti.platform.db.pool.query('select count(*) from fine_reconciliations')).rows[0].count);
const runNow = async (as: string, form: Record<string, string> = {}) =>
  (await accounts.as(as)).post(`${PAGE}/run`, form, { csrfFrom: '/staff' });

describe('the finance report is for the finance officers (and the IG’s office)', () => {
  test('an officer and a station commander are refused the page and cannot run it', async () => {
    for (const who of ['officer.mombasa', 'ocs.salama', 'medic.makueni']) {
      const page = await (await accounts.as(who)).get(PAGE);
      assert.equal(page.statusCode, 403, who);
      assert.equal((await runNow(who)).statusCode, 403, who);
    }
    const anonymous = await sauti.app.inject({ method: 'GET', url: PAGE });
    assert.notEqual(anonymous.statusCode, 200);
    assert.doesNotMatch(anonymous.body, /Suspense list/);
    assert.equal(await runs(), 0, 'nothing was run for them');
  });

  test('the finance officer sees the suspense list before any run, and the nav shows them the page', async () => {
    const finance = await accounts.as('finance.nps');
    const page = await finance.get(PAGE);
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /No reconciliation has run yet/);
    assert.match(page.body, /Suspense list/);
    // the payment for no notice: its reference, the account typed, why, how much
    assert.match(page.body, /1234567890/);
    assert.match(page.body, /No such notice/);
    assert.match(page.body, /Paid beyond the balance/);
    assert.match(page.body, /Ksh\s?600 waits in suspense from 2 payments/);
    const home = await finance.get('/staff');
    assert.match(home.body, /href="\/staff\/fines\/finance"/);
    assert.doesNotMatch((await (await accounts.as('officer.mombasa')).get('/staff')).body, /\/staff\/fines\/finance/);
  });

  test('"Run now" reconciles yesterday by default and shows each station; run twice, both are in the history', async () => {
    const first = await runNow('finance.nps');
    assert.equal(first.statusCode, 303, first.body);
    const second = await runNow('finance.nps', { from: '2026-11-30', to: '2026-11-30' });
    assert.equal(second.statusCode, 303);
    assert.equal(await runs(), 2);
    const shown = await (await accounts.as('finance.nps')).get(String(second.headers.location));
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /Reconciliation of 30 Nov(ember)? 2026/);
    assert.match(shown.body, /<th scope="row">Mombasa Traffic Base<\/th><td>3<\/td><td>Ksh\s?1,500<\/td><td>1<\/td>/);
    assert.match(shown.body, /<th scope="row">Salama Police Station<\/th><td>1<\/td>/);
    assert.match(shown.body, /Everything adds up/);
    const history = shown.body.slice(shown.body.indexOf('id="history"'));
    assert.equal((history.match(/Run [^<]* by Lucy Wambui/g) ?? []).length, 2);
    const audited = await sauti.platform.db.pool.query(
      `select count(*) from audit_log where action = 'fines.reconciliation.run'`,
    );
    assert.equal(Number(audited.rows[0].count), 2);
  });

  test('the IG’s office sees it too, in Kiswahili when asked', async () => {
    const page = await (await accounts.as('ig.office')).get(PAGE, { 'accept-language': 'sw' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Faini za trafiki: ulinganisho wa hesabu/);
    assert.match(page.body, /Orodha ya malipo yaliyosimamishwa/);
  });

  test('bad days are shown again with a clear error and no run is kept; an unknown run is not found', async () => {
    const before = await runs();
    const backwards = await runNow('finance.nps', { from: '2026-11-30', to: '2026-11-01' });
    assert.equal(backwards.statusCode, 400);
    assert.match(backwards.body, /The last day cannot be before the first/);
    assert.match(backwards.body, /href="#to"/);
    const nonsense = await runNow('finance.nps', { from: '30/11/2026' });
    assert.equal(nonsense.statusCode, 400);
    assert.match(nonsense.body, /Give a day as YYYY-MM-DD/);
    assert.equal(await runs(), before);
    const finance = await accounts.as('finance.nps');
    assert.equal((await finance.get(`${PAGE}?run=999999`)).statusCode, 404);
    assert.equal((await finance.get(`${PAGE}?run=abc`)).statusCode, 404);
  });
});
