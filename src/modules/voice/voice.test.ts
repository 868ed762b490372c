import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyReceiptSignature, type SignedReceipt } from '../registry/index.ts';
import { samples, demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { submissionDigest } from './index.ts';

let sauti: TestContext;
const accounts = demoAccounts(() => sauti.app);
const as = accounts.as;

const letter = {
  kind: 'harassment',
  subject: 'Harassment by a senior officer at Mombasa traffic base',
  body: 'Since March the Chief Inspector has threatened me with transfer unless I collect money at the roadblock. <script>alert(1)</script>',
  named0Name: 'C/I Samuel Kiptoo',
  named0ServiceNumber: '2010-055301',
  meeting: 'yes',
};

/** Submits as `username` through the form; returns the registry number. */
async function submit(username: string, form: Record<string, string>): Promise<string> {
  const officer = await as(username);
  const res = await officer.post('/voice', form, { csrfFrom: '/voice/new' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  const location = String(res.headers.location);
  const match = /^\/voice\/(IGR-\d{4}-\d{6})\?done=sent$/.exec(location);
  assert.ok(match, location);
  return match[1]!;
}

const count = async (sql: string, params: unknown[] = []) =>
  (await sauti.platform.db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;

before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

describe("an officer writes to the IG's office", () => {
  let registryNumber = '';

  test('the letter is stored whole and answered with a receipt signed by the registry key that checks out', async () => {
    registryNumber = await submit('officer.mombasa', letter);
    const officer = await as('officer.mombasa');
    const page = await officer.get(`/voice/${registryNumber}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Your receipt/);
    assert.match(page.body, /&lt;script>alert\(1\)&lt;\/script>/, 'the letter is shown as text');
    assert.ok(!page.body.includes('<script>alert'), 'no script element is made from it');
    assert.match(page.body, /Waiting .* for acknowledgement; due by/);

    const json = await officer.get(`/voice/${registryNumber}/receipt.json`);
    const receipt = JSON.parse(json.body) as SignedReceipt;
    assert.equal(receipt.registryNumber, registryNumber);
    assert.ok(
      verifyReceiptSignature(sauti.platform.registry.publicKeyPem, receipt),
      'the signature verifies with the registry public key',
    );
    assert.ok(
      !verifyReceiptSignature(sauti.platform.registry.publicKeyPem, {
        ...receipt,
        receivedAt: new Date(0).toISOString(),
      }),
      'a changed time does not',
    );

    // the hash is over what was sent: recomputed from the stored row it matches
    const row = (
      await sauti.platform.db.pool.query('select * from voice_submissions where registry_number = $1', [registryNumber])
    ).rows[0];
    const named = (
      await sauti.platform.db.pool.query(
        'select service_number, name from voice_named_officers where submission_id = $1 order by id',
        [row.id],
      )
    ).rows;
    const recomputed = submissionDigest({
      registryNumber,
      receivedAt: row.received_at,
      authorServiceNumber: row.author_service_number,
      kind: row.kind,
      topic: row.topic,
      subject: row.subject,
      body: row.body,
      meetingRequested: row.meeting_requested,
      identityProtected: row.identity_protected,
      named: named.map((n: { service_number: string; name: string }) => ({
        serviceNumber: n.service_number,
        name: n.name,
      })),
      attachments: [],
    });
    assert.equal(recomputed, receipt.sha256);

    const pdf = await officer.get(`/voice/${registryNumber}/receipt.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  test('what was received cannot be changed or deleted, even by the database owner', async () => {
    await assert.rejects(
      sauti.platform.db.pool.query("update voice_submissions set body = 'changed' where registry_number = $1", [
        registryNumber,
      ]),
      /cannot be changed/,
    );
    await assert.rejects(
      sauti.platform.db.pool.query('delete from voice_submissions where registry_number = $1', [registryNumber]),
      /cannot be changed/,
    );
    await assert.rejects(sauti.platform.db.pool.query('update voice_events set action = $1', ['note']), /append-only/);
  });

  test("walls: the officer named, the writer's station commander, other officers, units and moderators never see it; the registry does", async () => {
    // the station commander of Mombasa traffic base is the officer named; make the wall about the station too
    await sauti.platform.db.pool.query(
      "insert into users (username, display_name, role, station_id, service_number, password_hash) select 'ocs.mombasa', 'OCS Mombasa', 'station_commander', 'mombasa-traffic-base', '2010-055301', password_hash from users where username = 'officer.salama'",
    );
    for (const username of [
      'ocs.mombasa',
      'officer.salama',
      'ocs.salama',
      'iau.investigator',
      'moderator',
      'ipoa.liaison',
    ]) {
      const b = await as(username);
      for (const path of [
        `/voice/${registryNumber}`,
        `/staff/voice/${registryNumber}`,
        `/voice/${registryNumber}/receipt.json`,
      ]) {
        const res = await b.get(path);
        assert.equal(res.statusCode, 404, `${username} ${path}: ${res.statusCode}`);
        assert.ok(
          !res.body.includes('Kiptoo') && !res.body.includes('Harassment by a senior'),
          `${username} learns nothing from ${path}`,
        );
      }
      const inbox = await b.get('/staff/voice');
      // an investigator has an inbox (of letters assigned to the unit); the others have none
      assert.equal(inbox.statusCode, username === 'iau.investigator' ? 200 : 403, `${username} inbox`);
      assert.ok(!inbox.body.includes(registryNumber), `${username} inbox`);
      const mine = await b.get('/voice');
      assert.ok(!mine.body.includes(registryNumber), `${username} own list`);
    }
    const registry = await as('ig.office');
    const inbox = await registry.get('/staff/voice');
    assert.equal(inbox.statusCode, 200);
    assert.match(inbox.body, new RegExp(registryNumber));
    const page = await registry.get(`/staff/voice/${registryNumber}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Kiptoo/);
    assert.match(page.body, /Amina Hassan/, 'the writer is named to the registry when they did not ask for protection');
    assert.ok(
      (await count("select count(*)::int as n from audit_log where action = 'voice.read' and subject_id = $1", [
        registryNumber,
      ])) >= 1,
      "the registry's read is audited",
    );
  });

  test('the registry acknowledges once; the writer sees it; nobody else may', async () => {
    // an officer never acknowledges a letter: refused for the role, before the letter is looked up
    const refused = await (
      await as('officer.salama')
    ).post(`/staff/voice/${registryNumber}/acknowledge`, {}, { csrfFrom: '/voice' });
    assert.equal(refused.statusCode, 403);
    const registry = await as('ig.office');
    const res = await registry.post(
      `/staff/voice/${registryNumber}/acknowledge`,
      {},
      { csrfFrom: `/staff/voice/${registryNumber}` },
    );
    assert.equal(res.statusCode, 303);
    const again = await registry.post(
      `/staff/voice/${registryNumber}/acknowledge`,
      {},
      { csrfFrom: `/staff/voice/${registryNumber}` },
    );
    assert.equal(again.statusCode, 303);
    assert.equal(
      await count(
        "select count(*)::int as n from voice_events e join voice_submissions v on v.id = e.submission_id where v.registry_number = $1 and e.action = 'acknowledged'",
        [registryNumber],
      ),
      1,
    );
    const page = await (await as('officer.mombasa')).get(`/voice/${registryNumber}`);
    assert.match(page.body, /Acknowledged .* after/);
  });

  test("identity protection hides the writer from the registry's reading, and is only for harassment and whistleblowing", async () => {
    const protectedNumber = await submit('officer.salama', {
      ...letter,
      kind: 'whistleblowing',
      named0Name: '',
      named0ServiceNumber: '',
      protectIdentity: 'yes',
    });
    const page = await (await as('ig.office')).get(`/staff/voice/${protectedNumber}`);
    assert.equal(page.statusCode, 200);
    assert.ok(
      !page.body.includes('Joseph Mwangi') && !page.body.includes('2019-104233'),
      'neither name nor service number is shown',
    );
    assert.match(page.body, /custodian/);

    const officer = await as('officer.salama');
    const before = await count('select count(*)::int as n from voice_submissions');
    const bad = await officer.post(
      '/voice',
      { ...letter, kind: 'resignation', protectIdentity: 'yes' },
      { csrfFrom: '/voice/new' },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Identity protection is for harassment and whistleblowing/);
    assert.equal(await count('select count(*)::int as n from voice_submissions'), before, 'nothing was stored');
  });

  test('bad input gets a clear error per field and stores nothing', async () => {
    const officer = await as('officer.salama');
    const before = await count('select count(*)::int as n from voice_submissions');
    const res = await officer.post(
      '/voice',
      { kind: 'grievance', subject: '', body: 'x'.repeat(8001), named0ServiceNumber: 'not a number!' },
      { csrfFrom: '/voice/new' },
    );
    assert.equal(res.statusCode, 400);
    for (const message of [
      'Choose what the grievance is about',
      'Enter a subject',
      'Use at most 8000 characters',
      'whole service number, the year and six digits',
    ])
      assert.ok(res.body.includes(message) || new RegExp(message, 'i').test(res.body), message);
    assert.equal(await count('select count(*)::int as n from voice_submissions'), before);
    const noKind = await officer.post('/voice', { subject: 'x', body: 'y' }, { csrfFrom: '/voice/new' });
    assert.match(noKind.body, /Choose what the letter is about/);
    const noCsrf = await sauti.app.inject({
      method: 'POST',
      url: '/voice',
      payload: new URLSearchParams({ kind: 'grievance', topic: 'pay', subject: 's', body: 'b' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: officer.header() },
    });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(await count('select count(*)::int as n from voice_submissions'), before);
  });

  test("support requests go to the counselling unit with a 48-hour clock, never to the registry inbox as the station's business", async () => {
    const number = await submit('officer.salama', {
      kind: 'counselling',
      subject: 'I need to talk to someone',
      body: 'Since the shooting at the station I cannot sleep.',
    });
    const row = (
      await sauti.platform.db.pool.query(
        'select unit_code, extract(epoch from acknowledge_due_at - received_at) / 3600 as hours from voice_submissions where registry_number = $1',
        [number],
      )
    ).rows[0];
    assert.equal(row.unit_code, 'COUNSELLING');
    assert.equal(Number(row.hours), 48);
    const commander = await as('ocs.salama');
    assert.equal((await commander.get(`/staff/voice/${number}`)).statusCode, 404);
  });

  test('people without a service number cannot write; the public cannot reach any of it', async () => {
    const moderator = await as('moderator');
    assert.equal((await moderator.post('/voice', letter, { csrfFrom: '/voice/new' })).statusCode, 403);
    const anonymous = await sauti.app.inject({ url: '/voice' });
    assert.equal(anonymous.statusCode, 401);
  });

  test('a resignation request is decided once by the registry, with what each outcome needs; the writer sees it', async () => {
    const number = await submit('officer.salama', {
      kind: 'resignation',
      subject: 'Resignation',
      body: 'I request to resign with effect from the end of the year.',
    });
    const officer = await as('officer.salama');
    assert.match((await officer.get(`/voice/${number}`)).body, /The decision is due by/);
    const registry = await as('ig.office');
    const page = `/staff/voice/${number}`;
    const outcomes = () =>
      count(
        'select count(*)::int as n from voice_resignation_outcomes o join voice_submissions v on v.id = o.submission_id where v.registry_number = $1',
        [number],
      );

    const noReasons = await registry.post(`${page}/decision`, { outcome: 'declined', reasons: '' }, { csrfFrom: page });
    assert.equal(noReasons.statusCode, 400);
    assert.match(noReasons.body, /Give the reasons/);
    const past = await registry.post(
      `${page}/decision`,
      { outcome: 'accepted', effectiveDate: '2020-01-01' },
      { csrfFrom: page },
    );
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /Enter an effective date, today or later/);
    const noWhom = await registry.post(
      `${page}/decision`,
      { outcome: 'referred', reasons: 'Pension questions' },
      { csrfFrom: page },
    );
    assert.match(noWhom.body, /Say who it is referred to/);
    assert.equal(await outcomes(), 0, 'nothing recorded by bad input');

    // nobody but the registry decides
    for (const username of ['ocs.salama', 'iau.investigator', 'officer.mombasa']) {
      const other = await as(username);
      assert.equal(
        (
          await other.post(
            `${page}/decision`,
            { outcome: 'accepted', effectiveDate: '2099-12-31' },
            { csrfFrom: '/voice' },
          )
        ).statusCode,
        404,
        username,
      );
    }
    const writerDecides = await officer.post(
      `${page}/decision`,
      { outcome: 'accepted', effectiveDate: '2099-12-31' },
      { csrfFrom: '/voice' },
    );
    assert.equal(writerDecides.statusCode, 404, 'the writer cannot decide their own request');

    const decided = await registry.post(
      `${page}/decision`,
      { outcome: 'accepted', effectiveDate: '2099-12-31' },
      { csrfFrom: page },
    );
    assert.equal(decided.statusCode, 303);
    const again = await registry.post(
      `${page}/decision`,
      { outcome: 'declined', reasons: 'Changed our mind' },
      { csrfFrom: page },
    );
    assert.equal(again.statusCode, 409, 'decided once');
    assert.equal(await outcomes(), 1);
    const seen = (await officer.get(`/voice/${number}`)).body;
    assert.match(seen, /Accepted/);
    assert.match(seen, /Effective from 31 Dec 2099/);
    assert.ok(!seen.includes('Withdraw my resignation request'), 'too late to withdraw');
    assert.equal((await officer.post(`/voice/${number}/withdraw`, {}, { csrfFrom: '/voice' })).statusCode, 409);
  });

  test('the writer may withdraw a resignation request before the decision; then it cannot be decided', async () => {
    const number = await submit('officer.mombasa', {
      kind: 'resignation',
      subject: 'Resignation',
      body: 'I wish to resign.',
    });
    assert.equal(
      (await (await as('officer.salama')).post(`/voice/${number}/withdraw`, {}, { csrfFrom: '/voice' })).statusCode,
      404,
      'someone else cannot withdraw it',
    );
    const officer = await as('officer.mombasa');
    const withdrawn = await officer.post(`/voice/${number}/withdraw`, {}, { csrfFrom: `/voice/${number}` });
    assert.equal(withdrawn.statusCode, 303);
    assert.match((await officer.get(`/voice/${number}`)).body, /Withdrawn by the officer/);
    const registry = await as('ig.office');
    const late = await registry.post(
      `/staff/voice/${number}/decision`,
      { outcome: 'accepted', effectiveDate: '2099-12-31' },
      { csrfFrom: `/staff/voice/${number}` },
    );
    assert.equal(late.statusCode, 409);
    await assert.rejects(
      sauti.platform.db.pool.query("update voice_resignation_outcomes set outcome = 'accepted'"),
      /append-only/,
    );
  });

  test('attachments travel with the letter, are covered by its hash, and open only for those who may read it; wrong files are refused and nothing is stored', async () => {
    const officer = await as('officer.salama');
    const form = {
      kind: 'grievance',
      topic: 'housing',
      subject: 'The lines at Salama leak',
      body: "Photos of the roof and the OCS's reply are attached.",
    };
    const res = await officer.postMultipart(
      '/voice',
      form,
      [
        { name: 'attachments', filename: 'C:\\phone\\roof.png', type: 'image/png', data: samples.png },
        { name: 'attachments', filename: 'reply.pdf', type: 'application/pdf', data: samples.pdf },
      ],
      { csrfFrom: '/voice/new' },
    );
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const number = /IGR-\d{4}-\d{6}/.exec(String(res.headers.location))![0];
    const page = await officer.get(`/voice/${number}`);
    assert.match(page.body, /roof\.png/);
    assert.match(page.body, /reply\.pdf/);
    const file = await officer.get(`/voice/${number}/attachments/1`);
    assert.equal(file.statusCode, 200);
    assert.deepEqual(file.rawPayload, samples.png);

    const row = (
      await sauti.platform.db.pool.query('select * from voice_submissions where registry_number = $1', [number])
    ).rows[0];
    const files = (
      await sauti.platform.db.pool.query(
        'select sha256, file_name from voice_attachments where submission_id = $1 order by id',
        [row.id],
      )
    ).rows;
    assert.deepEqual(
      files.map((f: { file_name: string }) => f.file_name),
      ['roof.png', 'reply.pdf'],
    );
    const digest = (attachments: Array<{ sha256: string; sizeBytes: number; mediaType: string; fileName: string }>) =>
      submissionDigest({
        registryNumber: number,
        receivedAt: row.received_at,
        authorServiceNumber: row.author_service_number,
        kind: row.kind,
        topic: row.topic,
        subject: row.subject,
        body: row.body,
        meetingRequested: row.meeting_requested,
        identityProtected: row.identity_protected,
        named: [],
        attachments,
      });
    const stored = files.map((f: { sha256: string; file_name: string }) => ({
      sha256: f.sha256,
      sizeBytes: 0,
      mediaType: '',
      fileName: f.file_name,
    }));
    assert.equal(digest(stored), row.sha256, 'the receipt hash covers the files');
    assert.notEqual(digest(stored.slice(0, 1)), row.sha256, 'a letter missing a file would not match');

    assert.equal(
      (await (await as('ig.office')).get(`/staff/voice/${number}/attachments/2`)).statusCode,
      200,
      'the registry reads it',
    );
    assert.equal(
      (
        await sauti.platform.db.pool.query(
          `select count(*)::int as n from audit_log where action = 'voice.attachment.download' and subject_id = $1`,
          [number],
        )
      ).rows[0].n,
      1,
    );
    for (const who of ['ocs.salama', 'officer.mombasa', 'iau.investigator']) {
      assert.equal((await (await as(who)).get(`/staff/voice/${number}/attachments/1`)).statusCode, 404, who);
    }

    const before = (await sauti.platform.db.pool.query('select count(*)::int as n from voice_submissions')).rows[0].n;
    const wrong = await officer.postMultipart(
      '/voice',
      form,
      [{ name: 'attachments', filename: 'tool.exe', type: 'application/octet-stream', data: samples.exe }],
      { csrfFrom: '/voice/new' },
    );
    assert.equal(wrong.statusCode, 415);
    assert.match(wrong.body, /Attach photos, videos, audio, PDF or Word documents only/);
    const many = await officer.postMultipart(
      '/voice',
      form,
      Array.from({ length: 6 }, (_, i) => ({
        name: 'attachments',
        filename: `p${i}.png`,
        type: 'image/png',
        data: samples.png,
      })),
      { csrfFrom: '/voice/new' },
    );
    assert.equal(many.statusCode, 400);
    assert.match(many.body, /Attach at most 5 files/);
    const noToken = await officer.postMultipart(
      '/voice',
      form,
      [{ name: 'attachments', filename: 'roof.png', type: 'image/png', data: samples.png }],
      { csrf: false },
    );
    assert.equal(noToken.statusCode, 403);
    assert.equal(
      (await sauti.platform.db.pool.query('select count(*)::int as n from voice_submissions')).rows[0].n,
      before,
      'nothing stored',
    );
  });
});
