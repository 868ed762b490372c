import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../../platform/auth/service.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../platform/auth/demo.ts';
import { Browser, samples, signIn, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';

let sauti: TestContext;
/** Case references by what they are about. */
const cases: Record<string, string> = {};
let receipt = '';

async function report(form: Record<string, string>): Promise<{ reference: string; receipt: string }> {
  const res = await new Browser(sauti.app).post('/report', form);
  assert.equal(res.statusCode, 201, res.body.slice(0, 500));
  return {
    reference: /(CASE-\d{4}-\d{6})/.exec(res.body)![1]!,
    receipt: /id="receipt-code">\s*([\d ]{19})/.exec(res.body)![1]!.replace(/ /g, ''),
  };
}

before(async () => {
  sauti = await startSauti();
  const bribe = await report({
    ...validReport,
    description: 'Desk officer demanded chai money for the abstract at Salama',
    officerName0: 'Cpl. Kioko',
    officerNumber0: '2015-088120',
  });
  cases.bribe = bribe.reference;
  receipt = bribe.receipt;
  cases.death = (
    await report({
      ...validReport,
      category: 'death_serious_injury',
      description: 'A man was shot dead during an arrest in Kasarani',
      county: '047',
      station: 'kasarani',
    })
  ).reference;
  cases.gbv = (
    await report({
      ...validReport,
      category: 'sexual_harassment_gbv',
      description: 'Harassment at the report desk',
      county: '001',
      station: 'mombasa-central',
    })
  ).reference;
  cases.namedIau = (
    await report({ ...validReport, description: 'An IAU officer took a bribe', officerNumber0: '2020-000777' })
  ).reference;
  // an investigator of IAU who is himself named in one of IAU's cases
  await sauti.platform.db.pool.query(
    `insert into officers (service_number, name, rank, station_id) values ('2020-000777', 'Paul Named', 'Inspector', 'kasarani')`,
  );
  await createUser(sauti.platform.db.pool, {
    username: 'iau.named',
    displayName: 'Paul Named',
    role: 'investigator',
    unitCode: 'IAU',
    serviceNumber: '2020-000777',
    password: DEMO_PASSWORD,
    totpSecret: DEMO_TOTP_SECRET,
  });
  // the commander of a named officer's station, given an investigator's reach to prove the wall holds on its own
  await createUser(sauti.platform.db.pool, {
    username: 'ocs.iau',
    displayName: 'OCS with IAU reach',
    role: 'station_commander',
    stationId: 'salama',
    serviceNumber: '2008-041877',
    password: DEMO_PASSWORD,
  });
});
after(() => sauti.close());

const caseUrl = (ref: string) => `/staff/cases/${ref}`;

describe('who sees which case', () => {
  test('an IAU investigator sees IAU cases, including the one where IAU is informed, but not the gender desk’s', async () => {
    const iau = await signIn(sauti.app, 'iau.investigator');
    assert.equal((await iau.get(caseUrl(cases.bribe!))).statusCode, 200);
    assert.equal((await iau.get(caseUrl(cases.death!))).statusCode, 200, 'IAU is informed of deaths');
    const gbv = await iau.get(caseUrl(cases.gbv!));
    assert.equal(gbv.statusCode, 404);
    assert.ok(!gbv.body.includes('Harassment at the report desk'));
    const queue = await iau.get('/staff/cases');
    assert.ok(queue.body.includes(cases.bribe!));
    assert.ok(!queue.body.includes(cases.gbv!));
  });

  test('the gender desk sees only its own cases', async () => {
    const gender = await signIn(sauti.app, 'gender.investigator');
    assert.equal((await gender.get(caseUrl(cases.gbv!))).statusCode, 200);
    assert.equal((await gender.get(caseUrl(cases.bribe!))).statusCode, 404);
    assert.equal((await gender.get(caseUrl(cases.death!))).statusCode, 404);
  });

  test('the IPOA liaison sees cases within its mandate and not the others', async () => {
    const ipoa = await signIn(sauti.app, 'ipoa.liaison');
    assert.equal((await ipoa.get(caseUrl(cases.death!))).statusCode, 200);
    assert.equal(
      (await ipoa.get(caseUrl(cases.gbv!))).statusCode,
      200,
      'sexual violence by police is within the mandate',
    );
    assert.equal((await ipoa.get(caseUrl(cases.bribe!))).statusCode, 404);
  });

  test('the IG’s office sees every case', async () => {
    const ig = await signIn(sauti.app, 'ig.office');
    for (const ref of Object.values(cases)) assert.equal((await ig.get(caseUrl(ref))).statusCode, 200, ref);
  });

  test('an officer named in a case never sees it, even from inside the unit that handles it', async () => {
    const named = await signIn(sauti.app, 'iau.named');
    const res = await named.get(caseUrl(cases.namedIau!));
    assert.equal(res.statusCode, 404);
    assert.ok(!res.body.includes('An IAU officer took a bribe'));
    assert.ok(!(await named.get('/staff/cases')).body.includes(cases.namedIau!));
    assert.ok(!(await named.get('/staff/cases?q=bribe')).body.includes(cases.namedIau!));
    assert.equal((await named.get(caseUrl(cases.bribe!))).statusCode, 200, 'other IAU cases stay visible');
  });

  test('the commander of a named officer’s station, and officers, cannot open cases at all', async () => {
    const ocs = await signIn(sauti.app, 'ocs.salama');
    assert.equal((await ocs.get('/staff/cases')).statusCode, 403);
    assert.equal((await ocs.get(caseUrl(cases.bribe!))).statusCode, 403);
    const officer = await signIn(sauti.app, 'officer.salama');
    assert.equal((await officer.get(caseUrl(cases.bribe!))).statusCode, 403);
    const api = await officer.get('/api/cases');
    assert.equal(api.statusCode, 403);
  });

  test('the station-commander wall holds in the visibility rule itself', async () => {
    const { visibilityCondition } = await import('./walls.ts');
    const commander = {
      kind: 'staff' as const,
      id: '0',
      username: 'x',
      displayName: 'x',
      role: 'station_commander' as const,
      unitCode: null,
      stationId: 'salama',
      serviceNumber: null,
      duties: [],
    };
    // give the commander an investigator's scope and check the wall alone removes the Salama case
    const cond = visibilityCondition({ ...commander, role: 'station_commander' }, 1);
    const scoped = cond.sql.replace(/^\(false/, '(true');
    const { rows } = await sauti.platform.db.pool.query<{ reference: string }>(
      `select c.reference from cases c where ${scoped}`,
      cond.params,
    );
    const refs = rows.map((r) => r.reference);
    assert.ok(!refs.includes(cases.bribe!), 'a case naming a Salama officer is walled off from the Salama commander');
    assert.ok(refs.includes(cases.gbv!));
  });

  test('the public is sent to sign in and the JSON API answers 401', async () => {
    const res = await sauti.app.inject({ method: 'GET', url: caseUrl(cases.bribe!) });
    assert.equal(res.statusCode, 303);
    assert.equal((await sauti.app.inject({ method: 'GET', url: '/api/cases' })).statusCode, 401);
  });

  test('nobody sees an anonymous reporter’s contact details, because none are stored', async () => {
    const ig = await signIn(sauti.app, 'ig.office');
    const page = await ig.get(caseUrl(cases.bribe!));
    assert.match(page.body, /Anonymous: no contact details were kept/);
    const { rows } = await sauti.platform.db.pool.query(
      `select contact_name, contact_phone, contact_email from reports where anonymous`,
    );
    assert.ok(rows.length > 0);
    for (const r of rows) assert.deepEqual(r, { contact_name: null, contact_phone: null, contact_email: null });
  });
});

describe('working a case', () => {
  test('status change needs a reason, closing needs an outcome; each change is in the history', async () => {
    const iau = await signIn(sauti.app, 'iau.investigator');
    const token = await iau.csrf(caseUrl(cases.bribe!));
    const noReason = await iau.post(
      `${caseUrl(cases.bribe!)}/status`,
      { status: 'under_assessment', reason: '' },
      { csrfFrom: caseUrl(cases.bribe!) },
    );
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /href="#reason"/);
    assert.ok(token);
    const ok = await iau.post(
      `${caseUrl(cases.bribe!)}/status`,
      { status: 'under_assessment', reason: 'Assigned to a desk officer' },
      { csrfFrom: caseUrl(cases.bribe!) },
    );
    assert.equal(ok.statusCode, 303);
    const close = await iau.post(
      `${caseUrl(cases.bribe!)}/status`,
      { status: 'closed', reason: 'Done' },
      { csrfFrom: caseUrl(cases.bribe!) },
    );
    assert.equal(close.statusCode, 400);
    assert.match(close.body, /href="#outcome"/);
    const page = await iau.get(caseUrl(cases.bribe!));
    assert.match(page.body, /Under assessment/);
    assert.match(page.body, /Assigned to a desk officer/);
    const { rows } = await sauti.platform.db.pool.query(
      `select h.action, h.from_status, h.to_status from case_history h join cases c on c.id = h.case_id where c.reference = $1 order by h.id`,
      [cases.bribe],
    );
    assert.deepEqual(
      rows.map((r) => `${r.action}:${r.from_status ?? ''}>${r.to_status ?? ''}`),
      ['opened:>received', 'status:received>under_assessment'],
    );
  });

  test('an informed unit may read but not act', async () => {
    const iau = await signIn(sauti.app, 'iau.investigator');
    const page = await iau.get(caseUrl(cases.death!));
    assert.match(page.body, /only the unit leading it can act/);
    const res = await iau.post(
      `${caseUrl(cases.death!)}/status`,
      { status: 'under_assessment', reason: 'x' },
      { csrfFrom: caseUrl(cases.death!) },
    );
    assert.equal(res.statusCode, 403);
    const { rows } = await sauti.platform.db.pool.query(`select status from cases where reference = $1`, [cases.death]);
    assert.equal(rows[0].status, 'received');
  });

  test('the investigator and the reporter exchange messages through the receipt', async () => {
    const iau = await signIn(sauti.app, 'iau.investigator');
    const sent = await iau.post(
      `${caseUrl(cases.bribe!)}/messages`,
      { message: 'Which day did this happen?' },
      { csrfFrom: caseUrl(cases.bribe!) },
    );
    assert.equal(sent.statusCode, 303);
    const citizen = new Browser(sauti.app);
    await citizen.post('/follow', { receipt }, { csrfFrom: '/follow' });
    const follow = await citizen.get('/follow');
    assert.match(follow.body, /Which day did this happen\?/);
    assert.ok(!follow.body.includes('Ruth Njeri'), 'the investigator’s name is not shown to the reporter');
    await citizen.post('/follow/messages', { message: 'It was on Monday morning.' }, { csrfFrom: '/follow' });
    const page = await iau.get(caseUrl(cases.bribe!));
    assert.match(page.body, /It was on Monday morning\./);
    const { rows } = await sauti.platform.db.pool.query(`select first_responded_at from cases where reference = $1`, [
      cases.bribe,
    ]);
    assert.ok(rows[0].first_responded_at, 'a message counts as the first response');
  });

  test('reassignment moves the case out of the old unit’s sight', async () => {
    const ref = (await report({ ...validReport, description: 'Wrongly routed complaint' })).reference;
    const iau = await signIn(sauti.app, 'iau.investigator');
    const bad = await iau.post(`${caseUrl(ref)}/reassign`, { unit: 'NOPE', reason: 'x' }, { csrfFrom: caseUrl(ref) });
    assert.equal(bad.statusCode, 400);
    const res = await iau.post(
      `${caseUrl(ref)}/reassign`,
      { unit: 'DCI', reason: 'Criminal matter' },
      { csrfFrom: caseUrl(ref) },
    );
    assert.equal(res.statusCode, 303);
    assert.equal((await iau.get(caseUrl(ref))).statusCode, 404);
    const dci = await signIn(sauti.app, 'dci.investigator');
    const page = await dci.get(caseUrl(ref));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Criminal matter/);
  });

  test('full-text search finds cases by their words, within what the person may see', async () => {
    const iau = await signIn(sauti.app, 'iau.investigator');
    const found = await iau.get('/staff/cases?q=chai+abstract');
    assert.ok(found.body.includes(cases.bribe!));
    assert.ok(!found.body.includes(cases.death!));
    const api = await iau.get('/api/cases?q=shot');
    const json = api.json() as { total: number; cases: Array<{ reference: string }> };
    assert.deepEqual(
      json.cases.map((c) => c.reference),
      [cases.death],
    );
    const gender = await signIn(sauti.app, 'gender.investigator');
    assert.equal(((await gender.get('/api/cases?q=chai')).json() as { total: number }).total, 0);
  });

  test('search finds what people type: English stems, beginnings, the category, officers by number and name, Kiswahili verbs', async () => {
    const iau = await signIn(sauti.app, 'iau.investigator');
    const kiswahili = await report({
      ...validReport,
      description: 'Afisa wa zamu aliomba rushwa ya shilingi elfu tano kabla ya kuandika ripoti',
    });
    const refs = async (q: string) => {
      const res = await iau.get(`/api/cases?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, q);
      return (res.json() as { cases: Array<{ reference: string }> }).cases.map((c) => c.reference);
    };
    assert.deepEqual(await refs('demands'), [cases.bribe], 'demands finds demanded');
    assert.deepEqual(await refs('the demands at'), [cases.bribe], 'English stop words ask nothing');
    const bribery = await refs('bribery');
    for (const ref of [cases.bribe, cases.namedIau, kiswahili.reference]) assert.ok(bribery.includes(ref!), ref);
    assert.ok(!bribery.includes(cases.death!), 'the category is searched, not everything');
    assert.deepEqual(await refs('2015-0881'), [cases.bribe], 'a service number by its beginning, hyphen or not');
    assert.deepEqual(await refs('20150881'), [cases.bribe]);
    assert.deepEqual(await refs('kiok'), [cases.bribe], 'a named officer by the beginning of the name');
    assert.deepEqual(await refs('arresting'), [cases.death], 'arresting finds arrest');
    // "he asked" found by "to ask" and by the bare verb
    assert.deepEqual(await refs('kuomba rushwa'), [kiswahili.reference]);
    assert.deepEqual(await refs('omba'), [kiswahili.reference]);
    assert.deepEqual(await refs('wameomba'), [kiswahili.reference]);
    assert.deepEqual(await refs('demands rushwa'), [], 'every word must be found');
    assert.equal((await refs('&|!:*()')).length > 0, true, 'punctuation alone is no query, and no error');
    const gender = await signIn(sauti.app, 'gender.investigator');
    assert.equal(((await gender.get('/api/cases?q=demands')).json() as { total: number }).total, 0);
  });

  test('queue filters: status, category, county, overdue', async () => {
    const ig = await signIn(sauti.app, 'ig.office');
    const byCounty = (await ig.get('/api/cases?county=047')).json() as {
      cases: Array<{ reference: string; county: string }>;
    };
    assert.ok(byCounty.cases.length > 0 && byCounty.cases.every((c) => c.county === '047'));
    const byCategory = (await ig.get('/api/cases?category=sexual_harassment_gbv')).json() as {
      cases: Array<{ category: string }>;
    };
    assert.ok(byCategory.cases.every((c) => c.category === 'sexual_harassment_gbv'));
    await sauti.platform.db.pool.query(
      `update cases set next_due_at = now() - interval '1 hour', next_clock = 'first_response' where reference = $1`,
      [cases.gbv],
    );
    const overdue = (await ig.get('/api/cases?overdue=true')).json() as {
      cases: Array<{ reference: string; overdue: boolean }>;
    };
    assert.deepEqual(
      overdue.cases.map((c) => c.reference),
      [cases.gbv],
    );
    const page = await ig.get('/staff/cases?overdue=1');
    assert.match(page.body, /Escalated/);
  });
});

describe('the audit trail', () => {
  test('every staff read and change of a case is recorded', async () => {
    const gender = await signIn(sauti.app, 'gender.investigator');
    await gender.get(caseUrl(cases.gbv!));
    const { rows } = await sauti.platform.db.pool.query(
      `select actor_label, action from audit_log where subject_type = 'case' and subject_id = $1 order by id`,
      [cases.gbv],
    );
    assert.ok(rows.some((r) => r.action === 'case.view' && String(r.actor_label).includes('gender.investigator')));
    const changes = await sauti.platform.db.pool.query(`select action from audit_log where subject_id = $1`, [
      cases.bribe,
    ]);
    const actions = changes.rows.map((r) => r.action);
    for (const a of ['case.open', 'case.view', 'case.status', 'case.message']) assert.ok(actions.includes(a), a);
  });

  test('the database refuses to change or delete audit rows and case history', async () => {
    const pool = sauti.platform.db.pool;
    await new Browser(sauti.app).postMultipart('/report', validReport, [
      { name: 'evidence', filename: 'a.png', type: 'image/png', data: samples.png },
    ]);
    assert.ok(
      (await pool.query('select 1 from evidence')).rowCount! > 0 &&
        (await pool.query('select 1 from case_messages')).rowCount! > 0,
    );
    await assert.rejects(pool.query(`update audit_log set action = 'x'`), /append-only/);
    await assert.rejects(pool.query(`delete from audit_log`), /append-only/);
    await assert.rejects(pool.query(`truncate audit_log`), /permission denied|append-only/); // the application role may not truncate at all
    await assert.rejects(pool.query(`update case_history set reason = 'rewritten'`), /append-only/);
    await assert.rejects(pool.query(`delete from case_messages`), /append-only/);
    await assert.rejects(pool.query(`delete from evidence`), /append-only/);
    await assert.rejects(pool.query(`update evidence set sha256 = repeat('0', 64)`), /append-only/);
    await assert.rejects(pool.query(`truncate evidence cascade`), /permission denied|append-only/); // the application role may not truncate at all
  });
});
