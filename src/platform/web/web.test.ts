import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { findUserByUsername } from '../auth/service.ts';
import { toActor } from '../auth/store.ts';
import { startSauti, type TestContext } from '../../../test/helpers.ts';
import { localDate, localTime } from '../../modules/engage/schedule.ts';
import * as engage from '../../modules/engage/index.ts';
import { COMPRESSIBLE, pickEncoding } from './plugin.ts';

let sauti: TestContext;

before(async () => {
  sauti = await startSauti();
});
after(async () => {
  await sauti.close();
});

function decoded(res: LightMyRequestResponse): Buffer {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(res.rawPayload);
  if (encoding === 'gzip') return gunzipSync(res.rawPayload);
  assert.equal(encoding, undefined, `unexpected content-encoding ${String(encoding)}`);
  return res.rawPayload;
}

/** A one-hour session with the IG, live now. */
async function liveSession(): Promise<string> {
  const ig = toActor((await findUserByUsername(sauti.platform.db.pool, 'ig.office'))!);
  const at = new Date(Date.now() + 10 * 60_000);
  const id = await engage.createOneOffSession(sauti.platform, ig, {
    date: localDate(at, 'Africa/Nairobi'),
    time: localTime(at, 'Africa/Nairobi'),
    durationMinutes: 60,
    moderation: 'pre',
  });
  await engage.setSessionLive(sauti.platform, ig, id, true);
  return id;
}

