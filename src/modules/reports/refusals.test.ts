import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { blobFiles as listBlobFiles } from '../../../test/blobs.ts';
import { Browser, samples, signIn, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

const count = async (table: string) =>
  (await sauti.platform.db.pool.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

const blobFiles = (dir = sauti.config.blobDir) => listBlobFiles(dir);

/** A photo no other test sent: a PNG with bytes of its own after its end. */
const photo = () => Buffer.concat([samples.png, randomBytes(16)]);
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const file = (data: Buffer, filename = 'photo.png', type = 'image/png') => ({ name: 'evidence', filename, type, data });

/** Runs a request that must be refused and checks it left no file and no report. */
async function refusedLeavesNothing(
  send: () => Promise<{ statusCode: number; body: string }>,
  status: number,
): Promise<string> {
  const files = blobFiles();
  const reports = await count('reports');
  const evidence = await count('evidence');
  const res = await send();
  assert.equal(res.statusCode, status, res.body.slice(0, 600));
  assert.deepEqual(blobFiles(), files, 'the evidence store is as it was');
  assert.equal(await count('reports'), reports, 'no report was stored');
  assert.equal(await count('evidence'), evidence, 'no evidence was recorded');
  return res.body;
}

/** A multipart body by hand, for bodies a browser would never send. */
function multipart(
  parts: Array<{ name: string; value?: string; filename?: string; data?: Buffer }>,
  boundary: string,
  end = true,
): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = p.filename
      ? `form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: application/octet-stream`
      : `form-data; name="${p.name}"`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
      p.data ?? Buffer.from(p.value ?? ''),
      Buffer.from('\r\n'),
    );
  }
  if (end) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe('a refused report leaves no file in the evidence store', () => {
  test('a missing field: the photo sent with it is taken back', async () => {
    const { description: _left, ...withoutDescription } = validReport;
    const body = await refusedLeavesNothing(
      () => new Browser(sauti.app).postMultipart('/report', withoutDescription, [file(photo())]),
      400,
    );
    assert.match(body, /id="description-error"/);
  });

  test('a later file of the wrong type: the photo before it is taken back too', async () => {
    const body = await refusedLeavesNothing(
      () =>
        new Browser(sauti.app).postMultipart('/report', validReport, [
          file(photo()),
          file(photo()),
          file(samples.exe, 'b.jpg', 'image/jpeg'),
        ]),
      415,
    );
    assert.match(body, /id="evidence-error"/);
  });

  test('too many files: 400 naming the evidence field, and the ten read are taken back', async () => {
    const files = Array.from({ length: 11 }, () => file(photo()));
    const body = await refusedLeavesNothing(
      () => new Browser(sauti.app).postMultipart('/report', validReport, files),
      400,
    );
    assert.match(body, /id="evidence-error"/);
  });

  test('a form with a forged CSRF token', async () => {
    await refusedLeavesNothing(
      () =>
        new Browser(sauti.app).postMultipart('/report', { ...validReport, _csrf: 'forged' }, [file(photo())], {
          csrf: false,
        }),
      403,
    );
  });

  test('a body cut off after the first file: 400 naming where it broke', async () => {
    const browser = new Browser(sauti.app);
    const token = await browser.csrf();
    const boundary = 'sauti-cut';
    const parts = [
      { name: '_csrf', value: token },
      ...Object.entries(validReport).map(([name, value]) => ({ name, value })),
      { name: 'evidence', filename: 'a.png', data: photo() },
    ];
    const whole = multipart(parts, boundary);
    const cut = Buffer.concat([
      whole.subarray(0, whole.length - `--${boundary}--\r\n`.length),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="b.png"\r\n\r\n`),
      photo().subarray(0, 40),
    ]);
    const body = await refusedLeavesNothing(
      () =>
        sauti.app.inject({
          method: 'POST',
          url: '/report',
          payload: cut,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: browser.header() },
        }),
      400,
    );
    assert.match(body, /evidence/);
  });

  test('the database failing as the report is stored: 500, and the photo is taken back', async () => {
    const pool = sauti.platform.db.pool;
    const connect = pool.connect;
    // the intake's own connection fails; pool.query (used to check what files are in use) still works
    pool.connect = ((callback?: (...args: unknown[]) => void) =>
      callback
        ? connect.call(pool, callback as never)
        : Promise.reject(new Error('connection lost'))) as typeof pool.connect;
    try {
      await refusedLeavesNothing(
        () => new Browser(sauti.app).postMultipart('/report', validReport, [file(photo())]),
        500,
      );
    } finally {
      pool.connect = connect;
    }
  });

  test('over the rate limit: refused before any file is read', async () => {
    const limited = await startSauti({ demoStaff: false, env: { RATE_LIMIT_REPORTS: '1' } });
    try {
      const browser = new Browser(limited.app);
      assert.equal((await browser.postMultipart('/report', validReport, [file(photo())])).statusCode, 201);
      const files = blobFiles(limited.config.blobDir);
      const res = await browser.postMultipart('/report', validReport, [file(photo())]);
      assert.equal(res.statusCode, 429);
      assert.deepEqual(blobFiles(limited.config.blobDir), files);
    } finally {
      await limited.close();
    }
  });

  test('a file an accepted report holds is never removed by a refusal that sent the same file', async () => {
    const shared = photo();
    const accepted = await new Browser(sauti.app).postMultipart('/report', validReport, [file(shared)]);
    assert.equal(accepted.statusCode, 201);
    const { description: _left, ...withoutDescription } = validReport;
    await refusedLeavesNothing(
      () => new Browser(sauti.app).postMultipart('/report', withoutDescription, [file(shared), file(photo())]),
      400,
    );
    assert.ok(await sauti.platform.blobs.has(sha(shared)));
    assert.ok(await sauti.platform.blobs.verify(sha(shared)), 'the accepted report’s file is whole');
  });

  test('follow-up evidence with a wrong file after a good one', async () => {
    const browser = new Browser(sauti.app);
    const res = await browser.postMultipart('/report', validReport, []);
    const receipt = /id="receipt-code">\s*([\d ]{19})\s*</.exec(res.body)![1]!.replace(/ /g, '');
    assert.equal((await browser.post('/follow', { receipt }, { csrfFrom: '/follow' })).statusCode, 303);
    await refusedLeavesNothing(
      () =>
        browser.postMultipart('/follow/evidence', {}, [file(photo()), file(samples.exe, 'x.png')], {
          csrfFrom: '/follow',
        }),
      415,
    );
  });

  test('a JSON report naming a finished upload but missing its description: the upload stays to be claimed again', async () => {
    const data = photo();
    const tus = { 'tus-resumable': '1.0.0' };
    const created = await sauti.app.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: { ...tus, 'upload-length': String(data.length) },
    });
    const id = String(created.headers.location).split('/').pop()!;
    const patched = await sauti.app.inject({
      method: 'PATCH',
      url: `/api/uploads/${id}`,
      payload: data,
      headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    });
    assert.equal(patched.statusCode, 204);
    const report = (description: string) =>
      sauti.app.inject({
        method: 'POST',
        url: '/api/reports',
        payload: { category: 'brutality', description, county: '047', anonymous: true, uploads: [id] },
      });
    const body = await refusedLeavesNothing(() => report(''), 400);
    assert.equal(JSON.parse(body).error.fields[0].field, 'description');
    const again = await report('They beat him at the gate.');
    assert.equal(again.statusCode, 201, again.body);
    assert.ok(await sauti.platform.blobs.has(sha(data)));
  });
});

describe('bad input is a 400 naming the field, never a 500', () => {
  test('a field sent twice on the report form (urlencoded and multipart)', async () => {
    const browser = new Browser(sauti.app);
    const body = await refusedLeavesNothing(
      () => browser.post('/report', { ...validReport, description: ['one account', 'another account'] }),
      400,
    );
    assert.match(body, /description/);
    // the test helper sends each field once: the repeated one is built by hand
    const token = await browser.csrf();
    const boundary = 'sauti-twice';
    const parts = [
      { name: '_csrf', value: token },
      ...Object.entries(validReport).map(([name, value]) => ({ name, value })),
      { name: 'description', value: 'a second account' },
      { name: 'evidence', filename: 'a.png', data: photo() },
    ];
    const form = await refusedLeavesNothing(
      () =>
        sauti.app.inject({
          method: 'POST',
          url: '/report',
          payload: multipart(parts, boundary),
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: browser.header() },
        }),
      400,
    );
    assert.match(form, /id="description-error"/, 'the form comes back with the error at the field');
  });

  test('a report form with no body at all, or a JSON null, is refused like a form without its token', async () => {
    const browser = new Browser(sauti.app);
    await browser.csrf();
    await refusedLeavesNothing(
      () => sauti.app.inject({ method: 'POST', url: '/report', headers: { cookie: browser.header() } }),
      403,
    );
    await refusedLeavesNothing(
      () =>
        sauti.app.inject({
          method: 'POST',
          url: '/report',
          payload: 'null',
          headers: { 'content-type': 'application/json', cookie: browser.header() },
        }),
      403,
    );
  });

  test('a multipart body without a boundary, or cut off inside a field', async () => {
    const browser = new Browser(sauti.app);
    await browser.csrf();
    const noBoundary = await refusedLeavesNothing(
      () =>
        sauti.app.inject({
          method: 'POST',
          url: '/report',
          payload: 'garbage',
          headers: { 'content-type': 'multipart/form-data', cookie: browser.header() },
        }),
      400,
    );
    assert.match(noBoundary, /body/);
    const cutInField = Buffer.from('--b\r\nContent-Disposition: form-data; name="category"\r\n\r\nbrib');
    const cut = await refusedLeavesNothing(
      () =>
        sauti.app.inject({
          method: 'POST',
          url: '/report',
          payload: cutInField,
          headers: { 'content-type': 'multipart/form-data; boundary=b', cookie: browser.header() },
        }),
      400,
    );
    assert.match(cut, /cut short/);
  });

  test('a page number too large for any list, on the staff queue and its JSON twin', async () => {
    const iau = await signIn(sauti.app, 'iau.investigator');
    const page = await iau.get('/staff/cases?page=99999999999999999999');
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /page/);
    const api = await iau.get('/api/cases?page=99999999999999999999');
    assert.equal(api.statusCode, 400);
    assert.equal(api.json().error.fields[0].field, 'page');
    assert.equal((await iau.get('/staff/cases?page=2')).statusCode, 200, 'an ordinary page number is fine');
    assert.equal(
      (await sauti.app.inject({ method: 'GET', url: '/directives?page=99999999999999999999' })).statusCode,
      400,
      'public lists too',
    );
  });

  test('a NUL character in a search, a repeated search, a NUL in a path', async () => {
    const iau = await signIn(sauti.app, 'iau.investigator');
    const search = await iau.get('/staff/cases?q=bribe%00');
    assert.equal(search.statusCode, 400);
    assert.match(search.body, /“q”/);
    const api = await iau.get('/api/cases?q=%00');
    assert.equal(api.statusCode, 400);
    assert.equal(api.json().error.fields[0].field, 'q');
    const twice = await iau.get('/staff/cases?q=a&q=b');
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, /“q”/);
    assert.equal((await iau.get('/staff/cases/CASE-2026-%00')).statusCode, 400);
  });

  test('the JSON API: NUL in a reply is cleaned away, a field of the wrong shape is named', async () => {
    const res = await sauti.app.inject({
      method: 'POST',
      url: '/api/reports',
      payload: { category: 'brutality', description: 'Beaten\u0000 at the gate', county: '047', anonymous: true },
    });
    assert.equal(res.statusCode, 201, res.body);
    const receipt = res.json().receipt as string;
    const reply = await sauti.app.inject({
      method: 'POST',
      url: '/api/reports/follow/messages',
      payload: { receipt, message: 'More\u0000 to say' },
    });
    assert.equal(reply.statusCode, 200, reply.body);
    assert.equal(reply.json().messages.at(-1).body, 'More to say');
    const before = await count('reports');
    const wrong = await sauti.app.inject({
      method: 'POST',
      url: '/api/reports',
      payload: { category: 'brutality', description: ['a', 'b'], county: '047', anonymous: true },
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.fields[0].field, 'description');
    assert.equal(await count('reports'), before);
  });
});
