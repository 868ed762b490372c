import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { blobFiles } from '../../../test/blobs.ts';
import { demoAccounts, samples, startSauti, type TestContext } from '../../../test/helpers.ts';

let sauti: TestContext;
const as = demoAccounts(() => sauti.app).as;

before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

const letter = {
  kind: 'grievance',
  topic: 'housing',
  subject: 'The lines at Salama leak',
  body: 'Photos of the roof are attached.',
};
/** A photo no other test sent. */
const photo = () => Buffer.concat([samples.png, randomBytes(16)]);
const attachment = (data: Buffer, filename = 'roof.png') => ({
  name: 'attachments',
  filename,
  type: 'image/png',
  data,
});
const letters = async () =>
  (await sauti.platform.db.pool.query<{ n: number }>('select count(*)::int as n from voice_submissions')).rows[0]!.n;

/** Sends what must be refused; checks it stored no letter and left the evidence store as it was. */
async function refused(send: () => Promise<{ statusCode: number; body: string }>, status: number): Promise<string> {
  const files = blobFiles(sauti.config.blobDir);
  const before = await letters();
  const res = await send();
  assert.equal(res.statusCode, status, res.body.slice(0, 600));
  assert.deepEqual(blobFiles(sauti.config.blobDir), files, 'the evidence store is as it was');
  assert.equal(await letters(), before, 'no letter was stored');
  return res.body;
}

/** A multipart body by hand, for what the test helper would not send. */
function multipart(
  boundary: string,
  parts: Array<{ name: string; value?: string; filename?: string; data?: Buffer }>,
  end = true,
): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = p.filename
      ? `form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: image/png`
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

describe('an officer’s letter: odd characters are cleaned, not a crash', () => {
  test('NUL and control characters in a letter are removed and the letter is accepted', async () => {
    const officer = await as('officer.salama');
    const res = await officer.postMultipart(
      '/voice',
      { ...letter, subject: 'Lines\u0000 at Salama\u0007 leak', body: 'The roof\u0000 leaks.\r\nSecond line\u001b.' },
      [attachment(photo(), 'ro\u0000of\u202egnp.png')],
      { csrfFrom: '/voice/new' },
    );
    assert.equal(res.statusCode, 303, res.body.slice(0, 600));
    const number = /IGR-\d{4}-\d{6}/.exec(String(res.headers.location))![0];
    const row = (
      await sauti.platform.db.pool.query('select id, subject, body from voice_submissions where registry_number = $1', [
        number,
      ])
    ).rows[0];
    assert.equal(row.subject, 'Lines at Salama leak');
    assert.equal(row.body, 'The roof leaks.\nSecond line.');
    const file = (
      await sauti.platform.db.pool.query('select file_name from voice_attachments where submission_id = $1', [row.id])
    ).rows[0];
    assert.equal(file.file_name, 'roofgnp.png', 'no control or direction character in the file name');
  });

  test('the same letter sent urlencoded is cleaned the same way', async () => {
    const officer = await as('officer.salama');
    const res = await officer.post('/voice', { ...letter, subject: 'Second\u0000 letter' }, { csrfFrom: '/voice/new' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 600));
  });
});

describe('a refused letter leaves no attachment in the evidence store', () => {
  test('a missing subject: the photo sent with it is taken back', async () => {
    const officer = await as('officer.salama');
    const body = await refused(
      () =>
        officer.postMultipart('/voice', { ...letter, subject: '' }, [attachment(photo())], { csrfFrom: '/voice/new' }),
      400,
    );
    assert.match(body, /id="subject-error"/);
  });

  test('a later file of the wrong type', async () => {
    const officer = await as('officer.salama');
    await refused(
      () =>
        officer.postMultipart('/voice', letter, [attachment(photo()), attachment(samples.exe, 'tool.png')], {
          csrfFrom: '/voice/new',
        }),
      415,
    );
  });

  test('more attachments than a letter takes (6), and more files than any form takes (11)', async () => {
    const officer = await as('officer.salama');
    await refused(
      () =>
        officer.postMultipart(
          '/voice',
          letter,
          Array.from({ length: 6 }, () => attachment(photo())),
          { csrfFrom: '/voice/new' },
        ),
      400,
    );
    const body = await refused(
      () =>
        officer.postMultipart(
          '/voice',
          letter,
          Array.from({ length: 11 }, () => attachment(photo())),
          { csrfFrom: '/voice/new' },
        ),
      400,
    );
    assert.match(body, /id="attachments-error"/);
  });

  test('a forged CSRF token', async () => {
    const officer = await as('officer.salama');
    await refused(
      () => officer.postMultipart('/voice', { ...letter, _csrf: 'forged' }, [attachment(photo())], { csrf: false }),
      403,
    );
  });

  test('a field sent twice, and a body cut off inside the second file: 400 naming the field', async () => {
    const officer = await as('officer.salama');
    const token = await officer.csrf('/voice/new');
    const fields = [
      { name: '_csrf', value: token },
      ...Object.entries(letter).map(([name, value]) => ({ name, value })),
    ];
    const send = (payload: Buffer) =>
      sauti.app.inject({
        method: 'POST',
        url: '/voice',
        payload,
        headers: { 'content-type': 'multipart/form-data; boundary=v', cookie: officer.header() },
      });
    const twice = await refused(
      () =>
        send(
          multipart('v', [
            ...fields,
            { name: 'subject', value: 'another subject' },
            { name: 'attachments', filename: 'a.png', data: photo() },
          ]),
        ),
      400,
    );
    assert.match(twice, /id="subject-error"/);
    assert.match(twice, /sent more than once/);
    const cut = Buffer.concat([
      multipart('v', [...fields, { name: 'attachments', filename: 'a.png', data: photo() }], false),
      Buffer.from('--v\r\nContent-Disposition: form-data; name="attachments"; filename="b.png"\r\n\r\n'),
      photo().subarray(0, 30),
    ]);
    const broken = await refused(() => send(cut), 400);
    assert.match(broken, /id="attachments-error"/);
  });

  test('an attachment an accepted letter holds stays when a refused letter sent the same file', async () => {
    const officer = await as('officer.salama');
    const shared = photo();
    assert.equal(
      (await officer.postMultipart('/voice', letter, [attachment(shared)], { csrfFrom: '/voice/new' })).statusCode,
      303,
    );
    await refused(
      () =>
        officer.postMultipart('/voice', { ...letter, body: '' }, [attachment(shared), attachment(photo())], {
          csrfFrom: '/voice/new',
        }),
      400,
    );
    const sha256 = createHash('sha256').update(shared).digest('hex');
    assert.ok(await sauti.platform.blobs.verify(sha256), 'the accepted letter’s attachment is whole');
  });
});
