import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { publicActor, type StaffActor } from '../../../platform/auth/actor.ts';
import { findUserByUsername, toActor } from '../../../platform/auth/store.ts';
import { Browser, signIn, startSauti, type TestContext } from '../../../../test/helpers.ts';
import * as voice from '../index.ts';
import { welfareSignals, type Figure, type WelfareSignals } from './service.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let sauti: TestContext;
let ig: StaffActor;
const registryNumbers: string[] = [];
/** The moment the figures are taken: the platform clock, standing still for the whole file. */
let NOW: Date;
/** Every letter of the grievance set is received at this moment (a whole second, 30 days before NOW). */
let T0: Date;
/** The last five grievances: received an hour before NOW, not yet due. */
let RECENT: Date;
/** Hours each of 11 grievances took to be acknowledged (the clock is 7 days = 168 hours). */
const ACK_HOURS = [10, 20, 30, 40, 50, 60, 200, 210, 220, 230, 240];
const SUBJECT = 'Quaggamoth subject line';
const BODY = 'Xenopusbody: what happened at the station.';
const SECRETS = [
  'Amina Hassan',
  'Joseph Mwangi',
  '2018-099872',
  '2019-104233',
  'Quaggamoth',
  'Xenopusbody',
  'IGR-',
  'Mombasa Traffic Base',
  'Salama Police Station',
];

const monthOf = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi', year: 'numeric', month: '2-digit' })
    .format(d)
    .slice(0, 7);

async function actor(username: string): Promise<StaffActor> {
  const row = await findUserByUsername(sauti.platform.db.pool, username);
  assert.ok(row, username);
  return toActor(row);
}

async function write(who: StaffActor, kind: string, at: Date, n: number): Promise<string[]> {
  const made: string[] = [];
  for (let i = 0; i < n; i++) {
    const { registryNumber } = await voice.submit(
      sauti.platform,
      who,
      { kind, topic: kind === 'grievance' ? 'welfare' : undefined, subject: SUBJECT, body: BODY },
      at,
    );
    made.push(registryNumber);
  }
  registryNumbers.push(...made);
  return made;
}

const count = (f: Figure | undefined) => (f && !f.suppressed ? f.count : f?.reason);

