import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { samples, startSauti, type TestContext } from '../../../test/helpers.ts';
import { resumableUploads } from './uploads.ts';

// The tus 1.0 protocol as clients rely on it: a client speaking a version Sauti does not is told
// which it does (412 with Tus-Version), every answer names the version (Tus-Resumable), and a
// client that cannot send PATCH sends POST with X-HTTP-Method-Override (tus-js-client's
// overridePatchMethod) and its bytes are appended all the same.

let sauti: TestContext;
before(async () => {
  sauti = await startSauti({ demoStaff: false });
});
after(() => sauti.close());

const tus = { 'tus-resumable': '1.0.0' };
const video = Buffer.concat([samples.mp4, Buffer.alloc(50_000, 7)]);

async function createUpload(length: number): Promise<string> {
  const res = await sauti.app.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: { ...tus, 'upload-length': String(length) },
  });
  assert.equal(res.statusCode, 201, res.body);
  return String(res.headers.location).split('/').pop()!;
}

const offsetOf = async (id: string) =>
  (await sauti.app.inject({ method: 'HEAD', url: `/api/uploads/${id}`, headers: tus })).headers['upload-offset'];
const openUploads = async () => ((await resumableUploads(sauti.platform)!.store.configstore.list?.()) ?? []).length;

describe('X-HTTP-Method-Override', () => {
  test('a POST that says PATCH appends its bytes, and the upload finishes as with PATCH', async () => {
    const id = await createUpload(video.length);
    const half = 20_000;
    const first = await sauti.app.inject({
      method: 'POST',
      url: `/api/uploads/${id}`,
      payload: video.subarray(0, half),
      headers: {
        ...tus,
        'x-http-method-override': 'PATCH',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
    });
    assert.equal(first.statusCode, 204, first.body);
    assert.equal(first.headers['upload-offset'], String(half));
    assert.equal(first.headers['tus-resumable'], '1.0.0');
    assert.equal(await offsetOf(id), String(half));
    const rest = await sauti.app.inject({
      method: 'POST',
      url: `/api/uploads/${id}`,
      payload: video.subarray(half),
      headers: {
        ...tus,
        'x-http-method-override': 'patch',
        'upload-offset': String(half),
        'content-type': 'application/offset+octet-stream',
      },
    });
    assert.equal(rest.statusCode, 204, rest.body);
    assert.equal(await offsetOf(id), String(video.length));
    const report = await sauti.app.inject({
      method: 'POST',
      url: '/api/reports',
      payload: {
        category: 'brutality',
        description: 'Video sent through a proxy that knows no PATCH',
        county: '047',
        anonymous: true,
        uploads: [id],
      },
    });
    assert.equal(report.statusCode, 201, report.body);
    assert.equal(report.json().evidenceCount, 1);
  });

  test('a POST that says DELETE ends the upload', async () => {
    const id = await createUpload(video.length);
    const res = await sauti.app.inject({
      method: 'POST',
      url: `/api/uploads/${id}`,
      headers: { ...tus, 'x-http-method-override': 'DELETE' },
    });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal((await sauti.app.inject({ method: 'HEAD', url: `/api/uploads/${id}`, headers: tus })).statusCode, 404);
  });

  test('a POST to an upload without an override, or overriding to anything else, changes nothing', async () => {
    const id = await createUpload(video.length);
    const uploads = await openUploads();
    for (const override of [undefined, 'GET', 'POST', 'PUT']) {
      const res = await sauti.app.inject({
        method: 'POST',
        url: `/api/uploads/${id}`,
        payload: video.subarray(0, 100),
        headers: {
          ...tus,
          ...(override ? { 'x-http-method-override': override } : {}),
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        },
      });
      assert.equal(res.statusCode, 404, `${override}: ${res.body}`);
    }
    assert.equal(await offsetOf(id), '0');
    assert.equal(await openUploads(), uploads, 'no upload was begun');
  });
});

describe('Tus-Resumable and Tus-Version', () => {
  test('a version Sauti does not speak gets 412 with Tus-Version, and nothing is begun or written', async () => {
    const uploads = await openUploads();
    const create = await sauti.app.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: { 'tus-resumable': '0.2.0', 'upload-length': '100' },
    });
    assert.equal(create.statusCode, 412, create.body);
    assert.equal(create.headers['tus-version'], '1.0.0');
    assert.equal(create.headers['tus-resumable'], '1.0.0');
    assert.equal(await openUploads(), uploads);

    const id = await createUpload(video.length);
    const write = await sauti.app.inject({
      method: 'PATCH',
      url: `/api/uploads/${id}`,
      payload: video.subarray(0, 100),
      headers: { 'tus-resumable': '0.2.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    });
    assert.equal(write.statusCode, 412, write.body);
    assert.equal(write.headers['tus-version'], '1.0.0');
    assert.equal(await offsetOf(id), '0');
    const head = await sauti.app.inject({
      method: 'HEAD',
      url: `/api/uploads/${id}`,
      headers: { 'tus-resumable': '0.2.0' },
    });
    assert.equal(head.statusCode, 412);
    assert.equal(head.headers['tus-version'], '1.0.0');
  });

  test('OPTIONS answers whatever version the client names, listing the versions', async () => {
    const res = await sauti.app.inject({
      method: 'OPTIONS',
      url: '/api/uploads',
      headers: { 'tus-resumable': '0.2.0' },
    });
    assert.equal(res.statusCode, 204);
    assert.equal(res.headers['tus-version'], '1.0.0');
  });

  test('a PATCH that is not application/offset+octet-stream gets 415 carrying Tus-Resumable, and nothing is written', async () => {
    const id = await createUpload(video.length);
    for (const type of ['text/plain', 'application/json', 'application/octet-stream', undefined]) {
      const res = await sauti.app.inject({
        method: 'PATCH',
        url: `/api/uploads/${id}`,
        payload: type === 'application/json' ? '{"a":1}' : video.subarray(0, 100),
        headers: { ...tus, 'upload-offset': '0', ...(type ? { 'content-type': type } : {}) },
      });
      assert.equal(res.statusCode, 415, `${type}: ${res.body}`);
      assert.equal(res.headers['tus-resumable'], '1.0.0', String(type));
    }
    assert.equal(await offsetOf(id), '0');
  });
});

test('the API document describes the override and the 412', async () => {
  const doc = (await sauti.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: Array<{ name: string }> }>>;
  };
  const post = doc.paths['/api/uploads/{id}']!.post!;
  assert.ok(post.parameters!.some((p) => p.name === 'X-HTTP-Method-Override'));
  assert.ok(post.responses['204'] && post.responses['412'] && post.responses['415']);
  assert.ok(doc.paths['/api/uploads/{id}']!.patch!.responses['412']);
});
