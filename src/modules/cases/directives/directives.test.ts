import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  Browser,
  samples,
  signIn,
  startSauti,
  validReport,
  type TestContext,
  fileReport,
} from '../../../../test/helpers.ts';
import { escalateOverdueDirectives, nairobiToday } from './directives.ts';

let sauti: TestContext;
const cases: Record<string, string> = {};
const MAX_BYTES = 4096;

function dayFromToday(days: number): string {
  const d = new Date(`${nairobiToday(sauti.platform.clock.now())}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const report = (form: Record<string, string>) => fileReport(sauti.app, form);

const caseUrl = (ref: string) => `/staff/cases/${ref}`;

function issue(browser: Browser, ref: string, form: Record<string, string>) {
  return browser.post(`${caseUrl(ref)}/directives`, form, { csrfFrom: '/report' });
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return (await sauti.platform.db.pool.query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params))
    .rows[0]!.n;
}

/** Files kept in the blob store (and any left behind in its temporary folder). */
function blobFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else out.push(join(dir, e.name));
    }
  };
  walk(sauti.platform.blobs.dir);
  return out.sort();
}

async function directiveId(task: string): Promise<string> {
  return (await sauti.platform.db.pool.query<{ id: string }>('select id from case_directives where task = $1', [task]))
    .rows[0]!.id;
}

const validDirective = () => ({
  unit: 'DCI',
  task: 'Investigate the abstract fee demands at the report desk',
  deliverable: 'a report',
  dueDate: dayFromToday(14),
  public: 'yes',
});
const privateTask = 'Interview the desk staff about the harassment complaint';

before(async () => {
  sauti = await startSauti({ env: { EVIDENCE_MAX_BYTES: String(MAX_BYTES) } });
  cases.bribe = await report({
    ...validReport,
    description: 'Desk officer demanded chai money at Salama',
    officerName0: 'Cpl. Kioko',
    officerNumber0: '2015-088120',
  });
  cases.gbv = await report({
    ...validReport,
    category: 'sexual_harassment_gbv',
    description: 'Harassment at the report desk',
    county: '001',
    station: 'mombasa-central',
  });
});
after(() => sauti.close());

describe('issuing a directive', () => {
  test('only the IG’s office issues: investigator, moderator, officer and the public are refused, nothing is written', async () => {
    const iau = await signIn(sauti.app, 'iau.investigator');
    assert.equal((await issue(iau, cases.bribe!, validDirective())).statusCode, 403, 'even the lead unit of the case');
    for (const who of ['moderator', 'officer.salama', 'ocs.salama', 'ipoa.liaison']) {
      const b = await signIn(sauti.app, who);
      assert.equal((await issue(b, cases.bribe!, validDirective())).statusCode, 403, who);
    }
    const anonymous = await issue(new Browser(sauti.app), cases.bribe!, validDirective());
    assert.equal(anonymous.statusCode, 303, 'the public is sent to sign in');
    assert.match(String(anonymous.headers.location), /^\/staff\/sign-in\?next=/);
    assert.equal(await count('select 1 from case_directives'), 0);
    const page = await iau.get(caseUrl(cases.bribe!));
    assert.ok(
      !page.body.includes(`action="${caseUrl(cases.bribe!)}/directives"`),
      'no directive form for an investigator',
    );
    assert.ok(
      (await (await signIn(sauti.app, 'ig.office')).get(caseUrl(cases.bribe!))).body.includes(
        `action="${caseUrl(cases.bribe!)}/directives"`,
      ),
    );
  });

  test('bad input gets a clear field error and changes nothing', async () => {
    const ig = await signIn(sauti.app, 'ig.office');
    const bad: Array<[Record<string, string>, string, RegExp]> = [
      [{ ...validDirective(), task: '  ' }, '#task', /Write what the unit must do/],
      [{ ...validDirective(), deliverable: '' }, '#deliverable', /Say what the unit must deliver/],
      [{ ...validDirective(), dueDate: dayFromToday(-1) }, '#dueDate', /cannot be in the past/],
      [{ ...validDirective(), dueDate: '2026-02-30' }, '#dueDate', /year-month-day/],
      [{ ...validDirective(), unit: 'NOPE' }, '#directive-unit', /Choose the unit to direct/],
      [{ ...validDirective(), unit: 'IG_OFFICE' }, '#directive-unit', /Choose the unit to direct/],
      [
        { ...validDirective(), task: 'Discipline Cpl. Kioko at once' },
        '#task',
        /must not contain the case reference, or the name/,
      ],
      [{ ...validDirective(), task: `Report on ${cases.bribe}` }, '#task', /must not contain the case reference/],
    ];
    for (const [form, anchor, message] of bad) {
      const res = await issue(ig, cases.bribe!, form);
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.ok(res.body.includes(`href="${anchor}"`), `${anchor} in ${JSON.stringify(form)}`);
      assert.match(res.body, message);
    }
    assert.equal(await count('select 1 from case_directives'), 0);
    assert.equal(await count(`select 1 from case_history where action like 'directive%'`), 0);
    const unknownCase = await issue(ig, 'CASE-2020-999999', validDirective());
    assert.equal(unknownCase.statusCode, 404);
  });

  test('the IG’s office directs a unit on any case; the case page and its history show it, and it is audited', async () => {
    const ig = await signIn(sauti.app, 'ig.office');
    const res = await issue(ig, cases.bribe!, validDirective());
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    assert.equal(
      (
        await issue(ig, cases.gbv!, {
          unit: 'GENDER',
          task: privateTask,
          deliverable: 'interview notes',
          dueDate: dayFromToday(3),
        })
      ).statusCode,
      303,
    );
    const page = await ig.get(caseUrl(cases.bribe!));
    assert.match(page.body, /Investigate the abstract fee demands/);
    assert.match(page.body, /Directorate of Criminal Investigations/);
    assert.match(page.body, /directive issued/);
    const { rows } = await sauti.platform.db.pool.query(
      `select h.action, h.to_unit from case_history h join cases c on c.id = h.case_id where c.reference = $1 and h.action like 'directive%'`,
      [cases.bribe],
    );
    assert.deepEqual(rows, [{ action: 'directive_issued', to_unit: 'DCI' }]);
    assert.equal(
      await count(`select 1 from audit_log where action = 'case.directive.issue' and subject_id = $1`, [cases.bribe]),
      1,
    );
    const d = (
      await sauti.platform.db.pool.query(
        `select status, public, to_char(due_on, 'YYYY-MM-DD') as due from case_directives where task like 'Investigate%'`,
      )
    ).rows[0];
    assert.deepEqual(d, { status: 'open', public: true, due: dayFromToday(14) });
  });
});

describe('delivering', () => {
  test('another unit cannot deliver or even see the directive; nothing is stored', async () => {
    const id = await directiveId(validDirective().task);
    const before = blobFiles();
    const iau = await signIn(sauti.app, 'iau.investigator');
    assert.equal((await iau.get(`/staff/directives/${id}`)).statusCode, 404);
    const url = `/staff/directives/${id}/deliverable`;
    const refused = await iau.postMultipart(
      url,
      { note: 'not ours' },
      [{ name: 'file', filename: 'r.pdf', type: 'application/pdf', data: samples.pdf }],
      { csrfFrom: '/staff' },
    );
    assert.equal(refused.statusCode, 404);
    const gender = await signIn(sauti.app, 'gender.investigator');
    assert.equal(
      (
        await gender.postMultipart(
          url,
          {},
          [{ name: 'file', filename: 'r.pdf', type: 'application/pdf', data: samples.pdf }],
          { csrfFrom: '/staff' },
        )
      ).statusCode,
      404,
    );
    const ig = await signIn(sauti.app, 'ig.office');
    assert.equal(
      (
        await ig.postMultipart(
          url,
          {},
          [{ name: 'file', filename: 'r.pdf', type: 'application/pdf', data: samples.pdf }],
          { csrfFrom: '/staff' },
        )
      ).statusCode,
      403,
    );
    const officer = await signIn(sauti.app, 'officer.salama');
    assert.equal(
      (
        await officer.postMultipart(
          url,
          {},
          [{ name: 'file', filename: 'r.pdf', type: 'application/pdf', data: samples.pdf }],
          { csrfFrom: '/staff' },
        )
      ).statusCode,
      403,
    );
    assert.equal(await count('select 1 from case_directive_deliverables'), 0);
    assert.deepEqual(blobFiles(), before);
    assert.equal(await count(`select 1 from case_directives where status = 'open'`), 2);
  });

  test('the directive stays open without a good file: missing, empty, wrong type, oversize, no CSRF token', async () => {
    const id = await directiveId(validDirective().task);
    const url = `/staff/directives/${id}/deliverable`;
    const before = blobFiles();
    const dci = await signIn(sauti.app, 'dci.investigator');
    const page = await dci.get(`/staff/directives/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    const none = await dci.postMultipart(
      url,
      { note: 'here' },
      [{ name: 'file', filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) }],
      { csrfFrom: '/staff' },
    );
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /href="#file"/);
    assert.match(none.body, /Choose the deliverable file/);
    const empty = await dci.postMultipart(
      url,
      {},
      [{ name: 'file', filename: 'empty.pdf', type: 'application/pdf', data: Buffer.alloc(0) }],
      { csrfFrom: '/staff' },
    );
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /The file is empty/);
    const exe = await dci.postMultipart(
      url,
      {},
      [{ name: 'file', filename: 'report.pdf', type: 'application/pdf', data: samples.exe }],
      { csrfFrom: '/staff' },
    );
    assert.equal(exe.statusCode, 415);
    assert.match(exe.body, /Upload a PDF, a photo or an office document/);
    const video = await dci.postMultipart(
      url,
      {},
      [{ name: 'file', filename: 'clip.mp4', type: 'video/mp4', data: samples.mp4 }],
      { csrfFrom: '/staff' },
    );
    assert.equal(video.statusCode, 415, 'evidence video is not a deliverable');
    const big = Buffer.concat([samples.pdf, Buffer.alloc(MAX_BYTES + 10, 0x20)]);
    const oversize = await dci.postMultipart(
      url,
      {},
      [{ name: 'file', filename: 'big.pdf', type: 'application/pdf', data: big }],
      { csrfFrom: '/staff' },
    );
    assert.equal(oversize.statusCode, 413);
    assert.match(oversize.body, /larger than/);
    const forged = await dci.postMultipart(
      url,
      { _csrf: 'forged' },
      [{ name: 'file', filename: 'r.pdf', type: 'application/pdf', data: samples.pdf }],
      { csrf: false },
    );
    assert.equal(forged.statusCode, 403);
    assert.equal(await count('select 1 from case_directive_deliverables'), 0);
    assert.equal(await count(`select 1 from case_directives where id = $1 and status = 'open'`, [id]), 1);
    assert.deepEqual(blobFiles(), before, 'nothing kept, nothing left in tmp');
  });

  test('the directed unit uploads its deliverable and the directive closes; staff who see the case download it, audited', async () => {
    const id = await directiveId(validDirective().task);
    const dci = await signIn(sauti.app, 'dci.investigator');
    const list = await dci.get('/staff/directives');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Investigate the abstract fee demands/);
    assert.ok(!list.body.includes(privateTask), 'only its own unit’s directives');
    const url = `/staff/directives/${id}/deliverable`;
    const res = await dci.postMultipart(
      url,
      { note: 'Findings attached' },
      [{ name: 'file', filename: 'findings.pdf', type: 'application/pdf', data: samples.pdf }],
      { csrfFrom: '/staff' },
    );
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const done = await dci.get(String(res.headers.location));
    assert.match(done.body, /the directive is closed/);
    const row = (
      await sauti.platform.db.pool.query(
        `select d.status, d.closed_at is not null as closed, f.media_type, f.note from case_directives d join case_directive_deliverables f on f.directive_id = d.id where d.id = $1`,
        [id],
      )
    ).rows[0];
    assert.deepEqual(row, { status: 'closed', closed: true, media_type: 'application/pdf', note: 'Findings attached' });
    const again = await dci.postMultipart(
      url,
      {},
      [{ name: 'file', filename: 'again.pdf', type: 'application/pdf', data: samples.pdf }],
      { csrfFrom: '/staff' },
    );
    assert.equal(again.statusCode, 400, 'a closed directive takes no more files');
    assert.match(again.body, /already closed/);
    assert.ok(!again.body.includes('enctype="multipart/form-data"'), 'and its page offers no upload form');
    assert.equal(await count('select 1 from case_directive_deliverables'), 1);

    const { rows } = await sauti.platform.db.pool.query(
      `select h.action from case_history h join cases c on c.id = h.case_id where c.reference = $1 and h.action like 'directive%' order by h.id`,
      [cases.bribe],
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['directive_issued', 'directive_delivered'],
    );

    const ig = await signIn(sauti.app, 'ig.office');
    const casePage = await ig.get(caseUrl(cases.bribe!));
    assert.match(casePage.body, /Delivered/);
    assert.match(casePage.body, /directive delivered and closed/);
    assert.ok(casePage.body.includes(`/staff/directives/${id}/deliverable`));
    const file = await ig.get(`/staff/directives/${id}/deliverable`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.equal(file.rawPayload.toString(), samples.pdf.toString());
    assert.equal(
      await count(`select 1 from audit_log where action = 'case.directive.download' and subject_id = $1`, [
        cases.bribe,
      ]),
      1,
    );
    const iau = await signIn(sauti.app, 'iau.investigator');
    assert.equal(
      (await iau.get(`/staff/directives/${id}/deliverable`)).statusCode,
      200,
      'the case’s own unit sees the case, so the deliverable',
    );
    assert.equal(
      (await dci.get(`/staff/directives/${id}/deliverable`)).statusCode,
      404,
      'DCI cannot see the IAU case itself',
    );
    const gender = await signIn(sauti.app, 'gender.investigator');
    assert.equal((await gender.get(`/staff/directives/${id}/deliverable`)).statusCode, 404);
  });
});

