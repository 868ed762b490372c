import http from 'node:http';
import { connect, type Socket } from 'node:net';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findUserByUsername } from '../src/platform/auth/service.ts';
import { toActor } from '../src/platform/auth/store.ts';
import { randomToken } from '../src/platform/crypto/index.ts';
import { localDate, localTime } from '../src/modules/engage/schedule.ts';
import { askQuestion, createOneOffSession, setSessionLive } from '../src/modules/engage/index.ts';
import { sessionFeed } from '../src/modules/engage/live.ts';
import { resumableUploads } from '../src/modules/reports/uploads.ts';
import { startSauti, type TestContext } from './helpers.ts';
import { SseClient } from './sse-client.ts';

/**
 * One client cannot exhaust Sauti: what one address may hold open (event streams, unfinished
 * uploads) is capped, and a connection that trickles its headers or body is closed, against a
 * real listening server. Timeouts are small here (1 s for headers, 2 s for a whole request).
 */

let sauti: TestContext;
let host: string;
let port: number;
let sessionId: string;
const clients: SseClient[] = [];

before(async () => {
  sauti = await startSauti({
    env: { HEADERS_TIMEOUT_SECONDS: '1', REQUEST_TIMEOUT_SECONDS: '2', RATE_LIMIT_UPLOADS: '25' },
  });
  await sauti.app.listen({ port: 0, host: '127.0.0.1' });
  const address = sauti.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  port = address.port;
  host = `http://127.0.0.1:${port}`;
  const ig = toActor((await findUserByUsername(sauti.platform.db.pool, 'ig.office'))!);
  const at = new Date(sauti.platform.clock.now().getTime() + 10 * 60_000);
  sessionId = await createOneOffSession(sauti.platform, ig, {
    date: localDate(at, 'Africa/Nairobi'),
    time: localTime(at, 'Africa/Nairobi'),
    durationMinutes: 60,
    moderation: 'post',
  });
  await setSessionLive(sauti.platform, ig, sessionId, true);
});
after(async () => {
  for (const c of clients) c.close();
  await sauti.close();
});

/** Resolves when `check` holds (looked at every few milliseconds); fails after `ms`. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function watch(agent?: http.Agent): SseClient {
  const client = new SseClient(`${host}/engage/sessions/${sessionId}/events`, agent ? { agent } : {});
  clients.push(client);
  return client;
}

/** One more stream asked for: its status and Retry-After (a stream that opens after all is closed again at once). */
function oneMore(): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${host}/engage/sessions/${sessionId}/events`,
      { headers: { accept: 'text/event-stream' } },
      (res) => {
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined });
        if (res.statusCode === 200) request.destroy();
        else res.resume();
      },
    );
    request.on('error', reject);
  });
}

/** A raw connection, and a promise of everything the server sent before it closed it (rejects after `ms`). */
function rawConnection(ms: number): { socket: Socket; closed: Promise<{ received: string; afterMs: number }> } {
  const socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (c: string) => (received += c));
  socket.on('error', () => undefined);
  const closed = new Promise<{ received: string; afterMs: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server did not close the connection within ${ms} ms`));
    }, ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received, afterMs: Date.now() - started });
    });
  });
  return { socket, closed };
}

/** Writes a little every `everyMs` until the socket closes: never idle, never done. */
function trickle(socket: Socket, piece: string, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed) clearInterval(timer);
    else socket.write(piece);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

