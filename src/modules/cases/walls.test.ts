import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../../platform/auth/service.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../platform/auth/demo.ts';
import { demoAccounts, samples, startSauti, validReport, type TestContext, fileReport } from '../../../test/helpers.ts';
import { visibilityCondition } from './walls.ts';

/**
 * The named-officer wall compares service numbers in their canonical form: a case naming Peter
 * Kioko's number however the reporter typed it is kept from him. (His number is 2015-088120, a
 * Salama corporal in the demo roster; here he also holds an IAU investigator's account, so the
 * wall alone stands between him and IAU's cases.)
 */

let sauti: TestContext;
const accounts = demoAccounts(() => sauti.app);
const as = accounts.as;

const variants = ['2015 088120', '2015088120', '2015/088120', 'NPS 2015-088120'];
/** A word only the case for each variant has, to search for it. */
const markers = ['alphaword', 'bravoword', 'charlieword', 'deltaword'];
const refs: string[] = [];
const caseUrl = (ref: string) => `/staff/cases/${ref}`;
const pool = () => sauti.platform.db.pool;

const report = (form: Record<string, string>) => fileReport(sauti.app, form);

before(async () => {
  sauti = await startSauti();
  await createUser(pool(), {
    username: 'iau.kioko',
    displayName: 'Peter Kioko (IAU)',
    role: 'investigator',
    unitCode: 'IAU',
    serviceNumber: '2015-088120',
    password: DEMO_PASSWORD,
    totpSecret: DEMO_TOTP_SECRET,
  });
  for (const [i, typed] of variants.entries()) {
    refs.push(
      await report({
        ...validReport,
        description: `The corporal at the desk demanded chai for the abstract (${markers[i]}).`,
        officerName0: 'Cpl. Kioko',
        officerNumber0: typed,
      }),
    );
  }
});
after(() => sauti.close());

