import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, samples, signIn, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

const count = async (table: string) =>
  (await sauti.platform.db.pool.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

function receiptFrom(body: string): string {
  const match = /id="receipt-code">\s*([\d ]{19})\s*</.exec(body);
  assert.ok(match, 'the receipt page shows the code');
  return match[1]!.replace(/ /g, '');
}

describe('reporting misconduct on the web form', () => {
  test('a valid report gets a 16-digit receipt and opens a case routed to IAU', async () => {
    const browser = new Browser(sauti.app);
    const res = await browser.post('/report', validReport);
    assert.equal(res.statusCode, 201);
    const receipt = receiptFrom(res.body);
    assert.match(receipt, /^\d{16}$/);
    assert.match(res.body, /CASE-\d{4}-\d{6}/);
    const { rows } = await sauti.platform.db.pool.query(
      `select c.unit_code, c.status, c.category, r.receipt_hmac, r.anonymous from reports r join cases c on c.id = r.case_id order by r.id desc limit 1`,
    );
    assert.equal(rows[0].unit_code, 'IAU');
    assert.equal(rows[0].status, 'received');
    assert.equal(rows[0].anonymous, true);
    assert.notEqual(rows[0].receipt_hmac, receipt, 'the code is stored only as a keyed hash');
    assert.equal(rows[0].receipt_hmac.length, 64);
  });

  test('the receipt code is stored nowhere in plain text', async () => {
    const browser = new Browser(sauti.app);
    const receipt = receiptFrom((await browser.post('/report', validReport)).body);
    const dump = await sauti.platform.db.pool.query(
      `select string_agg(t::text, ' ') as all from (select * from reports) t union all select string_agg(t::text, ' ') from (select * from audit_log) t union all select string_agg(t::text, ' ') from (select * from case_history) t`,
    );
    for (const row of dump.rows) assert.ok(!String(row.all).includes(receipt));
  });

  test('each category is routed by its rule', async () => {
    const browser = new Browser(sauti.app);
    const expectations: Record<string, { unit: string; informed: string[]; oversight: boolean }> = {
      death_serious_injury: { unit: 'IPOA', informed: ['IAU'], oversight: true },
      sexual_harassment_gbv: { unit: 'GENDER', informed: [], oversight: true },
      brutality: { unit: 'IAU', informed: [], oversight: true },
      bribery_extortion: { unit: 'IAU', informed: [], oversight: false },
      unlawful_arrest: { unit: 'IAU', informed: [], oversight: true },
      corruption_in_service: { unit: 'IAU', informed: [], oversight: false },
      refusal_negligence: { unit: 'IAU', informed: [], oversight: false },
    };
    for (const [category, want] of Object.entries(expectations)) {
      const res = await browser.post('/report', { ...validReport, category });
      assert.equal(res.statusCode, 201, category);
      const { rows } = await sauti.platform.db.pool.query(
        `select c.unit_code, c.informed_units, c.oversight, c.first_response_due_at - c.opened_at as due from cases c where c.category = $1 order by c.id desc limit 1`,
        [category],
      );
      assert.equal(rows[0].unit_code, want.unit, category);
      assert.deepEqual(rows[0].informed_units, want.informed, category);
      assert.equal(rows[0].oversight, want.oversight, category);
    }
  });

  test('an empty form is refused with an error for each missing field, and nothing is stored', async () => {
    const before = await count('reports');
    const browser = new Browser(sauti.app);
    const res = await browser.post('/report', { anonymous: 'no' });
    assert.equal(res.statusCode, 400);
    for (const field of ['category', 'description', 'county', 'contactPhone']) {
      assert.match(res.body, new RegExp(`href="#${field}"`), `error summary links to ${field}`);
      assert.match(res.body, new RegExp(`id="${field}-error"`), `inline error for ${field}`);
    }
    assert.equal(await count('reports'), before);
    assert.equal(await count('cases'), await count('reports'));
  });

  test('bad values are refused by name and the typed text is kept', async () => {
    const browser = new Browser(sauti.app);
    const res = await browser.post('/report', {
      ...validReport,
      description: 'x'.repeat(4001),
      station: 'kasarani',
      occurredDate: '2999-01-01',
      anonymous: 'no',
      contactPhone: '12345',
      contactEmail: 'not-an-email',
    });
    assert.equal(res.statusCode, 400);
    for (const field of ['description', 'station', 'occurredDate', 'contactPhone', 'contactEmail']) {
      assert.match(res.body, new RegExp(`href="#${field}"`), field);
    }
  });

  test('a form without its CSRF token is refused and stores nothing', async () => {
    const before = await count('reports');
    const res = await sauti.app.inject({
      method: 'POST',
      url: '/report',
      payload: new URLSearchParams(validReport).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(await count('reports'), before);
  });

  test('the form is served in Kiswahili when chosen', async () => {
    const browser = new Browser(sauti.app);
    const switched = await browser.get('/lang?to=sw&back=/report');
    assert.equal(switched.statusCode, 303);
    assert.equal(switched.headers.location, '/report');
    const res = await browser.get('/report');
    assert.match(res.body, /<html lang="sw"/);
    assert.match(res.body, /Ripoti utovu wa nidhamu wa polisi/);
    const errors = await browser.post('/report', {});
    assert.match(errors.body, /Chagua aina ya utovu wa nidhamu/);
  });

  test('a phone number is stored in one form for a contactable reporter', async () => {
    const browser = new Browser(sauti.app);
    const res = await browser.post('/report', {
      ...validReport,
      anonymous: 'no',
      contactPhone: '0712 345 678',
      contactName: 'Achieng',
    });
    assert.equal(res.statusCode, 201);
    const { rows } = await sauti.platform.db.pool.query(
      'select contact_phone, contact_name, anonymous from reports order by id desc limit 1',
    );
    assert.deepEqual(rows[0], { contact_phone: '+254712345678', contact_name: 'Achieng', anonymous: false });
  });
});

describe('anonymity', () => {
  test('an anonymous report keeps no contact, address or device detail, even if typed or sent', async () => {
    const lines: string[] = [];
    const logged = await startSauti({
      env: { LOG_LEVEL: 'info' },
      app: { logStream: { write: (line: string) => lines.push(line) } },
    });
    try {
      const browser = new Browser(logged.app);
      const token = await browser.csrf();
      const res = await logged.app.inject({
        method: 'POST',
        url: '/report',
        remoteAddress: '203.0.113.77',
        payload: new URLSearchParams({
          ...validReport,
          _csrf: token,
          contactPhone: '0799 111 222',
          contactEmail: 'me@example.org',
          contactName: 'Hidden Name',
        }).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: browser.header(),
          'x-forwarded-for': '198.51.100.23',
          'user-agent': 'UniqueDevice/9.9 (SM-A105F; serial 5566)',
        },
      });
      assert.equal(res.statusCode, 201);
      const dump = await logged.platform.db.pool.query(
        `select (select coalesce(string_agg(t::text, ' '), '') from reports t) || (select coalesce(string_agg(t::text, ' '), '') from audit_log t) ||
                (select coalesce(string_agg(t::text, ' '), '') from case_history t) || (select coalesce(string_agg(t::text, ' '), '') from cases t) as all`,
      );
      const everything = String(dump.rows[0].all) + lines.join('');
      for (const secret of [
        '203.0.113.77',
        '198.51.100.23',
        'UniqueDevice',
        'SM-A105F',
        '0799',
        '254799111222',
        'me@example.org',
        'Hidden Name',
      ]) {
        assert.ok(!everything.includes(secret), `"${secret}" must not be stored or logged`);
      }
      assert.ok(
        lines.some((l) => l.includes('"url":"/report"')),
        'the request itself was logged (without identifying details)',
      );
    } finally {
      await logged.close();
    }
  });
});

describe('evidence', () => {
  test('a photo is accepted by its content, stored under its SHA-256, and shown to staff only', async () => {
    const browser = new Browser(sauti.app);
    const res = await browser.postMultipart('/report', validReport, [
      { name: 'evidence', filename: 'looks-like.txt', type: 'text/plain', data: samples.png },
    ]);
    assert.equal(res.statusCode, 201);
    const { rows } = await sauti.platform.db.pool.query(
      'select id, sha256, media_type, kind, size_bytes, received_by, received_via from evidence order by id desc limit 1',
    );
    const evidence = rows[0];
    assert.equal(evidence.media_type, 'image/png');
    assert.equal(evidence.kind, 'photo');
    assert.equal(Number(evidence.size_bytes), samples.png.length);
    const { createHash } = await import('node:crypto');
    assert.equal(evidence.sha256, createHash('sha256').update(samples.png).digest('hex'));
    assert.ok(await sauti.platform.blobs.verify(evidence.sha256), 'the stored file matches its hash');
    assert.equal(evidence.received_by, 'Sauti intake');
    const anonymousDownload = await sauti.app.inject({ method: 'GET', url: `/staff/evidence/${evidence.id}` });
    assert.equal(anonymousDownload.statusCode, 303, 'the public is sent to sign in');
    assert.match(String(anonymousDownload.headers.location), /^\/staff\/sign-in/);
  });

  test('staff of the case’s unit can download evidence (the read is audited); staff of another unit cannot', async () => {
    const browser = new Browser(sauti.app);
    const res = await browser.postMultipart('/report', validReport, [
      { name: 'evidence', filename: 'proof.pdf', type: 'application/pdf', data: samples.pdf },
    ]);
    const reference = /(CASE-\d{4}-\d{6})/.exec(res.body)![1]!;
    const { rows } = await sauti.platform.db.pool.query('select id, sha256 from evidence order by id desc limit 1');
    const iau = await signIn(sauti.app, 'iau.investigator');
    const casePage = await iau.get(`/staff/cases/${reference}`);
    assert.equal(casePage.statusCode, 200, casePage.body.slice(0, 3000));
    assert.ok(casePage.body.includes(rows[0].sha256), 'the case page shows the hash');
    const download = await sauti.app.inject({
      method: 'GET',
      url: `/staff/evidence/${rows[0].id}`,
      headers: { cookie: iau.header() },
    });
    assert.equal(download.statusCode, 200);
    assert.deepEqual(download.rawPayload, samples.pdf);
    assert.equal(download.headers['x-content-sha256'], rows[0].sha256);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(
      String(download.headers['content-disposition']),
      /^attachment; filename="evidence-\d+-[0-9a-f]{12}\.pdf"$/,
      'the file keeps the extension of its type',
    );
    const audit = await sauti.platform.db.pool.query(
      `select actor_label, detail from audit_log where action = 'evidence.download' and subject_id = $1`,
      [reference],
    );
    assert.equal(audit.rows.length, 1);
    assert.equal(audit.rows[0].detail.sha256, rows[0].sha256);
    const gender = await signIn(sauti.app, 'gender.investigator');
    assert.equal((await gender.get(`/staff/evidence/${rows[0].id}`)).statusCode, 404);
    assert.equal((await iau.get('/staff/evidence/999999')).statusCode, 404);
    assert.equal((await iau.get('/staff/evidence/abc')).statusCode, 404);
  });

  test('a file that is not evidence (an executable named .jpg) gets 415 and nothing is stored', async () => {
    const before = await count('reports');
    const browser = new Browser(sauti.app);
    const res = await browser.postMultipart('/report', validReport, [
      { name: 'evidence', filename: 'photo.jpg', type: 'image/jpeg', data: samples.exe },
    ]);
    assert.equal(res.statusCode, 415);
    assert.match(res.body, /id="evidence-error"/);
    assert.equal(await count('reports'), before);
  });

  test('a file over the size limit gets 413 and nothing is stored', async () => {
    const small = await startSauti({ env: { EVIDENCE_MAX_BYTES: '2048' } });
    try {
      const browser = new Browser(small.app);
      const res = await browser.postMultipart('/report', validReport, [
        {
          name: 'evidence',
          filename: 'clip.mp4',
          type: 'video/mp4',
          data: Buffer.concat([samples.mp4, Buffer.alloc(4096)]),
        },
      ]);
      assert.equal(res.statusCode, 413);
      assert.equal((await small.platform.db.pool.query('select count(*)::int as n from reports')).rows[0].n, 0);
    } finally {
      await small.close();
    }
  });

  test('a multipart form whose CSRF token is wrong stores no file and no report', async () => {
    const before = await count('evidence');
    const browser = new Browser(sauti.app);
    const res = await browser.postMultipart(
      '/report',
      { _csrf: 'forged', ...validReport },
      [{ name: 'evidence', filename: 'a.png', type: 'image/png', data: samples.png }],
      { csrf: false },
    );
    assert.equal(res.statusCode, 403);
    assert.equal(await count('evidence'), before);
  });
});

describe('following a report', () => {
  test('the receipt opens the status page; the code never appears in a URL', async () => {
    const browser = new Browser(sauti.app);
    const receipt = receiptFrom((await browser.post('/report', validReport)).body);
    const res = await browser.post('/follow', { receipt: receipt.replace(/(\d{4})/g, '$1 ') }, { csrfFrom: '/follow' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/follow');
    const page = await browser.get('/follow');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /id="report-status"/);
    assert.match(page.body, /Received/);
    assert.ok(!page.body.includes(receipt), 'the code is not echoed back');
  });

  test('a wrong code gets the same 404 whatever it is', async () => {
    const browser = new Browser(sauti.app);
    const wrong = await browser.post('/follow', { receipt: '1234567812345678' }, { csrfFrom: '/follow' });
    const malformed = await browser.post('/follow', { receipt: 'abc' }, { csrfFrom: '/follow' });
    assert.equal(wrong.statusCode, 404);
    assert.equal(malformed.statusCode, 404);
    const message = (body: string) => /id="receipt-error">([\s\S]*?)<\/p>/.exec(body)?.[1];
    assert.equal(message(wrong.body), message(malformed.body));
    assert.equal((await browser.get('/follow')).body.includes('report-status'), false);
  });

  test('the reporter can reply and add evidence; script is shown as text', async () => {
    const browser = new Browser(sauti.app);
    const receipt = receiptFrom((await browser.post('/report', validReport)).body);
    await browser.post('/follow', { receipt }, { csrfFrom: '/follow' });
    const reply = await browser.post(
      '/follow/messages',
      { message: '<script>alert("x")</script> more details' },
      { csrfFrom: '/follow' },
    );
    assert.equal(reply.statusCode, 303);
    const page = await browser.get('/follow?done=message');
    assert.ok(page.body.includes('&lt;script>alert(&quot;x&quot;)&lt;/script> more details'), 'shown as text');
    assert.ok(!page.body.includes('<script>alert'));
    const added = await browser.postMultipart(
      '/follow/evidence',
      {},
      [{ name: 'evidence', filename: 'doc.pdf', type: 'application/pdf', data: samples.pdf }],
      { csrfFrom: '/follow' },
    );
    assert.equal(added.statusCode, 303);
    assert.match((await browser.get('/follow')).body, /1 file/);
  });

  test('an empty reply is refused with a clear error', async () => {
    const browser = new Browser(sauti.app);
    const receipt = receiptFrom((await browser.post('/report', validReport)).body);
    await browser.post('/follow', { receipt }, { csrfFrom: '/follow' });
    const res = await browser.post('/follow/messages', { message: '   ' }, { csrfFrom: '/follow' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#message"/);
  });

  // wrong codes are slowed rather than blocked (test/code-lookups.test.ts); only a flood meets a hard limit
  test('look-ups past the flood ceiling of one address are refused', async () => {
    const limited = await startSauti({ env: { RATE_LIMIT_LOOKUPS: '3' }, demoStaff: false });
    try {
      const browser = new Browser(limited.app);
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push(
          (await browser.post('/follow', { receipt: '0000000000000000' }, { csrfFrom: '/follow' })).statusCode,
        );
      assert.deepEqual(codes, [404, 404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});
