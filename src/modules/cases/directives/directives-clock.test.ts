import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Browser,
  resetClock,
  samples,
  signIn,
  startSauti,
  validReport,
  type TestContext,
} from '../../../../test/helpers.ts';
import { escalateOverdueDirectives } from './directives.ts';

/**
 * A directive's day is a day in Nairobi by the platform's clock: a test standing the clock at any
 * moment sees the same "today", the same overdue flag and escalation, and the same public dates.
 */

/** 00:30 on Tuesday 11 June 2024 in Nairobi: still the 10th in UTC. Long before the real time of any run. */
const T = new Date('2024-06-10T21:30:00Z');
const TASK = 'Audit the occurrence book at the Salama report desk';

let sauti: TestContext;
let ig: Browser;
let dci: Browser;
let reference: string;

before(async () => {
  // no job workers: the five-minute sweep would escalate beside the test at whatever the clock says
  sauti = await startSauti({ workers: false });
  const filed = await new Browser(sauti.app).post('/report', {
    ...validReport,
    description: 'The report desk asked for money to record my statement',
  });
  assert.equal(filed.statusCode, 201);
  reference = /(CASE-\d{4}-\d{6})/.exec(filed.body)![1]!;
  ig = await signIn(sauti.app, 'ig.office');
  dci = await signIn(sauti.app, 'dci.investigator');
});
after(async () => {
  resetClock(sauti.platform);
  await sauti.close();
});

const issue = (dueDate: string) =>
  ig.post(
    `/staff/cases/${reference}/directives`,
    { unit: 'DCI', task: TASK, deliverable: 'the audit', dueDate, public: 'yes' },
    { csrfFrom: '/report' },
  );

async function publicEntry(): Promise<Record<string, unknown>> {
  const res = await sauti.app.inject({ method: 'GET', url: '/api/directives' });
  assert.equal(res.statusCode, 200);
  const entry = (res.json() as Array<Record<string, unknown>>).find((d) => d.task === TASK);
  assert.ok(entry, 'published');
  return entry;
}

describe('a directive on a pinned clock', () => {
  test("due today or later, today being Nairobi's day by the platform clock", async () => {
    sauti.platform.clock.set(T);
    const yesterday = await issue('2024-06-10');
    assert.equal(yesterday.statusCode, 400, 'the 10th is today in UTC but yesterday in Nairobi');
    assert.match(yesterday.body, /cannot be in the past/);
    assert.equal((await sauti.platform.db.pool.query('select 1 from case_directives')).rowCount, 0);
    assert.equal((await issue('2024-06-11')).statusCode, 303);
    assert.deepEqual(await publicEntry(), {
      issuedOn: '2024-06-11',
      unit: 'DCI',
      task: TASK,
      deliverable: 'the audit',
      dueOn: '2024-06-11',
      status: 'open',
      deliveredOn: null,
    });
  });

  test('overdue from midnight in Nairobi, escalated then, at that moment', async () => {
    // 23:59 on its due day: not overdue, nothing to escalate
    sauti.platform.clock.set(new Date('2024-06-11T20:59:00Z'));
    const onTime = await ig.get('/staff/directives');
    assert.equal(onTime.statusCode, 200);
    assert.doesNotMatch(onTime.body, /\d+ overdue|Overdue by/);
    assert.deepEqual(await escalateOverdueDirectives(sauti.platform), []);
    assert.equal((await publicEntry()).status, 'open');

    // midnight: overdue by a day, on the dashboard, the unit's list and the public page; escalated once, at the clock's moment
    const midnight = new Date('2024-06-11T21:00:00Z');
    sauti.platform.clock.set(midnight);
    const late = await ig.get('/staff/directives');
    assert.match(late.body, /1 overdue/);
    assert.match(late.body, /Overdue by 1 day/);
    assert.match((await dci.get('/staff/directives')).body, /Overdue by 1 day/);
    assert.equal((await publicEntry()).status, 'overdue');
    assert.equal((await escalateOverdueDirectives(sauti.platform)).length, 1);
    const escalated = await sauti.platform.db.pool.query<{ at: Date }>('select at from case_directive_escalations');
    assert.deepEqual(
      escalated.rows.map((r) => r.at.toISOString()),
      [midnight.toISOString()],
    );
  });

  test('delivered at the moment the clock says: the public page dates it in Nairobi, the dashboards list it as recently closed', async () => {
    const id = (
      await sauti.platform.db.pool.query<{ id: string }>('select id from case_directives where task = $1', [TASK])
    ).rows[0]!.id;
    // 22:15 on the 12th in UTC is the 13th in Nairobi
    const delivered = new Date('2024-06-12T22:15:00Z');
    sauti.platform.clock.set(delivered);
    const url = `/staff/directives/${id}/deliverable`;
    const res = await dci.postMultipart(
      url,
      { note: 'attached' },
      [{ name: 'file', filename: 'audit.pdf', type: 'application/pdf', data: samples.pdf }],
      { csrfFrom: '/staff' },
    );
    assert.equal(res.statusCode, 303);
    const closed = await sauti.platform.db.pool.query<{ closed_at: Date }>(
      'select closed_at from case_directives where id = $1',
      [id],
    );
    assert.equal(closed.rows[0]!.closed_at.toISOString(), delivered.toISOString());
    const entry = await publicEntry();
    assert.equal(entry.status, 'delivered');
    assert.equal(entry.deliveredOn, '2024-06-13');
    // 29 days on it is still recently closed; 31 days on it is not
    sauti.platform.clock.set(new Date(delivered.getTime() + 29 * 24 * 3600_000));
    assert.match((await dci.get('/staff/directives')).body, new RegExp(TASK));
    sauti.platform.clock.set(new Date(delivered.getTime() + 31 * 24 * 3600_000));
    assert.doesNotMatch((await dci.get('/staff/directives')).body, new RegExp(TASK));
  });
});
