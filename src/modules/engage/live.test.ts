import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { findUserByUsername } from '../../platform/auth/service.ts';
import { toActor } from '../../platform/auth/store.ts';
import { randomToken } from '../../platform/crypto/index.ts';
import { signIn, startSauti, type TestContext } from '../../../test/helpers.ts';
import { SseClient } from '../../../test/sse-client.ts';
import { localDate, localTime } from './schedule.ts';
import { postAnswer, setAnswering } from './console/service.ts';
import { moderateQuestion } from './moderation/service.ts';
import { askQuestion } from './questions/service.ts';
import { upvote } from './questions/votes.ts';
import { createOneOffSession } from './schedule/series.ts';
import { setSessionLive } from './schedule/service.ts';

let sauti: TestContext;
let base: string;
let ig: StaffActor;
let moderator: StaffActor;
const zone = 'Africa/Nairobi';
const clients: SseClient[] = [];

async function actor(username: string): Promise<StaffActor> {
  return toActor((await findUserByUsername(sauti.platform.db.pool, username))!);
}

async function liveSession(moderation: 'pre' | 'post' = 'pre'): Promise<string> {
  const at = new Date(sauti.platform.clock.now().getTime() + 10 * 60_000);
  const id = await createOneOffSession(sauti.platform, ig, {
    date: localDate(at, zone),
    time: localTime(at, zone),
    durationMinutes: 60,
    moderation,
  });
  await setSessionLive(sauti.platform, ig, id, true);
  return id;
}