/** Every count anywhere in the JSON is 0, 5 or more, or null and suppressed. */
function assertNoSmallCount(value: unknown, path = '$'): void {
  if (Array.isArray(value)) return value.forEach((v, i) => assertNoSmallCount(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if ('count' in o) {
    if (o.count === null) assert.equal(o.suppressed, true, path);
    else
      assert.ok(
        typeof o.count === 'number' && (o.count === 0 || o.count >= 5) && o.suppressed === false,
        `${path}: ${String(o.count)}`,
      );
  }
  for (const [k, v] of Object.entries(o)) assertNoSmallCount(v, `${path}.${k}`);
}

before(async () => {
  // No job workers: the letters below are backdated, so their escalation timers are all due at
  // once; a worker would run them (a transaction each) beside this file's writes and reads and hold
  // up its close. Escalations are not counted here (escalation.test.ts covers the clock).
  sauti = await startSauti({ workers: false });
  // the page reads the platform clock: stand it still, so the page and these figures are taken at the same moment
  if (!sauti.platform.clock.isSet) sauti.platform.clock.set(new Date(Math.floor(Date.now() / 1000) * 1000));
  NOW = sauti.platform.clock.now();
  T0 = new Date(Math.floor((NOW.getTime() - 30 * DAY) / 1000) * 1000);
  RECENT = new Date(Math.floor((NOW.getTime() - HOUR) / 1000) * 1000);
  ig = await actor('ig.office');
  const mombasa = await actor('officer.mombasa'); // Mombasa county
  const salama = await actor('officer.salama'); // Makueni county
  const noStation = { ...salama, stationId: null }; // a writer whose station was not recorded

  // Grievances from Mombasa: 11 acknowledged (6 within the 168-hour clock, 5 after), 5 overdue, 5 not yet due.
  const acknowledged = await write(mombasa, 'grievance', T0, ACK_HOURS.length);
  for (const [i, rn] of acknowledged.entries())
    await voice.acknowledge(sauti.platform, ig, rn, new Date(T0.getTime() + ACK_HOURS[i]! * HOUR));
  await write(mombasa, 'grievance', T0, 5);
  await write(mombasa, 'grievance', RECENT, 5);
  // Harassment: 6 from Mombasa, 3 from Makueni.
  await write(mombasa, 'harassment', T0, 6);
  await write(salama, 'harassment', T0, 3);
  // Whistleblowing: 5 from writers without a station.
  await write(noStation, 'whistleblowing', T0, 5);
  // Counselling: 2 from Makueni, both acknowledged within their 48 hours.
  for (const [i, rn] of (await write(salama, 'counselling', T0, 2)).entries())
    await voice.acknowledge(sauti.platform, ig, rn, new Date(T0.getTime() + (i + 1) * HOUR));
  // Resignations from Mombasa: 5 accepted, 1 declined, 6 undecided.
  const resignations = await write(mombasa, 'resignation', T0, 12);
  const decidedAt = new Date(T0.getTime() + DAY);
  for (const rn of resignations.slice(0, 5))
    await voice.decideResignation(
      sauti.platform,
      ig,
      rn,
      { outcome: 'accepted', effectiveDate: '2099-12-31' },
      decidedAt,
    );
  await voice.decideResignation(
    sauti.platform,
    ig,
    resignations[5]!,
    { outcome: 'declined', reasons: 'Staffing' },
    decidedAt,
  );
});
after(() => sauti.close());

describe('the signals, from the service', () => {
  let s: WelfareSignals;
  before(async () => {
    s = await welfareSignals(sauti.platform, ig, NOW);
  });

  test("only the IG's office: everyone else is told it does not exist", async () => {
    for (const username of ['officer.mombasa', 'ocs.salama', 'iau.investigator', 'ipoa.liaison', 'moderator']) {
      await assert.rejects(welfareSignals(sauti.platform, await actor(username)), { code: 'not_found' }, username);
    }
    await assert.rejects(welfareSignals(sauti.platform, publicActor), { code: 'unauthenticated' });
  });

  test('counts by county and kind: 3 is hidden, 6 is shown, letters without a station count as unknown', () => {
    const row = (code: string | null) => s.byCounty.rows.find((r) => (r.county?.code ?? null) === code);
    assert.deepEqual(
      s.byCounty.rows.map((r) => r.county?.name ?? null),
      ['Mombasa', 'Makueni', null],
      'only counties with letters, in code order; unknown last',
    );
    assert.equal(count(row('001')!.byKind.harassment), 6);
    assert.equal(count(row('017')!.byKind.harassment), 'small');
    assert.equal(count(row('001')!.byKind.grievance), 21);
    assert.equal(count(row('017')!.byKind.counselling), 'small');
    assert.equal(count(row(null)!.byKind.whistleblowing), 5);
    assert.equal(count(row('001')!.byKind.whistleblowing), 0);
    // the resignations are all from Mombasa: shown whole, they would give away the hidden "declined"
    assert.equal(count(row('001')!.byKind.resignation), 'withheld');
    assert.equal(count(row('001')!.all), 'withheld', 'a row with a hidden figure has no total');
    assert.equal(count(row('017')!.all), 'withheld');
    assert.equal(count(row(null)!.all), 5);
    assert.equal(count(s.byCounty.total.byKind.grievance), 21);
    assert.equal(count(s.byCounty.total.byKind.whistleblowing), 5);
    assert.equal(count(s.byCounty.total.byKind.harassment), 'withheld', '9 - 6 would give the 3 away');
    assert.equal(count(s.byCounty.total.all), 'withheld');
  });

  test('counts by month and kind, 12 Nairobi months', () => {
    assert.equal(s.byMonth.rows.length, 12);
    assert.equal(s.byMonth.rows.at(-1)!.month, monthOf(NOW));
    const sameMonth = monthOf(T0) === monthOf(RECENT);
    const first = s.byMonth.rows.find((r) => r.month === monthOf(T0))!;
    assert.equal(count(first.byKind.grievance), sameMonth ? 21 : 16);
    assert.equal(count(first.byKind.whistleblowing), 5);
    assert.equal(count(first.byKind.counselling), 'small');
    assert.equal(
      count(first.byKind.harassment),
      'withheld',
      'the 9 harassment letters of one month would give the hidden 3 away',
    );
    assert.equal(count(first.all), 'withheld');
    if (!sameMonth) {
      const last = s.byMonth.rows.find((r) => r.month === monthOf(RECENT))!;
      assert.deepEqual(Object.values(last.byKind).map(count), [5, 0, 0, 0, 0]);
      assert.equal(count(last.all), 5);
    }
    const quiet = s.byMonth.rows.filter((r) => r.month !== monthOf(T0) && r.month !== monthOf(RECENT));
    assert.ok(quiet.every((r) => count(r.all) === 0));
    assert.equal(count(s.byMonth.total.byKind.grievance), 21);
  });

  test('resignation requests and their outcomes', () => {
    const o = s.resignations.outcomes;
    assert.deepEqual(
      [count(o.accepted), count(o.declined), count(o.referred), count(o.withdrawn), count(o.undecided)],
      [5, 'small', 0, 0, 6],
    );
    assert.equal(count(s.resignations.total), 'withheld', '12 - 11 would give the 1 away');
  });

  test('acknowledgement times: counts, median and 90th percentile in hours, clocks kept and missed', () => {
    const g = s.acknowledgement.find((a) => a.kind === 'grievance')!;
    assert.deepEqual(
      {
        acknowledged: count(g.acknowledged),
        onTime: count(g.onTime),
        late: count(g.late),
        waiting: count(g.waiting),
        notDue: count(g.notDue),
        overdue: count(g.overdue),
      },
      { acknowledged: 11, onTime: 6, late: 5, waiting: 10, notDue: 5, overdue: 5 },
    );
    assert.deepEqual(g.medianHours, { hours: 60, suppressed: false });
    assert.deepEqual(g.p90Hours, { hours: 230, suppressed: false });
    const c = s.acknowledgement.find((a) => a.kind === 'counselling')!;
    assert.equal(count(c.onTime), 'small');
    assert.deepEqual(c.medianHours, { hours: null, suppressed: true }, 'fewer than 5 acknowledged: no median');
    assert.deepEqual(c.p90Hours, { hours: null, suppressed: true });
    const h = s.acknowledgement.find((a) => a.kind === 'harassment')!;
    assert.equal(count(h.overdue), 'withheld');
    assert.equal(count(h.acknowledged), 0);
    const w = s.acknowledgement.find((a) => a.kind === 'whistleblowing')!;
    assert.equal(count(w.overdue), 5);
  });

  test('the figures follow the moment they are taken for', async () => {
    // the day after the first acknowledgements: 2 acknowledged (10 h and 20 h), the rest waiting and not yet due
    const early = await welfareSignals(sauti.platform, ig, new Date(T0.getTime() + DAY));
    const g = early.acknowledgement.find((a) => a.kind === 'grievance')!;
    assert.equal(count(g.onTime), 'small');
    assert.equal(count(g.notDue), 14);
    assert.equal(count(g.overdue), 0);
    assert.equal(g.medianHours.suppressed, true);
    assert.equal(count(early.resignations.outcomes.accepted), 5);
  });

  test('nothing small and nothing that identifies anyone in what the service returns', () => {
    assertNoSmallCount(JSON.parse(JSON.stringify(s)));
    const text = JSON.stringify(s);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), secret);
    for (const rn of registryNumbers) assert.ok(!text.includes(rn), rn);
  });
});