describe('compressed responses', () => {
  test('a stylesheet comes as br or gzip when accepted, decompresses to the file, and keeps its caching headers', async () => {
    const file = readFileSync(new URL('./assets/sauti.css', import.meta.url));
    const plain = await sauti.app.inject('/assets/sauti.css');
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.rawPayload, file);
    for (const [accept, expected] of [
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['gzip, deflate, br', 'br'],
      ['br;q=0, gzip', 'gzip'],
      ['*', 'br'],
    ] as const) {
      const res = await sauti.app.inject({ url: '/assets/sauti.css', headers: { 'accept-encoding': accept } });
      assert.equal(res.statusCode, 200, accept);
      assert.equal(res.headers['content-encoding'], expected, accept);
      assert.ok(
        res.rawPayload.length < file.length / 3,
        `${accept}: ${res.rawPayload.length} bytes on the wire for ${file.length}`,
      );
      assert.deepEqual(decoded(res), file, accept);
      assert.equal(res.headers['content-type'], 'text/css; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'public, max-age=3600');
      assert.match(String(res.headers.vary), /accept-encoding/i, 'caches keep the encodings apart');
      assert.equal(Number(res.headers['content-length']), res.rawPayload.length);
    }
    assert.match(String(plain.headers.vary), /accept-encoding/i);
  });

  test('pages and JSON are compressed when accepted and decompress to the same bytes', async () => {
    for (const url of ['/open311/v2/services.json', '/open311/v2/services.xml', '/api/openapi.json', '/engage']) {
      const plain = await sauti.app.inject(url);
      assert.equal(plain.statusCode, 200, url);
      assert.equal(plain.headers['content-encoding'], undefined, url);
      for (const encoding of ['br', 'gzip']) {
        const res = await sauti.app.inject({ url, headers: { 'accept-encoding': encoding } });
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['content-encoding'], encoding, `${url} ${encoding}`);
        assert.ok(res.rawPayload.length < plain.rawPayload.length, url);
        assert.match(String(res.headers.vary), /accept-encoding/i, url);
        if (url !== '/engage') assert.deepEqual(decoded(res), plain.rawPayload, `${url} ${encoding}`);
        else assert.match(decoded(res).toString('utf8'), /^<!doctype html><html lang="en">[\s\S]*<\/html>$/);
      }
    }
  });

  test('files that are compressed already (PDF, images, video) and event streams are never compressed', () => {
    for (const type of [
      'text/html; charset=utf-8',
      'text/css; charset=utf-8',
      'text/javascript; charset=utf-8',
      'application/json; charset=utf-8',
      'text/xml; charset=utf-8',
      'image/svg+xml',
      'text/plain; version=0.0.4; charset=utf-8',
    ]) {
      assert.ok(COMPRESSIBLE.test(type), type);
    }
    for (const type of [
      'text/event-stream; charset=utf-8',
      'application/pdf',
      'image/png',
      'image/jpeg',
      'video/mp4',
      'audio/mpeg',
      'application/octet-stream',
      'application/zip',
    ]) {
      assert.ok(!COMPRESSIBLE.test(type), type);
    }
    assert.equal(pickEncoding(undefined), 'identity');
    assert.equal(pickEncoding('identity'), 'identity');
    assert.equal(pickEncoding('deflate'), 'identity');
    assert.equal(pickEncoding('gzip;q=0.5, br;q=0.2'), 'gzip');
  });

  test('a session summary PDF is sent as it is', async () => {
    const id = await liveSession();
    const ig = toActor((await findUserByUsername(sauti.platform.db.pool, 'ig.office'))!);
    await engage.setSessionLive(sauti.platform, ig, id, false);
    const plain = await sauti.app.inject(`/engage/sessions/${id}/summary.pdf`);
    assert.equal(plain.statusCode, 200, plain.body);
    const res = await sauti.app.inject({
      url: `/engage/sessions/${id}/summary.pdf`,
      headers: { 'accept-encoding': 'br, gzip' },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/pdf/);
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('a live session’s event stream is not compressed, even when the viewer accepts br and gzip', async () => {
    const id = await liveSession();
    await sauti.app.listen({ port: 0, host: '127.0.0.1' });
    const address = sauti.app.server.address();
    assert.ok(address && typeof address !== 'string');
    const { headers, first } = await new Promise<{ headers: http.IncomingHttpHeaders; first: string }>(
      (resolve, reject) => {
        const request = http.get(
          `http://127.0.0.1:${address.port}/engage/sessions/${id}/events`,
          { headers: { accept: 'text/event-stream', 'accept-encoding': 'br, gzip, deflate' } },
          (res) => {
            res.once('data', (chunk: Buffer) => {
              resolve({ headers: res.headers, first: chunk.toString('utf8') });
              request.destroy();
            });
            res.once('error', () => undefined);
          },
        );
        request.on('error', reject);
      },
    );
    assert.match(String(headers['content-type']), /^text\/event-stream/);
    assert.equal(headers['content-encoding'], undefined);
    assert.match(first, /^retry: \d+\n\n/, 'the first event arrives as text, at once');
  });
});

describe('the icon', () => {
  test('every page links an SVG icon that is served, and /favicon.ico leads to it', async () => {
    for (const url of ['/', '/report', '/engage', '/staff/sign-in', '/no-such-page']) {
      const page = await sauti.app.inject(url);
      assert.match(page.body, /<link rel="icon" href="\/assets\/favicon.svg" type="image\/svg\+xml"\/?>/, url);
    }
    const icon = await sauti.app.inject('/assets/favicon.svg');
    assert.equal(icon.statusCode, 200);
    assert.equal(icon.headers['content-type'], 'image/svg+xml');
    assert.match(icon.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox="0 0 32 32"/);

    for (const method of ['GET', 'HEAD'] as const) {
      const favicon = await sauti.app.inject({ method, url: '/favicon.ico' });
      assert.equal(favicon.statusCode, 301, method);
      assert.equal(favicon.headers.location, '/assets/favicon.svg');
      assert.match(String(favicon.headers['cache-control']), /max-age=\d+/);
    }
  });
});

describe('the page description', () => {
  /** The content of the page's one <meta name="description">, entities decoded. */
  function description(html: string): string {
    const all = [...html.matchAll(/<meta name="description" content="([^"]*)"\/?>/g)];
    assert.equal(all.length, 1, 'one description per page');
    return all[0]![1]!
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"');
  }

  test('every page describes Sauti to search engines and link previews, in the reader’s language', async () => {
    for (const url of ['/', '/report', '/follow', '/engage', '/staff/sign-in', '/no-such-page']) {
      const en = description((await sauti.app.inject({ url, headers: { 'accept-language': 'en' } })).body);
      assert.match(en, /^Sauti, the National Police Service's platform: report police misconduct/, url);
      const sw = description((await sauti.app.inject({ url, headers: { 'accept-language': 'sw' } })).body);
      assert.match(sw, /^Sauti, jukwaa la Huduma ya Taifa ya Polisi: ripoti utovu wa nidhamu wa polisi/, url);
      assert.ok(en.length <= 300 && sw.length <= 300, 'short enough to be shown whole');
    }
  });
});

describe('an address nothing answers', () => {
  test('is a 404 whatever the method, without a form token, before any check of the form', async () => {
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      for (const url of ['/no-such-page', '/engage/nothing?x=1&x=2', '/report/nothing', '/engage']) {
        if (url === '/engage' && (method === 'GET' || method === 'HEAD')) continue;
        const bodyless = method === 'GET' || method === 'HEAD';
        const form = await sauti.app.inject(
          bodyless
            ? { method, url }
            : { method, url, payload: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        );
        assert.equal(form.statusCode, 404, `${method} ${url}: ${form.body.slice(0, 200)}`);
        if (method !== 'HEAD') assert.doesNotMatch(form.body, /expired/, `${method} ${url}`);
      }
      if (method === 'GET' || method === 'HEAD') continue;
      const api = await sauti.app.inject({ method, url: '/api/nothing', payload: { a: 1 } });
      assert.equal(api.statusCode, 404, `${method} /api/nothing`);
      assert.equal((JSON.parse(api.body) as { error: { code: string } }).error.code, 'not_found');
    }
  });

  test('while a form sent to a real address without its token is still refused', async () => {
    const res = await sauti.app.inject({
      method: 'POST',
      url: '/report',
      payload: 'category=other',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /This form has expired/);
  });
});
