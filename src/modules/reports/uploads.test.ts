import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { samples, startSauti, type TestContext } from '../../../test/helpers.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti({ demoStaff: false });
});
after(() => sauti.close());

const tus = { 'tus-resumable': '1.0.0' };
const video = Buffer.concat([samples.mp4, Buffer.alloc(200_000, 7)]);

async function createUpload(length: number): Promise<string> {
  const res = await sauti.app.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: {
      ...tus,
      'upload-length': String(length),
      'upload-metadata': `filetype ${Buffer.from('video/mp4').toString('base64')}`,
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = String(res.headers.location).split('/').pop()!;
  assert.match(id, /^[0-9a-f]{32}$/);
  return id;
}

function patch(id: string, offset: number, chunk: Buffer) {
  return sauti.app.inject({
    method: 'PATCH',
    url: `/api/uploads/${id}`,
    payload: chunk,
    headers: { ...tus, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
  });
}

const report = (uploads: string[]) =>
  sauti.app.inject({
    method: 'POST',
    url: '/api/reports',
    payload: { category: 'brutality', description: 'Video of a beating', county: '047', anonymous: true, uploads },
  });

test('an interrupted upload resumes from where it stopped, and the report records the whole file', async () => {
  const id = await createUpload(video.length);
  const half = 120_000;
  assert.equal((await patch(id, 0, video.subarray(0, half))).statusCode, 204);
  // the connection drops; the phone asks how far the server got
  const head = await sauti.app.inject({ method: 'HEAD', url: `/api/uploads/${id}`, headers: tus });
  assert.equal(head.headers['upload-offset'], String(half));
  assert.equal((await patch(id, half, video.subarray(half))).statusCode, 204);
  const res = await report([id]);
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().evidenceCount, 1);
  const { rows } = await sauti.platform.db.pool.query(
    'select sha256, size_bytes, kind, received_via from evidence order by id desc limit 1',
  );
  assert.equal(rows[0].sha256, createHash('sha256').update(video).digest('hex'));
  assert.equal(Number(rows[0].size_bytes), video.length);
  assert.equal(rows[0].kind, 'video');
  assert.equal(rows[0].received_via, 'resumable upload');
  assert.ok(await sauti.platform.blobs.verify(rows[0].sha256));
  assert.equal((await report([id])).statusCode, 400, 'an upload is claimed once');
});

test('a report naming an unfinished upload is refused and not stored', async () => {
  const id = await createUpload(video.length);
  await patch(id, 0, video.subarray(0, 1000));
  const before = (await sauti.platform.db.pool.query('select count(*)::int as n from reports')).rows[0].n;
  const res = await report([id]);
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().error.fields[0].field, 'uploads');
  assert.equal((await sauti.platform.db.pool.query('select count(*)::int as n from reports')).rows[0].n, before);
});

test('an upload that is not evidence gets 415 when claimed', async () => {
  const id = await createUpload(samples.exe.length);
  await patch(id, 0, samples.exe);
  const res = await report([id]);
  assert.equal(res.statusCode, 415);
});

test('uploads are never served back', async () => {
  const id = await createUpload(samples.png.length);
  await patch(id, 0, samples.png);
  const res = await sauti.app.inject({ method: 'GET', url: `/api/uploads/${id}` });
  assert.equal(res.statusCode, 404);
});

test('an upload larger than the evidence limit is refused at creation', async () => {
  const res = await sauti.app.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: { ...tus, 'upload-length': String(sauti.config.evidenceMaxBytes + 1) },
  });
  assert.equal(res.statusCode, 413);
});