describe('the page and its JSON', () => {
  let registry: Browser;
  before(async () => {
    registry = await signIn(sauti.app, 'ig.office');
  });

  test('the page shows the tables, small counts as "fewer than 5", and nothing that identifies anyone', async () => {
    const res = await registry.get('/staff/voice/signals');
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    const html = res.body;
    assert.match(html, /<h1>Welfare signals<\/h1>/);
    for (const id of ['signals-month', 'signals-county', 'signals-resignation', 'signals-ack']) {
      assert.match(
        html,
        new RegExp(
          `<div class="table-scroll" role="region" aria-labelledby="${id}-caption" tabindex="0"><table class="signals" id="${id}"><caption id="${id}-caption" class="visually-hidden">`,
        ),
        id,
      );
    }
    const row = (label: string) => new RegExp(`<tr><th scope="row">${label}</th>(.*?)</tr>`).exec(html)?.[1] ?? '';
    const cells = (label: string) =>
      [...row(label).matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    // grievance, harassment, misconduct, resignation, counselling, all kinds
    assert.deepEqual(cells('Mombasa'), ['21', '6', '0', 'withheld', '0', 'withheld']);
    assert.deepEqual(cells('Makueni'), ['0', 'fewer than 5', '0', '0', 'fewer than 5', 'withheld']);
    assert.deepEqual(cells('Unknown \\(no station recorded\\)'), ['0', '0', '5', '0', '0', '5']);
    assert.deepEqual(cells('Not yet decided'), ['6']);
    assert.deepEqual(cells('Declined'), ['fewer than 5']);
    assert.deepEqual(cells('Grievance'), ['11', '6', '5', '60', '230', '10', '5', '5']);
    assert.deepEqual(cells('Request for counselling or psychosocial support').slice(3, 5), [
      'too few letters',
      'too few letters',
    ]);
    assert.match(html, /<th scope="col">Harassment<\/th>/);
    for (const secret of SECRETS) assert.ok(!html.includes(secret), secret);
    for (const rn of registryNumbers) assert.ok(!html.includes(rn), rn);
  });

  test('the JSON carries the same figures, small ones as null and suppressed', async () => {
    const res = await registry.get('/staff/voice/signals.json');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /application\/json/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const json = JSON.parse(res.body) as WelfareSignals;
    assertNoSmallCount(json);
    const makueni = json.byCounty.rows.find((r) => r.county?.code === '017')!;
    assert.deepEqual(makueni.byKind.harassment, { count: null, suppressed: true, reason: 'small' });
    assert.deepEqual(json.byCounty.rows.find((r) => r.county?.code === '001')!.byKind.harassment, {
      count: 6,
      suppressed: false,
    });
    for (const secret of SECRETS) assert.ok(!res.body.includes(secret), secret);
    for (const rn of registryNumbers) assert.ok(!res.body.includes(rn), rn);
  });

  test('in Kiswahili', async () => {
    const res = await registry.get('/staff/voice/signals', { cookie: `${registry.header()}; sauti_lang=sw` });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="sw">/);
    assert.match(res.body, /<h1>Ishara za ustawi<\/h1>/);
    assert.match(res.body, /<td><span class="signal-hidden signal-small">chini ya 5<\/span><\/td>/);
    assert.match(res.body, /imezuiliwa/);
    assert.doesNotMatch(res.body, /fewer than 5|withheld</);
  });

  test('reads are audited', async () => {
    const { rows } = await sauti.platform.db.pool.query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'voice.signals' and subject_id = '*' and actor_id = $1",
      [ig.id],
    );
    assert.ok(rows[0]!.n >= 3);
  });

  test('404 for an officer, a station commander and an investigator; sign-in for nobody', async () => {
    for (const username of ['officer.mombasa', 'ocs.salama', 'iau.investigator']) {
      const b = await signIn(sauti.app, username);
      for (const path of ['/staff/voice/signals', '/staff/voice/signals.json']) {
        const res = await b.get(path);
        assert.equal(res.statusCode, 404, `${username} ${path}`);
        assert.doesNotMatch(res.body, /Welfare signals<\/h1>|fewer than 5|"byCounty"/);
      }
    }
    for (const path of ['/staff/voice/signals', '/staff/voice/signals.json']) {
      const res = await new Browser(sauti.app).get(path);
      assert.equal(res.statusCode, 303);
      assert.match(String(res.headers.location), /^\/staff\/sign-in\?next=/);
    }
  });
});