describe('event streams per client address', () => {
  test('one address holds at most 20 streams: the 21st gets 429 with Retry-After, another address is served, and a closed stream frees its place', async () => {
    const feed = sessionFeed(sauti.platform);
    const mine = Array.from({ length: 20 }, () => watch());
    assert.deepEqual(await Promise.all(mine.map((c) => c.opened)), Array(20).fill(200));

    const twentyFirst = await oneMore();
    assert.equal(twentyFirst.status, 429);
    assert.equal(twentyFirst.retryAfter, '30');
    assert.equal(feed.viewerCount, 20, 'the refused one was never subscribed');

    const neighbour = watch(new http.Agent({ localAddress: '127.0.0.2' }));
    assert.equal(await neighbour.opened, 200, 'another address is not held back');

    mine[0]!.close();
    await until(() => feed.viewerCount === 20, 60_000, 'the closed stream is let go');
    const again = watch();
    assert.equal(await again.opened, 200, 'the freed place can be taken again');
    assert.equal((await oneMore()).status, 429, 'and then the address is full again');

    // the streams that are open still get what happens
    const asked = await askQuestion(
      sauti.platform,
      randomToken(16),
      sessionId,
      { question: 'How do I get my impounded motorbike back from Kasarani?' },
      'web',
    );
    await again.waitFor((e) => e.event === 'cluster' && (e.data as { id: string }).id === asked.clusterId);
    for (const c of [...mine.slice(1), neighbour, again]) c.close();
    await until(() => feed.viewerCount === 0, 60_000, 'all streams let go');
  });
});

describe('resumable uploads per client address', () => {
  const tus = { 'tus-resumable': '1.0.0' };
  const begin = (address: string, length = 1000) =>
    sauti.app.inject({
      method: 'POST',
      url: '/api/uploads',
      remoteAddress: address,
      headers: { ...tus, 'upload-length': String(length) },
    });
  const idOf = (res: { headers: Record<string, unknown> }) => String(res.headers.location).split('/').pop()!;
  const send = (address: string, id: string, offset: number, bytes: Buffer) =>
    sauti.app.inject({
      method: 'PATCH',
      url: `/api/uploads/${id}`,
      remoteAddress: address,
      payload: bytes,
      headers: { ...tus, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    });

  test('one address holds at most 10 unfinished uploads: the 11th gets 429 with Retry-After; finishing or cancelling one frees its place; another address is served', async () => {
    const address = '198.51.100.7';
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await begin(address);
      assert.equal(res.statusCode, 201, res.body);
      ids.push(idOf(res));
    }
    const eleventh = await begin(address);
    assert.equal(eleventh.statusCode, 429);
    assert.equal(eleventh.headers['retry-after'], '60');
    assert.equal(eleventh.json().error.code, 'too_many_requests');
    assert.equal((await begin('198.51.100.8')).statusCode, 201, 'another address is not held back');

    // finishing one frees its place
    assert.equal((await send(address, ids[0]!, 0, Buffer.alloc(1000, 1))).statusCode, 204);
    const next = await begin(address);
    assert.equal(next.statusCode, 201);
    ids.push(idOf(next));
    assert.equal((await begin(address)).statusCode, 429);

    // so does cancelling one (tus termination)
    assert.equal(
      (
        await sauti.app.inject({
          method: 'DELETE',
          url: `/api/uploads/${ids[1]}`,
          remoteAddress: address,
          headers: tus,
        })
      ).statusCode,
      204,
    );
    assert.equal((await begin(address)).statusCode, 201);
  });

  test('an unfinished upload that receives nothing for an hour is removed and frees its place; one still receiving is kept', async () => {
    const address = '198.51.100.9';
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(idOf(await begin(address, 5000)));
    for (const id of ids) assert.equal((await send(address, id, 0, Buffer.alloc(100, 2))).statusCode, 204);
    assert.equal((await begin(address)).statusCode, 429);

    const uploads = resumableUploads(sauti.platform)!;
    const dir = join(sauti.config.dataDir, 'uploads');
    // the first has had nothing for 61 minutes; the second last received a byte 59 minutes ago
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await utimes(join(dir, ids[0]!), ago(61), ago(61));
    await utimes(join(dir, ids[1]!), ago(59), ago(59));
    assert.ok((await uploads.removeExpired()) >= 1);

    const head = (id: string) => sauti.app.inject({ method: 'HEAD', url: `/api/uploads/${id}`, headers: tus });
    assert.equal((await head(ids[0]!)).statusCode, 404, 'the idle upload is gone');
    assert.equal((await head(ids[1]!)).statusCode, 200, 'the one still within the hour is kept');
    assert.equal((await head(ids[1]!)).headers['upload-offset'], '100');
    assert.equal((await begin(address)).statusCode, 201, 'its place is free again');
  });

  test('an address may begin 25 uploads in 10 minutes (RATE_LIMIT_UPLOADS); the next is refused', async () => {
    const address = '198.51.100.10';
    for (let i = 0; i < 25; i++) {
      const res = await begin(address, 0);
      assert.equal(res.statusCode, 201, `upload ${i + 1}`);
    }
    const refusedOne = await begin(address, 0);
    assert.equal(refusedOne.statusCode, 429);
    assert.ok(Number(refusedOne.headers['retry-after']) > 0);
  });
});