function watch(url: string, lastEventId?: string): SseClient {
  const client = new SseClient(url, { lastEventId });
  clients.push(client);
  return client;
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

const data = (e: { data: unknown }) => e.data as Record<string, unknown>;
/** The id of the newest live event stored so far. */
const latestEventId = async () =>
  BigInt(
    (await sauti.platform.db.pool.query<{ id: string }>('select coalesce(max(id), 0)::text as id from engage_events'))
      .rows[0]!.id,
  );

before(async () => {
  sauti = await startSauti();
  base = await listen(sauti.app);
  ig = await actor('ig.office');
  moderator = await actor('moderator');
});
after(async () => {
  for (const c of clients) c.close();
  await sauti.close();
});

describe('a live session over Server-Sent Events', () => {
  test('viewers get approved questions, vote counts, "answering now", answers and the end, and never a pending question', async () => {
    const sessionId = await liveSession('pre');
    const viewer = watch(`${base}/engage/sessions/${sessionId}/events`);
    assert.equal(await viewer.opened, 200);

    const asker = randomToken(16);
    const asked = await askQuestion(
      sauti.platform,
      asker,
      sessionId,
      { question: 'Why do officers at Salama charge <b>500 shillings</b> for an abstract? Call me on 0712 345 678' },
      'web',
    );
    const hidden = await askQuestion(
      sauti.platform,
      randomToken(16),
      sessionId,
      { question: 'A question nobody approved about traffic at Kasarani' },
      'web',
    );
    // nothing is public until a moderator approves: every question event a viewer gets is newer than the approval
    const beforeApproval = await latestEventId();
    await moderateQuestion(sauti.platform, moderator, asked.id, { decision: 'approve' });
    const shown = await viewer.waitFor((e) => e.event === 'cluster' && data(e).id === asked.clusterId);
    assert.match(
      String(data(shown).text),
      /<b>500 shillings<\/b>/,
      'text is sent as data, for the page to show as text',
    );
    assert.doesNotMatch(String(data(shown).text), /0712 345 678/, 'the phone number is masked');
    assert.equal(data(shown).askers, 1);

    await upvote(sauti.platform, randomToken(16), asked.id);
    await viewer.waitFor((e) => e.event === 'cluster' && data(e).id === asked.clusterId && data(e).upvotes === 1);
    // events reach a viewer in the order they were stored, so any sent before the approval has arrived by now
    const clusterEvents = viewer.events.filter((e) => e.event === 'cluster');
    assert.ok(clusterEvents.length >= 2);
    for (const e of clusterEvents)
      assert.ok(BigInt(e.id!) > beforeApproval, `event ${e.id} was sent before the approval (${beforeApproval})`);

    await setAnswering(sauti.platform, ig, sessionId, asked.clusterId);
    const answering = await viewer.waitFor((e) => e.event === 'answering');
    assert.equal((data(answering).cluster as { id: string }).id, asked.clusterId);

    await postAnswer(sauti.platform, ig, sessionId, {
      cluster: asked.clusterId,
      answer: 'Abstracts are free. IAU will visit Salama this week.',
    });
    const answer = await viewer.waitFor((e) => e.event === 'answer');
    assert.equal(data(answer).text, 'Abstracts are free. IAU will visit Salama this week.');
    assert.equal(data(answer).clusterId, asked.clusterId);

    await setSessionLive(sauti.platform, ig, sessionId, false);
    const ended = await viewer.waitFor((e) => e.event === 'session');
    assert.equal(data(ended).state, 'ended');

    assert.ok(
      !viewer.events.some((e) => JSON.stringify(e.data).includes('nobody approved')),
      'the pending question was never sent',
    );
    assert.ok(!viewer.events.some((e) => data(e).id === hidden.clusterId));
    const ids = viewer.events.filter((e) => e.id).map((e) => BigInt(e.id!));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => (a < b ? -1 : 1)),
      'event ids rise',
    );
  });

  test('a viewer that reconnects with Last-Event-ID gets what it missed, and only that', async () => {
    const sessionId = await liveSession('post');
    const first = watch(`${base}/engage/sessions/${sessionId}/events`);
    await first.opened;
    const one = await askQuestion(
      sauti.platform,
      randomToken(16),
      sessionId,
      { question: 'When will the digital OB reach Makueni county stations?' },
      'web',
    );
    await first.waitFor((e) => e.event === 'cluster' && data(e).id === one.clusterId);
    const lastSeen = first.lastId!;
    first.close();

    const two = await askQuestion(
      sauti.platform,
      randomToken(16),
      sessionId,
      { question: 'What is being done about officers mental health and welfare?' },
      'web',
    );
    await postAnswer(sauti.platform, ig, sessionId, {
      cluster: two.clusterId,
      answer: 'Counselling desks in every county by March.',
    });

    const again = watch(`${base}/engage/sessions/${sessionId}/events`, lastSeen);
    await again.waitFor((e) => e.event === 'answer');
    const missed = await again.waitFor((e) => e.event === 'cluster' && data(e).id === two.clusterId);
    assert.ok(BigInt(missed.id!) > BigInt(lastSeen));
    assert.ok(
      !again.events.some((e) => e.event === 'cluster' && data(e).id === one.clusterId),
      'what was already seen is not sent again',
    );
  });

  test('moderators follow the queue live; the public stream never carries it; others are refused', async () => {
    const sessionId = await liveSession('pre');
    const moderatorBrowser = await signIn(sauti.app, 'moderator');
    const cookie = moderatorBrowser.header();
    const staffStream = new SseClient(`${base}/staff/engage/sessions/${sessionId}/events`, { headers: { cookie } });
    clients.push(staffStream);
    const publicStream = watch(`${base}/engage/sessions/${sessionId}/events`);
    assert.equal(await staffStream.opened, 200);
    await publicStream.opened;

    const asked = await askQuestion(
      sauti.platform,
      randomToken(16),
      sessionId,
      { question: 'Who checks that cells at Kasarani are not overcrowded?' },
      'web',
    );
    const waiting = await staffStream.waitFor((e) => e.event === 'queue' && data(e).pending === 1);
    assert.deepEqual(data(waiting), { pending: 1, approved: 0, rejected: 0 });
    await moderateQuestion(sauti.platform, moderator, asked.id, { decision: 'approve' });
    await staffStream.waitFor((e) => e.event === 'queue' && data(e).approved === 1 && data(e).pending === 0);
    await staffStream.waitFor((e) => e.event === 'cluster' && data(e).id === asked.clusterId);
    await publicStream.waitFor((e) => e.event === 'cluster' && data(e).id === asked.clusterId);
    assert.ok(!publicStream.events.some((e) => e.event === 'queue'), 'the public never sees the queue');

    const anonymous = await fetch(`${base}/staff/engage/sessions/${sessionId}/events`, { redirect: 'manual' });
    assert.equal(anonymous.status, 303, 'the public is sent to sign in');
    assert.match(anonymous.headers.get('location') ?? '', /^\/staff\/sign-in\?next=/);
    assert.doesNotMatch(anonymous.headers.get('content-type') ?? '', /event-stream/);
    const officer = await signIn(sauti.app, 'officer.salama');
    const refused = await fetch(`${base}/staff/engage/sessions/${sessionId}/events`, {
      headers: { cookie: officer.header() },
      redirect: 'manual',
    });
    assert.equal(refused.status, 403);
  });

  test('an unknown session gets a 404 before any stream opens', async () => {
    const res = await fetch(`${base}/engage/sessions/999999/events`);
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.headers.get('content-type') ?? '', /event-stream/);
    const bad = await fetch(`${base}/engage/sessions/nope/events`);
    assert.equal(bad.status, 400);
  });

  test('the live page works without JavaScript (it refreshes itself) and with it (it follows the stream)', async () => {
    const sessionId = await liveSession('post');
    const page = await sauti.app.inject({ url: `/engage/sessions/${sessionId}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<noscript><meta http-equiv="refresh" content="30"\/?><\/noscript>/);
    assert.match(page.body, new RegExp(`data-live="/engage/sessions/${sessionId}/events"`));
    assert.match(page.body, /<script src="\/assets\/engage-live\.js"/);
  });
});

/** A free TCP port on this machine. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls /healthz until it answers 200 (a starting process on a busy machine may take a while); fails after `ms`. */
async function waitHealthy(url: string, ms = 180_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not healthy within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('two Sauti instances on one database', () => {
  let other: { url: string; stop(): Promise<void> };

  before(async () => {
    const databaseUrl = sauti.platform.db.connectionString;
    // a second process, so the answer can only reach it by LISTEN/NOTIFY
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, ['bin/sauti.js', 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATABASE_OWNER_URL: sauti.platform.db.ownerConnectionString,
        SAUTI_SECRET: sauti.config.secret,
        REGISTRY_SIGNING_KEY: generateKeyPairSync('ed25519')
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        OB_LOG_SIGNING_KEY: generateKeyPairSync('ed25519')
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        DOCUMENTS_SIGNING_KEY: generateKeyPairSync('ed25519')
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        SAUTI_DEMO: 'false',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'sauti-second-')),
        LOG_LEVEL: 'silent',
      },
      stdio: 'ignore',
    });
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(url);
    other = {
      url,
      stop: () =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    };
  });
  after(() => other.stop());

  test('an answer posted on one reaches viewers connected to the other', async () => {
    const sessionId = await liveSession('post');
    const question = await askQuestion(
      sauti.platform,
      randomToken(16),
      sessionId,
      { question: 'Will body cameras be issued to traffic officers on Mombasa road?' },
      'web',
    );
    const onOther = watch(`${other.url}/engage/sessions/${sessionId}/events`);
    const onThis = watch(`${base}/engage/sessions/${sessionId}/events`);
    assert.equal(await onOther.opened, 200);
    await onThis.opened;

    const igBrowser = await signIn(sauti.app, 'ig.office');
    const posted = await igBrowser.post(
      `/staff/engage/sessions/${sessionId}/answers`,
      { cluster: question.clusterId, answer: 'Yes: 500 cameras for traffic units from January.' },
      { csrfFrom: `/staff/engage/sessions/${sessionId}/console` },
    );
    assert.equal(posted.statusCode, 303);
    // (a generous bound: a guard against a hang, not a measure of speed; bench/ measures that)
    const [there, here] = await Promise.all([
      onOther.waitFor((e) => e.event === 'answer', 60_000),
      onThis.waitFor((e) => e.event === 'answer', 60_000),
    ]);
    assert.equal(data(there).text, 'Yes: 500 cameras for traffic units from January.');
    assert.equal(there.id, here.id, 'the same event, with the same id, on both');
    assert.equal(onOther.events.filter((e) => e.event === 'answer').length, 1, 'delivered once');
  });
});