describe('overdue, the dashboards and the public page', () => {
  test('overdue is computed, listed first and highlighted on the IG’s dashboard', async () => {
    const pool = sauti.platform.db.pool;
    // a directive whose due date has passed (the service refuses past dates, so it is written
    // directly), dated by the platform clock the service reads, not the database's own time
    await pool.query(
      `insert into case_directives (case_id, unit_code, task, deliverable, due_on, public, issued_by, issued_at)
       select c.id, 'GENDER', 'Brief the county commander on desk conduct', 'a briefing note', $2::date, true,
              (select id from users where username = 'ig.office'), $3::timestamptz
       from cases c where c.reference = $1`,
      [cases.gbv, dayFromToday(-3), new Date(sauti.platform.clock.now().getTime() - 10 * 24 * 3600_000)],
    );
    const ig = await signIn(sauti.app, 'ig.office');
    const page = await ig.get('/staff/directives');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /1 overdue/);
    assert.match(page.body, /Overdue by 3 days/);
    const overdueAt = page.body.indexOf('Brief the county commander');
    const onTimeAt = page.body.indexOf(privateTask);
    assert.ok(overdueAt > 0 && onTimeAt > overdueAt, 'overdue first');
    assert.match(page.body, /class="commitment overdue"/);
    assert.match(page.body, /Closed in the last 30 days/);
    assert.match(page.body, /Investigate the abstract fee demands/, 'the delivered one is under recently closed');
    const gender = await signIn(sauti.app, 'gender.investigator');
    const unit = await gender.get('/staff/directives');
    assert.match(unit.body, /Overdue by 3 days/);
    assert.match(unit.body, /Upload the deliverable/);
    for (const who of ['moderator', 'officer.salama'])
      assert.equal((await (await signIn(sauti.app, who)).get('/staff/directives')).statusCode, 403, who);
  });

  test('an overdue directive escalates to the head of the IG’s office once, with a line in its case history; an on-time one does not', async () => {
    const first = await escalateOverdueDirectives(sauti.platform);
    assert.deepEqual(
      first.map((e) => e.case_reference),
      [cases.gbv],
    );
    const again = await Promise.all([
      escalateOverdueDirectives(sauti.platform),
      escalateOverdueDirectives(sauti.platform),
    ]);
    assert.deepEqual(again.flat(), [], 'never twice');
    const ig = await signIn(sauti.app, 'ig.head');
    const page = await ig.get('/staff/directives');
    assert.match(page.body, /Overdue by 3 days<\/strong> <strong class="tag overdue">Escalated to the head of office/);
    const casePage = await ig.get(`/staff/cases/${cases.gbv}`);
    assert.match(
      casePage.body,
      /directive overdue: escalated to the head of the IG&#39;s office|directive overdue: escalated to the head of the IG's office/,
    );
    const history = await sauti.platform.db.pool.query(
      `select count(*)::int as n from case_history where action = 'directive_escalated'`,
    );
    assert.equal(history.rows[0].n, 1);
  });

  test('the public page shows public directives only, and never the case, a name or the report', async () => {
    const res = await new Browser(sauti.app).get('/directives');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Investigate the abstract fee demands/);
    assert.match(res.body, /the IG directed Directorate of Criminal Investigations/);
    assert.match(res.body, /Delivered/);
    assert.match(res.body, /Brief the county commander/);
    assert.match(res.body, /Overdue/);
    assert.ok(!res.body.includes(privateTask), 'not public');
    assert.doesNotMatch(res.body, /CASE-\d{4}/);
    for (const secret of [
      'Kioko',
      '2015-088120',
      'Registry',
      'Tom Kamau',
      'Faith Achieng',
      'chai money',
      'Harassment at the report desk',
      'Findings attached',
      '/staff/cases',
      '/staff/directives',
    ])
      assert.ok(!res.body.includes(secret), secret);
    const api = await sauti.app.inject({ method: 'GET', url: '/api/directives' });
    const list = api.json() as Array<Record<string, unknown>>;
    assert.equal(list.length, 2);
    for (const d of list)
      assert.deepEqual(Object.keys(d).sort(), [
        'deliverable',
        'deliveredOn',
        'dueOn',
        'issuedOn',
        'status',
        'task',
        'unit',
      ]);
    assert.deepEqual(list.map((d) => d.status).sort(), ['delivered', 'overdue']);
    const sw = await new Browser(sauti.app).get('/directives', { 'accept-language': 'sw' });
    assert.match(sw.body, /Maagizo ya Inspekta Jenerali/);
    assert.match(sw.body, /Imechelewa/);
    const home = await new Browser(sauti.app).get('/');
    assert.ok(home.body.includes('href="/directives"'));
  });

  test('staff navigation shows directives to the IG’s office and investigators', async () => {
    for (const who of ['ig.office', 'dci.investigator'])
      assert.ok((await (await signIn(sauti.app, who)).get('/staff')).body.includes('href="/staff/directives"'), who);
    assert.ok(!(await (await signIn(sauti.app, 'moderator')).get('/staff')).body.includes('href="/staff/directives"'));
  });

  test('the database keeps directives and deliverables as evidence', async () => {
    const pool = sauti.platform.db.pool;
    await assert.rejects(pool.query(`update case_directives set task = 'rewritten'`), /append-only/);
    await assert.rejects(
      pool.query(`update case_directives set due_on = due_on + 30 where status = 'open'`),
      /append-only/,
    );
    await assert.rejects(pool.query(`delete from case_directives`), /append-only/);
    await assert.rejects(
      pool.query(`update case_directives set status = 'closed', closed_at = now() where status = 'open'`),
      /closes only with its deliverable/,
    );
    await assert.rejects(pool.query(`update case_directive_deliverables set note = 'x'`), /append-only/);
    await assert.rejects(pool.query(`delete from case_directive_deliverables`), /append-only/);
    await assert.rejects(pool.query(`truncate case_directive_deliverables cascade`), /permission denied|append-only/); // the application role may not truncate at all
  });
});
