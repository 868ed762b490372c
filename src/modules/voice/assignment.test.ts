import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';

let sauti: TestContext;
const accounts = demoAccounts(() => sauti.app);
const as = accounts.as;

const count = async (sql: string, params: unknown[] = []) =>
  (await sauti.platform.db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
const post = async (username: string, path: string, form: Record<string, string>) =>
  (await as(username)).post(path, form, { csrfFrom: path.replace(/\/(assign|reveal|directives)$/, '') });

before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

describe("the registry assigns a letter to a unit; the identity custodian alone holds a protected writer's name", () => {
  let number = '';
  let caseReference = '';

  before(async () => {
    const res = await (
      await as('officer.mombasa')
    ).post(
      '/voice',
      {
        kind: 'harassment',
        subject: 'Sexual harassment by a senior officer',
        body: 'He calls me to his office after the shift and touches me.',
        protectIdentity: 'yes',
        named0Name: 'C/I Samuel Kiptoo',
        named0ServiceNumber: '2010-055301',
      },
      { csrfFrom: '/voice/new' },
    );
    number = /IGR-\d{4}-\d{6}/.exec(String(res.headers.location))![0];
  });

  test('bad assignments are refused with a clear error and change nothing; only the registry may assign', async () => {
    const bad = await post('ig.office', `/staff/voice/${number}/assign`, { unit: 'NOPE' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Choose the unit to assign it to/);
    assert.equal(
      (await post('gender.investigator', `/staff/voice/${number}/assign`, { unit: 'GENDER' })).statusCode,
      404,
      'a unit that cannot see it learns nothing',
    );
    assert.equal((await post('ocs.salama', `/staff/voice/${number}/assign`, { unit: 'GENDER' })).statusCode, 404);
    assert.equal(await count('select count(*)::int as n from voice_assignments'), 0);
    assert.equal(await count(`select count(*)::int as n from cases where source = 'voice'`), 0);
  });

  test('assigned to the gender desk: a case is opened, the desk reads the letter without the name, other units do not see it', async () => {
    const res = await post('ig.office', `/staff/voice/${number}/assign`, { unit: 'GENDER' });
    assert.equal(res.statusCode, 303);
    const row = (await sauti.platform.db.pool.query('select case_reference from voice_assignments')).rows[0];
    caseReference = row.case_reference;
    const again = await post('ig.office', `/staff/voice/${number}/assign`, { unit: 'IAU' });
    assert.equal(again.statusCode, 409, 'assigned once');

    const desk = await as('gender.investigator');
    assert.match((await desk.get('/staff/voice')).body, new RegExp(number));
    const letter = await desk.get(`/staff/voice/${number}`);
    assert.equal(letter.statusCode, 200);
    assert.match(letter.body, /He calls me to his office/);
    assert.doesNotMatch(letter.body, /Amina Hassan|2018-099872/, 'the writer is not named to the unit');
    assert.doesNotMatch(letter.body, /Acknowledge/, "acknowledging is the registry's");
    const casePage = await desk.get(`/staff/cases/${caseReference}`);
    assert.equal(casePage.statusCode, 200);
    assert.match(casePage.body, new RegExp(`href="/staff/voice/${number}"`));
    assert.doesNotMatch(
      casePage.body,
      /Amina Hassan|2018-099872|touches me/,
      'the case carries no name and not the letter itself',
    );

    for (const other of ['iau.investigator', 'dci.investigator', 'ipoa.liaison']) {
      assert.equal((await (await as(other)).get(`/staff/voice/${number}`)).statusCode, 404, other);
    }
    // a station commander never sees the letter; case pages are closed to commanders altogether (403 for any case, so it says nothing of this one)
    assert.equal((await (await as('ocs.salama')).get(`/staff/voice/${number}`)).statusCode, 404);
    assert.equal((await (await as('ocs.salama')).get(`/staff/cases/${caseReference}`)).statusCode, 403);
    assert.equal((await (await as('ocs.salama')).get('/staff/cases/NPS-0000-000000')).statusCode, 403);
    const writer = await (await as('officer.mombasa')).get(`/voice/${number}`);
    assert.match(writer.body, /Assigned to Gender and children desk to look into\./);
  });

  test('the registry does not see the name; the custodian does, and tells the unit only with a recorded reason', async () => {
    const registry = await (await as('ig.office')).get(`/staff/voice/${number}`);
    assert.doesNotMatch(registry.body, /Amina Hassan|2018-099872/);
    assert.doesNotMatch(registry.body, /Identity custodian/);
    assert.equal(
      (await post('ig.office', `/staff/voice/${number}/reveal`, { reason: 'curious' })).statusCode,
      403,
      'only the custodian reveals',
    );

    const custodianPage = await (await as('ig.custodian')).get(`/staff/voice/${number}`);
    assert.match(custodianPage.body, /Amina Hassan/);
    assert.match(custodianPage.body, /Identity custodian/);

    const empty = await post('ig.custodian', `/staff/voice/${number}/reveal`, { reason: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the reason the unit must know who wrote it/);
    assert.equal(await count('select count(*)::int as n from voice_identity_reveals'), 0);

    const reason = "The desk must take the complainant's statement under oath.";
    assert.equal((await post('ig.custodian', `/staff/voice/${number}/reveal`, { reason })).statusCode, 303);
    assert.equal(
      await count(
        `select count(*)::int as n from audit_log where action = 'voice.identity.reveal' and detail->>'reason' = $1`,
        [reason],
      ),
      1,
    );
    assert.match(
      (await (await as('gender.investigator')).get(`/staff/voice/${number}`)).body,
      /Amina Hassan/,
      'now the desk knows',
    );
    assert.doesNotMatch(
      (await (await as('ig.office')).get(`/staff/voice/${number}`)).body,
      /Amina Hassan/,
      'the registry still does not',
    );
    const writer = await (await as('officer.mombasa')).get(`/voice/${number}`);
    assert.match(
      writer.body,
      /The identity custodian made the writer&#39;s identity known to Gender and children desk|The identity custodian made the writer's identity known to Gender and children desk/,
    );
    assert.equal(
      (await post('ig.custodian', `/staff/voice/${number}/reveal`, { reason })).statusCode,
      400,
      'told once',
    );
  });

  test("the IG's office issues a directive on the letter's case; the desk sees it", async () => {
    const due = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi' }).format(
      new Date(sauti.platform.clock.now().getTime() + 7 * 24 * 3600_000),
    );
    const res = await (
      await as('ig.office')
    ).post(
      `/staff/cases/${caseReference}/directives`,
      {
        unit: 'GENDER',
        task: 'Independently investigate the complaint and report',
        deliverable: 'a report',
        dueDate: due,
      },
      { csrfFrom: `/staff/cases/${caseReference}` },
    );
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const mine = await (await as('gender.investigator')).get('/staff/directives');
    assert.match(mine.body, /Independently investigate the complaint/);
  });
});