describe("a case naming an officer's service number however it was typed is walled off from that officer", () => {
  for (const [i, typed] of variants.entries()) {
    test(`named as "${typed}": 404 on the case, its status cannot be changed, absent from the queue and search`, async () => {
      const ref = refs[i]!;
      const kioko = await as('iau.kioko');
      const page = await kioko.get(caseUrl(ref));
      assert.equal(page.statusCode, 404);
      assert.ok(!page.body.includes(markers[i]!), 'nothing of the case is shown');

      const change = await kioko.post(
        `${caseUrl(ref)}/status`,
        { status: 'closed', reason: 'Nothing in it', outcome: 'not_substantiated' },
        { csrfFrom: '/staff/cases' },
      );
      assert.equal(change.statusCode, 404);
      const { rows } = await pool().query(
        `select c.status, (select count(*)::int from case_history h where h.case_id = c.id and h.action = 'status') as changes from cases c where c.reference = $1`,
        [ref],
      );
      assert.deepEqual(rows[0], { status: 'received', changes: 0 });

      assert.ok(!(await kioko.get('/staff/cases')).body.includes(ref), 'not in the queue');
      assert.ok(!(await kioko.get(`/staff/cases?q=${markers[i]}`)).body.includes(ref), 'not found by search');
      const api = (await kioko.get(`/api/cases?q=${markers[i]}`)).json() as { total: number };
      assert.equal(api.total, 0, 'not found through the API');

      // the same case is there for an IAU investigator it does not name
      const iau = await as('iau.investigator');
      assert.equal((await iau.get(caseUrl(ref))).statusCode, 200);
      assert.ok((await iau.get(`/staff/cases?q=${markers[i]}`)).body.includes(ref));
    });
  }

  test('what was typed is shown on the case; the canonical form is what is compared', async () => {
    const { rows } = await pool().query<{ service_number: string; service_number_canonical: string }>(
      `select s.service_number, s.service_number_canonical from case_subjects s join cases c on c.id = s.case_id where c.reference = any($1) order by s.id`,
      [refs],
    );
    assert.deepEqual(
      rows.map((r) => r.service_number),
      variants,
    );
    assert.deepEqual(new Set(rows.map((r) => r.service_number_canonical)), new Set(['2015-088120']));
    const page = await (await as('iau.investigator')).get(caseUrl(refs[3]!));
    assert.match(page.body, /NPS 2015-088120/);
  });

  test("the commander of the named officer's station is walled off by the roster whatever the form", async () => {
    const commander = {
      kind: 'staff' as const,
      id: '0',
      username: 'x',
      displayName: 'x',
      role: 'station_commander' as const,
      unitCode: null,
      stationId: 'salama',
      serviceNumber: '2008-041877',
      duties: [],
    };
    // give the commander an investigator's reach so that the wall alone has to keep the cases out
    const cond = visibilityCondition(commander, 1);
    const { rows } = await pool().query<{ reference: string }>(
      `select c.reference from cases c where ${cond.sql.replace(/^\(false/, '(true')}`,
      cond.params,
    );
    const seen = rows.map((r) => r.reference);
    for (const ref of refs) assert.ok(!seen.includes(ref), ref);
    const kasarani = visibilityCondition({ ...commander, stationId: 'kasarani', serviceNumber: '2012-067345' }, 1);
    const other = await pool().query<{ reference: string }>(
      `select c.reference from cases c where ${kasarani.sql.replace(/^\(false/, '(true')}`,
      kasarani.params,
    );
    assert.ok(
      refs.every((ref) => other.rows.some((r) => r.reference === ref)),
      "another station's commander is not walled off",
    );
  });

  test('directives on the case are not listed to the named officer, nor opened or answered by him', async () => {
    const due = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi' }).format(
      new Date(sauti.platform.clock.now().getTime() + 7 * 24 * 3600_000),
    );
    const ig = await as('ig.office');
    const issued = await ig.post(
      `${caseUrl(refs[2]!)}/directives`,
      { unit: 'IAU', task: 'Interview the reporter and report back', deliverable: 'a report', dueDate: due },
      { csrfFrom: caseUrl(refs[2]!) },
    );
    assert.equal(issued.statusCode, 303, issued.body.slice(0, 300));
    const id = (
      await pool().query<{ id: string }>(
        `select d.id from case_directives d join cases c on c.id = d.case_id where c.reference = $1`,
        [refs[2]],
      )
    ).rows[0]!.id;

    const kioko = await as('iau.kioko');
    assert.doesNotMatch((await kioko.get('/staff/directives')).body, /Interview the reporter and report back/);
    assert.equal((await kioko.get(`/staff/directives/${id}`)).statusCode, 404);
    const upload = await kioko.postMultipart(
      `/staff/directives/${id}/deliverable`,
      { note: 'done' },
      [{ name: 'file', filename: 'report.pdf', type: 'application/pdf', data: samples.pdf }],
      { csrfFrom: '/staff/directives' },
    );
    assert.equal(upload.statusCode, 404);
    assert.equal(
      (await pool().query<{ status: string }>('select status from case_directives where id = $1', [id])).rows[0]!
        .status,
      'open',
    );
    assert.match(
      (await (await as('iau.investigator')).get('/staff/directives')).body,
      /Interview the reporter and report back/,
    );
  });

  test("a public directive may not carry a named officer's number in another form", async () => {
    const due = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi' }).format(
      new Date(sauti.platform.clock.now().getTime() + 7 * 24 * 3600_000),
    );
    const before = (await pool().query<{ n: number }>('select count(*)::int as n from case_directives')).rows[0]!.n;
    const res = await (
      await as('ig.office')
    ).post(
      `${caseUrl(refs[0]!)}/directives`,
      {
        unit: 'IAU',
        task: 'Suspend officer no. 2015/088120 pending the inquiry',
        deliverable: 'a suspension letter',
        dueDate: due,
        public: 'yes',
      },
      { csrfFrom: caseUrl(refs[0]!) },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#task"/);
    assert.equal(
      (await pool().query<{ n: number }>('select count(*)::int as n from case_directives')).rows[0]!.n,
      before,
    );
  });
});
