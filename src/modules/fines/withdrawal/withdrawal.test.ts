import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { eventsOf, ISSUED_AT, issueAtKasarani, noticeState, payByBank, text } from './test-notices.ts';

// The station's notices and withdrawal: only the station's commander, only with a written reason, only
// while nothing is paid; everyone else is refused and nothing changes.

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;

before(async () => {
  sauti = await startSauti({ workers: false });
  sauti.platform.clock.set(ISSUED_AT);
  accounts = demoAccounts(() => sauti.app);
});
after(() => sauti.close());

const REASON = 'Wrong number plate typed: the vehicle stopped was KCB 221R, not KCB 221Q.';

const issue = () => issueAtKasarani(sauti, accounts);

async function withdraw(as: string | Browser, number: string, reason: string) {
  const browser = typeof as === 'string' ? await accounts.as(as) : as;
  return browser.post(`/staff/fines/${number}/withdraw`, { reason }, { csrfFrom: '/fines/verify' });
}

const userId = async (username: string) =>
  String((await sauti.platform.db.pool.query('select id from users where username = $1', [username])).rows[0].id);

describe('withdrawing a notice', () => {
  test('the commander withdraws with a reason; the motorist’s notice shows it withdrawn and why', async () => {
    const n = await issue();
    const page = await (await accounts.as('ocs.kasarani')).get(`/staff/fines/${n.number}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /action="\/staff\/fines\/\d{10}\/withdraw"/);

    const res = await withdraw('ocs.kasarani', n.number, REASON);
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `/staff/fines/${n.number}?withdrawn=1`);
    const state = await noticeState(sauti, n.id);
    assert.equal(state.status, 'withdrawn');
    assert.equal(state.withdrawn_reason, REASON);
    assert.equal(String(state.withdrawn_by), await userId('ocs.kasarani'));
    const events = await eventsOf(sauti, n.id, 'withdrawn');
    assert.deepEqual(
      events.map((e) => e.detail),
      [{ reason: REASON }],
    );
    const audit = await sauti.platform.db.pool.query(
      `select 1 from audit_log where action = 'fines.notice.withdrawn' and subject_id = $1`,
      [n.id],
    );
    assert.equal(audit.rowCount, 1);

    const motorist = new Browser(sauti.app);
    const en = text((await motorist.get(n.link)).body);
    assert.match(en, /Withdrawn/);
    assert.ok(en.includes(`Withdrawn by the station commander. Reason: ${REASON}`), en);
    const sw = text((await motorist.get(n.link, { 'accept-language': 'sw' })).body);
    assert.ok(sw.includes(`Iliondolewa na mkuu wa kituo. Sababu: ${REASON}`), sw);

    // once withdrawn, there is no second withdrawal, and no form offering one
    const again = await withdraw('ocs.kasarani', n.number, REASON);
    assert.equal(again.statusCode, 400);
    assert.equal((await eventsOf(sauti, n.id, 'withdrawn')).length, 1);
    const after = await (await accounts.as('ocs.kasarani')).get(`/staff/fines/${n.number}`);
    assert.doesNotMatch(after.body, /\/withdraw"/);
  });

  test('an empty, short or overlong reason is refused with a clear error, and nothing changes', async () => {
    const n = await issue();
    const before = await noticeState(sauti, n.id);
    for (const reason of ['', '   ', 'mistake', 'x'.repeat(2001)]) {
      const res = await withdraw('ocs.kasarani', n.number, reason);
      assert.equal(res.statusCode, 400, reason);
      assert.match(
        text(res.body),
        reason.length > 2000 ? /At most 2000 characters/ : /Write the reason for withdrawing: at least 10 characters/,
      );
      assert.match(res.body, /href="#reason"/);
    }
    assert.deepEqual(await noticeState(sauti, n.id), before);
  });

  test('the officer who issued it, another station’s commander and officer, and the public are refused', async () => {
    const n = await issue();
    const before = await noticeState(sauti, n.id);
    // the issuer sees the notice, but without a form, and cannot withdraw it
    const own = await (await accounts.as('officer.kasarani')).get(`/staff/fines/${n.number}`);
    assert.equal(own.statusCode, 200);
    assert.doesNotMatch(own.body, /\/withdraw"/);
    assert.equal((await withdraw('officer.kasarani', n.number, REASON)).statusCode, 403);
    // other stations do not see it at all
    for (const who of ['ocs.salama', 'officer.salama']) {
      assert.equal((await (await accounts.as(who)).get(`/staff/fines/${n.number}`)).statusCode, 404, who);
      assert.equal((await withdraw(who, n.number, REASON)).statusCode, 404, who);
    }
    // the public is sent to sign in
    const anyone = new Browser(sauti.app);
    assert.notEqual((await anyone.get(`/staff/fines/${n.number}`)).statusCode, 200);
    const res = await withdraw(anyone, n.number, REASON);
    assert.ok([302, 303, 401, 403].includes(res.statusCode), String(res.statusCode));
    assert.notEqual(res.headers.location, `/staff/fines/${n.number}?withdrawn=1`);
    assert.deepEqual(await noticeState(sauti, n.id), before);
  });

  test('a partly paid notice cannot be withdrawn: its money would have to be refunded first', async () => {
    const n = await issue();
    assert.equal((await payByBank(sauti, n.id, 200_00))?.creditedCents, 200_00);
    const before = await noticeState(sauti, n.id);
    const page = await (await accounts.as('ocs.kasarani')).get(`/staff/fines/${n.number}`);
    assert.match(text(page.body), /Money has already been paid on this notice/);
    assert.doesNotMatch(page.body, /\/withdraw"/);
    const res = await withdraw('ocs.kasarani', n.number, REASON);
    assert.equal(res.statusCode, 400);
    assert.match(text(res.body), /Money has already been paid on this notice/);
    assert.deepEqual(await noticeState(sauti, n.id), before);
  });

  test('money sent for a withdrawn notice is not credited: it waits in suspense', async () => {
    const n = await issue();
    assert.equal((await withdraw('ocs.kasarani', n.number, REASON)).statusCode, 303);
    const paid = await payByBank(sauti, n.id, 500_00);
    assert.deepEqual([paid?.creditedCents, paid?.suspenseReason], [0, 'not-payable']);
    assert.equal((await noticeState(sauti, n.id)).status, 'withdrawn');
  });

  test('there is no route that marks a notice paid', async () => {
    const n = await issue();
    for (const path of [`/staff/fines/${n.number}/paid`, `/staff/fines/${n.number}/pay`]) {
      const res = await (await accounts.as('ocs.kasarani')).post(path, {}, { csrfFrom: '/fines/verify' });
      assert.equal(res.statusCode, 404, path);
    }
    assert.equal((await noticeState(sauti, n.id)).status, 'unpaid');
  });
});

describe('the station’s list of notices', () => {
  test('the commander sees the station’s notices newest first, and withdrawals counted per officer', async () => {
    const { rows } = await sauti.platform.db.pool.query<{ issued: number; withdrawn: number }>(
      `select count(*)::int as issued, (count(*) filter (where status = 'withdrawn'))::int as withdrawn
       from fine_notices where station_id = 'kasarani'`,
    );
    const { issued, withdrawn } = rows[0]!;
    assert.ok(issued >= 6 && withdrawn >= 2, `${issued} ${withdrawn}`);
    const latest = await issue();
    const page = await (await accounts.as('ocs.kasarani')).get('/staff/fines');
    assert.equal(page.statusCode, 200);
    const words = text(page.body);
    assert.match(words, /Traffic notices at Kasarani Police Station/);
    const numbers = [...page.body.matchAll(/href="\/staff\/fines\/(\d{10})"/g)].map((m) => m[1]);
    assert.equal(numbers[0], latest.number);
    assert.ok(words.includes(`Grace Wanjiru (2017-093410) ${issued + 1} ${withdrawn}`), words);
    assert.ok(words.includes(`The whole station ${issued + 1} ${withdrawn}`), words);

    const filtered = await (await accounts.as('ocs.kasarani')).get('/staff/fines?status=withdrawn');
    assert.equal([...filtered.body.matchAll(/href="\/staff\/fines\/(\d{10})"/g)].length, withdrawn);
  });

  test('an officer sees only the notices they issued, without the counts; another station sees none of them', async () => {
    const own = await (await accounts.as('officer.kasarani')).get('/staff/fines');
    assert.equal(own.statusCode, 200);
    assert.match(text(own.body), /Traffic notices I issued/);
    assert.doesNotMatch(own.body, /withdrawal-counts/);
    const other = await (await accounts.as('ocs.salama')).get('/staff/fines');
    assert.equal(other.statusCode, 200);
    assert.doesNotMatch(other.body, /href="\/staff\/fines\/\d{10}"/);
    assert.match(text(other.body), /No notices match/);
    assert.doesNotMatch(text(other.body), /Grace Wanjiru/);
  });

  test('pages of twenty, the next page reachable without JavaScript', async () => {
    while (
      Number(
        (await sauti.platform.db.pool.query(`select count(*) from fine_notices where station_id = 'kasarani'`)).rows[0]
          .count,
      ) <= 20
    )
      await issue();
    const commander = await accounts.as('ocs.kasarani');
    const first = await commander.get('/staff/fines');
    assert.equal([...first.body.matchAll(/href="\/staff\/fines\/(\d{10})"/g)].length, 20);
    assert.match(first.body, /href="\/staff\/fines\?page=2"/);
    const second = await commander.get('/staff/fines?page=2');
    assert.ok([...second.body.matchAll(/href="\/staff\/fines\/(\d{10})"/g)].length >= 1);
  });
});
