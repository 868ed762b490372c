import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../../platform/auth/service.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../platform/auth/demo.ts';
import { demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';

/**
 * Walls of officers' letters that must not depend on how a number was typed or on the way a letter
 * is reached: named officers compared by the canonical service number, the writer's station wall
 * carried into the case a letter becomes, and the acknowledgement kept to the registry.
 */

let sauti: TestContext;
const accounts = demoAccounts(() => sauti.app);
const as = accounts.as;
const pool = () => sauti.platform.db.pool;
const count = async (sql: string, params: unknown[] = []) =>
  (await pool().query<{ n: number }>(sql, params)).rows[0]!.n;

/** Writes as officer.mombasa (Amina Hassan, Mombasa traffic base); returns the registry number. */
async function write(form: Record<string, string>): Promise<string> {
  const res = await (
    await as('officer.mombasa')
  ).post('/voice', { kind: 'grievance', topic: 'transfer', ...form }, { csrfFrom: '/voice/new' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  return /IGR-\d{4}-\d{6}/.exec(String(res.headers.location))![0];
}

async function assign(number: string, unit: string): Promise<string> {
  const res = await (
    await as('ig.office')
  ).post(`/staff/voice/${number}/assign`, { unit }, { csrfFrom: `/staff/voice/${number}` });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  return (
    await pool().query<{ case_reference: string }>(
      'select a.case_reference from voice_assignments a join voice_submissions v on v.id = a.submission_id where v.registry_number = $1',
      [number],
    )
  ).rows[0]!.case_reference;
}

const acknowledge = async (username: string, number: string) =>
  (await as(username)).post(`/staff/voice/${number}/acknowledge`, {}, { csrfFrom: '/staff' });
const acknowledged = async (number: string) =>
  (
    await pool().query<{ at: Date | null; events: number }>(
      `select v.acknowledged_at as at, (select count(*)::int from voice_events e where e.submission_id = v.id and e.action = 'acknowledged') as events from voice_submissions v where v.registry_number = $1`,
      [number],
    )
  ).rows[0]!;

before(async () => {
  sauti = await startSauti();
  const staff = { password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET };
  // Peter Kioko (2015-088120, a Salama corporal on the roster) seconded to the IG's office registry
  await createUser(pool(), {
    username: 'ig.kioko',
    displayName: 'Peter Kioko (registry)',
    role: 'ig_office',
    unitCode: 'IG_OFFICE',
    serviceNumber: '2015-088120',
    ...staff,
  });
  // two IAU investigators posted at the writer's station: one by the account's station, one by the roster (Samuel Kiptoo, 2010-055301)
  await createUser(pool(), {
    username: 'iau.mombasa',
    displayName: 'IAU, Mombasa',
    role: 'investigator',
    unitCode: 'IAU',
    stationId: 'mombasa-traffic-base',
    ...staff,
  });
  await createUser(pool(), {
    username: 'iau.kiptoo',
    displayName: 'Samuel Kiptoo (IAU)',
    role: 'investigator',
    unitCode: 'IAU',
    serviceNumber: '2010-055301',
    ...staff,
  });
});
after(() => sauti.close());

describe("a letter naming an officer's service number however it was typed is walled off from that officer", () => {
  const variants = ['2015 088120', '2015088120', '2015/088120', 'NPS 2015-088120'];
  for (const typed of variants) {
    test(`named as "${typed}": the named member of the IG's office cannot open, list or acknowledge it`, async () => {
      const number = await write({
        subject: `Posting withheld (${typed})`,
        body: 'My transfer was blocked by the corporal at the desk.',
        named0Name: 'Cpl Kioko',
        named0ServiceNumber: typed,
      });
      const kioko = await as('ig.kioko');
      const page = await kioko.get(`/staff/voice/${number}`);
      assert.equal(page.statusCode, 404);
      assert.ok(!page.body.includes('transfer was blocked'));
      assert.ok(!(await kioko.get('/staff/voice')).body.includes(number), 'not in the inbox');
      assert.equal((await acknowledge('ig.kioko', number)).statusCode, 404);
      assert.deepEqual(await acknowledged(number), { at: null, events: 0 });
      assert.equal(
        (await (await as('ig.office')).get(`/staff/voice/${number}`)).statusCode,
        200,
        'the rest of the registry reads it',
      );
    });
  }

  test('a named number that is not a whole service number is refused with a clear error, and nothing is stored', async () => {
    const before = await count('select count(*)::int as n from voice_submissions');
    for (const typed of ['088120', 'Kioko', '2015-08812']) {
      const res = await (
        await as('officer.mombasa')
      ).post(
        '/voice',
        {
          kind: 'grievance',
          topic: 'transfer',
          subject: 'Posting withheld',
          body: 'Blocked.',
          named0Name: 'Cpl Kioko',
          named0ServiceNumber: typed,
        },
        { csrfFrom: '/voice/new' },
      );
      assert.equal(res.statusCode, 400, typed);
      assert.match(res.body, /href="#named0ServiceNumber"/);
      assert.match(res.body, /the year and six digits, e\.g\. 2015-088120/);
    }
    assert.equal(await count('select count(*)::int as n from voice_submissions'), before);
  });
});

describe("a case opened from a letter keeps everyone posted at the writer's station out, as the letter does", () => {
  let number = '';
  let ref = '';

  before(async () => {
    number = await write({
      subject: 'Overtime never paid at the zanzibarword base',
      body: 'Four months of overtime are owed to the whole shift.',
    });
    ref = await assign(number, 'IAU');
  });

  for (const username of ['iau.mombasa', 'iau.kiptoo']) {
    test(`${username}, an IAU investigator posted at the writer's station, gets 404 on the case, cannot change it, and finds it in neither queue nor search`, async () => {
      const investigator = await as(username);
      assert.equal(
        (await investigator.get(`/staff/voice/${number}`)).statusCode,
        404,
        'the letter itself was already walled',
      );
      const page = await investigator.get(`/staff/cases/${ref}`);
      assert.equal(page.statusCode, 404);
      assert.ok(!page.body.includes('zanzibarword'));
      assert.ok(!(await investigator.get('/staff/cases')).body.includes(ref), 'not in the queue');
      const search = await investigator.get('/staff/cases?q=zanzibarword');
      assert.ok(
        !search.body.includes(ref) && !search.body.includes(number),
        'search shows neither its subject nor its registry number',
      );
      assert.equal(((await investigator.get('/api/cases?q=zanzibarword')).json() as { total: number }).total, 0);

      const change = await investigator.post(
        `/staff/cases/${ref}/status`,
        { status: 'under_assessment', reason: 'Taking it' },
        { csrfFrom: '/staff/cases' },
      );
      assert.equal(change.statusCode, 404);
      const reassign = await investigator.post(
        `/staff/cases/${ref}/reassign`,
        { unit: 'DCI', reason: 'Not ours' },
        { csrfFrom: '/staff/cases' },
      );
      assert.equal(reassign.statusCode, 404);
      const { rows } = await pool().query(`select status, unit_code from cases where reference = $1`, [ref]);
      assert.deepEqual(rows[0], { status: 'received', unit_code: 'IAU' });
    });
  }

  test('an IAU investigator posted elsewhere works the case as before', async () => {
    const iau = await as('iau.investigator');
    assert.equal((await iau.get(`/staff/cases/${ref}`)).statusCode, 200);
    assert.ok((await iau.get('/staff/cases?q=zanzibarword')).body.includes(ref));
  });

  test("directives on the case are not listed to those posted at the writer's station", async () => {
    const due = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi' }).format(
      new Date(sauti.platform.clock.now().getTime() + 7 * 24 * 3600_000),
    );
    const issued = await (
      await as('ig.office')
    ).post(
      `/staff/cases/${ref}/directives`,
      { unit: 'IAU', task: 'Audit the overtime register of the base', deliverable: 'an audit', dueDate: due },
      { csrfFrom: `/staff/cases/${ref}` },
    );
    assert.equal(issued.statusCode, 303, issued.body.slice(0, 300));
    const id = (
      await pool().query<{ id: string }>(
        'select d.id from case_directives d join cases c on c.id = d.case_id where c.reference = $1',
        [ref],
      )
    ).rows[0]!.id;
    for (const username of ['iau.mombasa', 'iau.kiptoo']) {
      const investigator = await as(username);
      assert.doesNotMatch((await investigator.get('/staff/directives')).body, /Audit the overtime register/, username);
      assert.equal((await investigator.get(`/staff/directives/${id}`)).statusCode, 404, username);
    }
    assert.match((await (await as('iau.investigator')).get('/staff/directives')).body, /Audit the overtime register/);
  });
});

describe("only the IG's office registry acknowledges a letter", () => {
  let toIau = '';
  let toDci = '';

  before(async () => {
    toIau = await write({ subject: 'Housing allowance cut', body: 'My housing allowance was cut without notice.' });
    toDci = await write({ subject: 'Fuel money diverted', body: 'Fuel money for patrols is diverted every month.' });
    await assign(toIau, 'IAU');
    await assign(toDci, 'DCI');
    // escalated to the NPSC liaison, who may therefore read it
    await pool().query(
      `insert into voice_escalations (submission_id, step, at) select id, 'npsc', now() from voice_submissions where registry_number = $1`,
      [toIau],
    );
  });

  test('an IAU investigator, a unit the letter was assigned to, the NPSC liaison and a station commander are refused; the clock keeps running', async () => {
    assert.equal(
      (await (await as('npsc.liaison')).get(`/staff/voice/${toIau}`)).statusCode,
      200,
      'the liaison reads what was escalated to them',
    );
    assert.equal(
      (await (await as('iau.investigator')).get(`/staff/voice/${toIau}`)).statusCode,
      200,
      'the assigned unit reads it',
    );
    const refusals: Array<[string, string]> = [
      ['iau.investigator', toIau],
      ['dci.investigator', toDci],
      ['npsc.liaison', toIau],
      ['ocs.kasarani', toIau],
      ['ocs.salama', toDci],
    ];
    for (const [username, number] of refusals) {
      const res = await acknowledge(username, number);
      assert.equal(res.statusCode, 403, `${username} on ${number}: ${res.statusCode}`);
    }
    for (const number of [toIau, toDci]) {
      assert.deepEqual(await acknowledged(number), { at: null, events: 0 }, number);
      const writer = await (await as('officer.mombasa')).get(`/voice/${number}`);
      assert.match(writer.body, /Waiting .* for acknowledgement; due by/, 'the writer still sees the clock running');
    }
    assert.equal(await count(`select count(*)::int as n from audit_log where action = 'voice.acknowledge'`), 0);
  });

  test('the registry acknowledges it', async () => {
    assert.equal((await acknowledge('ig.office', toIau)).statusCode, 303);
    const after = await acknowledged(toIau);
    assert.ok(after.at instanceof Date);
    assert.equal(after.events, 1);
  });
});