describe('connections that trickle', () => {
  test('a client sending its headers a little at a time is closed once the header timeout passes', async () => {
    const { socket, closed } = rawConnection(60_000);
    socket.write('GET /engage HTTP/1.1\r\nHost: sauti\r\n');
    trickle(socket, 'X-Slow: 1\r\n', 200);
    const { received, afterMs } = await closed;
    assert.match(received, /^HTTP\/1\.1 408/);
    assert.ok(afterMs >= 900, `closed after ${afterMs} ms`);
  });

  test('a connection that sends nothing is closed too', async () => {
    const { closed } = rawConnection(60_000);
    const { afterMs } = await closed;
    assert.ok(afterMs >= 900, `closed after ${afterMs} ms`);
  });

  test('a client sending its body a little at a time is closed once the request timeout passes', async () => {
    const { socket, closed } = rawConnection(60_000);
    socket.write(
      `POST /api/reports HTTP/1.1\r\nHost: sauti\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"category":"`,
    );
    trickle(socket, 'a', 200);
    const { received, afterMs } = await closed;
    assert.match(received, /^HTTP\/1\.1 408/);
    assert.ok(afterMs >= 1900, `closed after ${afterMs} ms`);
  });

  test('an upload cut off by the request timeout resumes from where it stopped', async () => {
    const tus = { 'tus-resumable': '1.0.0' };
    const created = await sauti.app.inject({
      method: 'POST',
      url: '/api/uploads',
      remoteAddress: '198.51.100.11',
      headers: { ...tus, 'upload-length': '300' },
    });
    const id = String(created.headers.location).split('/').pop()!;
    const { socket, closed } = rawConnection(60_000);
    socket.write(
      `PATCH /api/uploads/${id} HTTP/1.1\r\nHost: sauti\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: 300\r\n\r\n`,
    );
    trickle(socket, 'x'.repeat(10), 100);
    await closed;
    // the phone asks how far the server got, and sends the rest
    const head = await sauti.app.inject({ method: 'HEAD', url: `/api/uploads/${id}`, headers: tus });
    const offset = Number(head.headers['upload-offset']);
    assert.ok(offset > 0 && offset < 300, `kept ${offset} bytes`);
    const rest = await sauti.app.inject({
      method: 'PATCH',
      url: `/api/uploads/${id}`,
      payload: Buffer.alloc(300 - offset, 120),
      headers: { ...tus, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    });
    assert.equal(rest.statusCode, 204);
    assert.equal(rest.headers['upload-offset'], '300');
  });

  test('an event stream stays open long past the header and request timeouts, and still gets what happens', async () => {
    const viewer = watch();
    assert.equal(await viewer.opened, 200);
    // outlive a connection the header timeout closes, then one the request timeout closes
    const slowHeaders = rawConnection(60_000);
    slowHeaders.socket.write('GET / HTTP/1.1\r\n');
    trickle(slowHeaders.socket, 'X-Slow: 1\r\n', 200);
    await slowHeaders.closed;
    const slowBody = rawConnection(60_000);
    slowBody.socket.write(
      'POST /api/reports HTTP/1.1\r\nHost: sauti\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    trickle(slowBody.socket, ' ', 200);
    await slowBody.closed;
    const asked = await askQuestion(
      sauti.platform,
      randomToken(16),
      sessionId,
      { question: 'Why are OB abstracts at Salama police station not free of charge?' },
      'web',
    );
    await viewer.waitFor((e) => e.event === 'cluster' && (e.data as { id: string }).id === asked.clusterId);
    viewer.close();
  });
});
