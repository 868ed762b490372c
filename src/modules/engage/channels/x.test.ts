import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import { findUserByUsername } from '../../../platform/auth/service.ts';
import { toActor } from '../../../platform/auth/store.ts';
import { Browser, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { localDate, localTime } from '../schedule.ts';
import { createOneOffSession } from '../schedule/series.ts';
import { cancelSession, setSessionLive } from '../schedule/service.ts';
import { channelParticipant } from './intake.ts';
import { runXPass, X_POLL_QUEUE } from './x-job.ts';
import { searchQuery, XApiError, XPoller, type XPollerOptions } from './x.ts';
import { channelSettings } from './settings.ts';

const zone = 'Africa/Nairobi';
const BEARER = 'AAAAAAAAAAAAAAAAAAAAAtest%2Bbearer%3Dtoken';
const QUERY = searchQuery('#EngageTheIG');

// A stand-in for the X API: answers recent-search requests in X's documented shape, from a queue.

type Answer =
  { status?: number; headers?: Record<string, string>; body?: unknown; raw?: string; delayMs?: number } | 'hang';

class FakeX {
  /** `abandoned`: the client gave the request up before an answer was sent. */
  readonly requests: Array<{ url: URL; authorization: string | undefined; abandoned: boolean }> = [];
  readonly answers: Array<Answer | ((url: URL) => Answer)> = [];
  /** When the queue is empty. */
  otherwise: (url: URL) => Answer = () => ({ body: { meta: { result_count: 0 } } });
  private readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x.test');
      const request = { url, authorization: req.headers.authorization, abandoned: false };
      this.requests.push(request);
      const next = this.answers.shift() ?? this.otherwise;
      const answer = typeof next === 'function' ? next(url) : next;
      res.on('close', () => {
        if (!res.writableEnded) request.abandoned = true;
      });
      if (answer === 'hang') return;
      setTimeout(() => {
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.raw ?? JSON.stringify(answer.body));
      }, answer.delayMs ?? 0);
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.requests.length = 0;
    this.answers.length = 0;
    this.otherwise = () => ({ body: { meta: { result_count: 0 } } });
    this.server.closeAllConnections();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let nextId = 1_900_000_000_000_000_000n;
let nextAuthor = 1000;

interface Post {
  id: string;
  text: string;
  author: string;
  username: string;
}

/** A post with a new id (ids grow with time, like X's) by a new author unless one is given. */
function post(text: string, author?: { id: string; username: string }): Post {
  nextId += 1n;
  const a = author ?? { id: String((nextAuthor += 1)), username: `mwananchi_${nextAuthor}` };
  return { id: String(nextId), text, author: a.id, username: a.username };
}

/** A recent-search page: posts newest first, their authors expanded, meta as X sends it. */
function page(posts: Post[], nextToken?: string): { body: unknown } {
  const newestFirst = [...posts].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const users = new Map(posts.map((p) => [p.author, { id: p.author, username: p.username, name: `Name ${p.author}` }]));
  return {
    body: {
      data: newestFirst.map((p) => ({
        id: p.id,
        text: p.text,
        author_id: p.author,
        created_at: new Date().toISOString(),
        edit_history_tweet_ids: [p.id],
      })),
      includes: { users: [...users.values()] },
      meta: {
        newest_id: newestFirst[0]?.id,
        oldest_id: newestFirst.at(-1)?.id,
        result_count: posts.length,
        ...(nextToken ? { next_token: nextToken } : {}),
      },
    },
  };
}

let sauti: TestContext;
let x: FakeX;
let ig: StaffActor;
let live: string;
const pollers: XPoller[] = [];
/** The passes on the poller's queue, by state. */
const passes = async (context = sauti) =>
  (
    await context.platform.db.pool.query<{ state: string; wait_ms: number }>(
      `select state, extract(epoch from start_after - created_on) * 1000 as wait_ms from pgboss.job where name = $1 order by created_on`,
      [X_POLL_QUEUE],
    )
  ).rows;

const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  sauti.platform.db.pool.query<T>(sql, params).then((r) => r.rows);
const cursor = async () =>
  (
    await query<{ since_id: string | null; next_token: string | null; pass_newest_id: string | null }>(
      'select since_id, next_token, pass_newest_id from engage_x_cursors where query = $1',
      [QUERY],
    )
  )[0];
/** The questions from X taken in during this test. */
let before0 = '0';
const xQuestions = () =>
  query<{ external_id: string; body: string; display_name: string; external_url: string; participant_id: string }>(
    `select external_id, body, display_name, external_url, participant_id from engage_questions where channel = 'x' and id > $1 order by id`,
    [before0],
  );

function poller(options: Partial<XPollerOptions> = {}): XPoller {
  const p = new XPoller(sauti.platform, {
    bearerToken: BEARER,
    apiUrl: x.url,
    pollMs: 60_000,
    timeoutMs: 2_000,
    random: () => 1,
    ...options,
  });
  pollers.push(p);
  return p;
}

async function session(inMinutes: number, liveNow: boolean, context = sauti): Promise<string> {
  const at = new Date(context.platform.clock.now().getTime() + inMinutes * 60_000);
  const actor = await toActor((await findUserByUsername(context.platform.db.pool, 'ig.office'))!);
  const id = await createOneOffSession(context.platform, actor, {
    date: localDate(at, zone),
    time: localTime(at, zone),
    durationMinutes: 60,
    moderation: 'post',
  });
  if (liveNow) await setSessionLive(context.platform, actor, id, true);
  return id;
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function rejectsWith(promise: Promise<unknown>, kind: XApiError['kind']): Promise<XApiError> {
  let caught: unknown;
  await promise.catch((e: unknown) => (caught = e));
  assert.ok(caught instanceof XApiError, `expected an XApiError ${kind}, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  return caught;
}

before(async () => {
  x = new FakeX();
  await x.listen();
  // the X settings without a bearer token: the poller must stay off
  sauti = await startSauti({ env: { X_API_URL: x.url, X_POLL_SECONDS: '1' } });
  ig = await toActor((await findUserByUsername(sauti.platform.db.pool, 'ig.office'))!);
});
after(async () => {
  for (const p of pollers) p.stop();
  await sauti.close();
  await x.close();
});
beforeEach(async () => {
  for (const p of pollers.splice(0)) p.stop();
  x.reset();
  await query('delete from engage_x_cursors');
  before0 = (await query<{ id: string }>('select coalesce(max(id), 0)::bigint as id from engage_questions'))[0]!.id;
});

describe('the X poller', () => {
  test('is off without a bearer token: nothing is asked of X', async () => {
    assert.equal(sauti.config.settings.of(channelSettings).x.bearerToken, undefined);
    await session(30, false);
    // the app is ready (its job workers started) and sent no pass
    assert.deepEqual(await passes(), []);
    assert.equal(x.requests.length, 0);
  });

  test('with no session taking questions it does not call X', async () => {
    // the one session so far is upcoming and takes questions: cancel it for this test
    const [s] = await query<{ id: string }>(`select id from engage_sessions where status = 'scheduled'`);
    await cancelSession(sauti.platform, ig, s!.id, { notice: 'Moved.' });
    assert.equal((await poller().pollOnce()).state, 'idle');
    assert.equal(x.requests.length, 0);
    live = await session(30, true);
  });

  test('takes posts in as questions: channel x, the handle as name, a link to the post, the hashtag and X escapes gone', async () => {
    const a = post('#EngageTheIG Why do officers at Kasarani demand money &amp; threaten boda boda riders?');
    const b = post('When will the digital OB reach Salama police station? #EngageTheIG');
    x.answers.push(page([a, b]));
    const report = await poller().pollOnce();
    assert.deepEqual([report.state, report.stored, report.pages], ['done', 2, 1]);
    const [req] = x.requests;
    assert.equal(req!.authorization, `Bearer ${BEARER}`);
    assert.equal(req!.url.pathname, '/2/tweets/search/recent');
    assert.equal(req!.url.searchParams.get('query'), '#EngageTheIG -is:retweet');
    assert.equal(req!.url.searchParams.get('tweet.fields'), 'created_at,author_id');
    assert.equal(req!.url.searchParams.get('expansions'), 'author_id');
    assert.equal(req!.url.searchParams.get('user.fields'), 'username');
    assert.equal(req!.url.searchParams.get('since_id'), null, 'a fresh cursor has no since_id');
    const rows = await xQuestions();
    assert.deepEqual(
      rows.map((r) => [r.external_id, r.body, r.display_name, r.external_url]),
      [
        [
          a.id,
          'Why do officers at Kasarani demand money & threaten boda boda riders?',
          `@${a.username}`,
          `https://x.com/${a.username}/status/${a.id}`,
        ],
        [
          b.id,
          'When will the digital OB reach Salama police station?',
          `@${b.username}`,
          `https://x.com/${b.username}/status/${b.id}`,
        ],
      ],
    );
    assert.equal(rows[0]!.participant_id, channelParticipant(sauti.platform, 'x', a.author));
    assert.equal((await cursor())!.since_id, b.id, 'since_id is the newest post taken in');
    // the public page shows the question with a link to the post
    const html = (await new Browser(sauti.app).get(`/engage/sessions/${live}`)).body;
    assert.match(
      html,
      new RegExp(
        `<a href="https://x.com/${a.username}/status/${a.id}" rel="noopener noreferrer nofollow">View the post on X</a>`,
      ),
    );
  });

  test('resumes from the since_id kept in the database (a restart, or another process)', async () => {
    const first = post('How many officers were interdicted for extortion this year?');
    x.answers.push(page([first]));
    await poller().pollOnce();
    const since = (await cursor())!.since_id;
    assert.equal(since, first.id);
    const later = post('Will police stations open on Sundays?');
    x.answers.push((url) =>
      url.searchParams.get('since_id') === since
        ? page([later])
        : { status: 400, body: { errors: [{ message: 'expected since_id' }] } },
    );
    const restarted = poller();
    const report = await restarted.pollOnce();
    assert.equal(report.stored, 1);
    assert.equal(x.requests[1]!.url.searchParams.get('since_id'), since);
    assert.equal((await cursor())!.since_id, later.id);
  });

  test('pages through next_token; since_id moves only when the pass is complete, and a broken pass continues where it stopped', async () => {
    const [p1, p2, p3, p4, p5] = [
      'Why are OB numbers not given?',
      'Is the P3 form free?',
      'Who investigates police shootings?',
      'How do I join the NPS?',
      'Is the police abstract free?',
    ].map((t) => post(t));
    // newest first: page 1 holds p5 and p4, page 2 p3 and p2, page 3 p1
    x.answers.push(page([p5!, p4!], 'token-2'));
    x.answers.push({ status: 503, body: { title: 'Service Unavailable' } });
    const p = poller();
    await rejectsWith(p.pollOnce(), 'server');
    let c = await cursor();
    assert.deepEqual(
      [c!.since_id, c!.next_token, c!.pass_newest_id],
      [null, 'token-2', p5!.id],
      'the pass is kept half-done',
    );
    assert.equal((await xQuestions()).length, 2);

    x.answers.push((url) =>
      url.searchParams.get('next_token') === 'token-2' ? page([p3!, p2!], 'token-3') : { status: 400, body: {} },
    );
    x.answers.push((url) =>
      url.searchParams.get('next_token') === 'token-3' ? page([p1!]) : { status: 400, body: {} },
    );
    const report = await p.pollOnce();
    assert.deepEqual([report.state, report.pages, report.stored], ['done', 2, 3]);
    c = await cursor();
    assert.deepEqual(
      [c!.since_id, c!.next_token, c!.pass_newest_id],
      [p5!.id, null, null],
      'since_id is the newest post of the whole pass',
    );
    assert.deepEqual(
      (await xQuestions()).map((q) => q.external_id),
      [p4!.id, p5!.id, p2!.id, p3!.id, p1!.id],
    );
  });

  test('stops after maxPages and carries on at the next poll', async () => {
    const [a, b] = [
      post('Question one about Mombasa traffic base'),
      post('Question two about Mombasa traffic base officers'),
    ];
    x.answers.push(page([b!], 'more'), page([a!]));
    const p = poller({ maxPages: 1 });
    assert.equal((await p.pollOnce()).state, 'more');
    assert.equal((await p.pollOnce()).state, 'done');
    assert.equal((await xQuestions()).length, 2);
  });

  test('never stores a post twice: the same post fed twice, and two pollers at once', async () => {
    const once = post('Why was my brother arrested without charge in Eldoret?');
    x.otherwise = () => page([once]);
    const p = poller();
    assert.equal((await p.pollOnce()).stored, 1);
    // X sends it again (say since_id was lost): passed over
    await query('update engage_x_cursors set since_id = null');
    const again = await p.pollOnce();
    assert.deepEqual([again.stored, again.duplicates], [0, 1]);

    // two passes at once (the queue runs one at a time; a pass taken for crashed may overlap the next): each post once
    const twice = post('How can I get my impounded car back from the police yard?');
    x.otherwise = () => ({ ...page([twice]), delayMs: 300 });
    const [r1, r2] = await Promise.all([poller().pollOnce(), poller().pollOnce()]);
    assert.deepEqual([r1.stored + r2.stored, r1.duplicates + r2.duplicates], [1, 1]);
    const racing = [
      post('Are police officers allowed to take bribes?'),
      post('Where do I report a missing person?'),
      post('How long does a police clearance take?'),
    ];
    x.otherwise = () => page(racing);
    const reports = await Promise.all([1, 2, 3, 4].map(() => poller().pollOnce()));
    assert.equal(
      reports.reduce((n, r) => n + r.stored, 0),
      3,
    );
    const ids = (await xQuestions()).map((q) => q.external_id);
    assert.equal(ids.length, new Set(ids).size, 'no post twice');
    for (const r of racing) assert.equal(ids.filter((id) => id === r.id).length, 1);
  });

  test('a failed poll leaves the cursor where it was: 429 (with its wait), 500, timeout, malformed JSON, an unexpected shape', async () => {
    const p = poller({ timeoutMs: 500 });
    const reset = Math.floor(Date.now() / 1000) + 30;
    x.answers.push({
      status: 429,
      headers: { 'x-rate-limit-reset': String(reset), 'x-rate-limit-remaining': '0' },
      body: { title: 'Too Many Requests' },
    });
    const asked = Date.now();
    const limited = await rejectsWith(p.pollOnce(), 'rate_limited');
    const answered = Date.now();
    // until the reset second is over, counted from when X answered (however long the poll took)
    const wait = limited.retryAfterMs!;
    assert.ok(
      wait <= (reset + 1) * 1000 - asked && wait >= (reset + 1) * 1000 - answered,
      `waits for the reset: ${wait}`,
    );
    x.answers.push({ status: 429, headers: { 'retry-after': '7' }, body: {} });
    assert.equal((await rejectsWith(p.pollOnce(), 'rate_limited')).retryAfterMs, 7_000);
    x.answers.push({ status: 500, body: { title: 'Internal Error' } });
    await rejectsWith(p.pollOnce(), 'server');
    x.answers.push('hang');
    await rejectsWith(p.pollOnce(), 'timeout');
    x.answers.push({ raw: '{"data": [ {"id": "1", ' });
    await rejectsWith(p.pollOnce(), 'bad_response');
    x.answers.push({ body: { data: { id: 'not a list' }, meta: {} } });
    await rejectsWith(p.pollOnce(), 'bad_response');
    x.answers.push({ status: 401, body: { title: 'Unauthorized' } });
    await rejectsWith(p.pollOnce(), 'auth');
    const c = await cursor();
    assert.deepEqual([c!.since_id, c!.next_token], [null, null]);
    assert.equal((await xQuestions()).length, 0);
  });

  test('pass by pass, it retries failures with growing waits, never throws, then takes the posts in', async () => {
    const waits: Array<[number, string, string | undefined]> = [];
    const good = post('Why do traffic officers stop matatus at Kitengela every morning?');
    x.answers.push(
      { status: 500, body: {} },
      { status: 429, headers: { 'retry-after': '0' }, body: {} },
      'hang',
      { raw: 'not json' },
      page([good]),
    );
    // (the timeout is generous so that only the hanging answer times out on a busy machine)
    const p = poller({ pollMs: 60_000, timeoutMs: 500, backoffBaseMs: 20, backoffMaxMs: 1_000 });
    let failures = 0;
    while (waits.at(-1)?.[1] !== 'poll' && waits.length < 10) {
      const step = await p.pass(failures);
      waits.push([step.delayMs, step.why, step.error?.kind]);
      failures = step.failures;
    }
    assert.deepEqual(waits, [
      [20, 'backoff', 'server'],
      [40, 'backoff', 'rate_limited'],
      [80, 'backoff', 'timeout'],
      [160, 'backoff', 'bad_response'],
      [60_000, 'poll', undefined],
    ]);
    assert.ok((await xQuestions()).some((q) => q.external_id === good.id));
    assert.equal(failures, 0, 'a good poll resets the count');
  });

  test('a pass as a job sends the next one after its wait, carrying the failures on', async () => {
    const p = poller({ pollMs: 60_000, backoffBaseMs: 90_000, backoffMaxMs: 90_000 });
    await query('delete from pgboss.job where name = $1', [X_POLL_QUEUE]);
    const done = await runXPass(sauti.platform, p, { failures: 0 });
    assert.deepEqual([done.why, done.failures], ['poll', 0]);
    const waiting = async () => (await passes()).map((j) => [j.state, Math.round(j.wait_ms / 1000)]);
    assert.deepEqual(await waiting(), [['created', 60]]);
    // at most one pass waits: a second one sent meanwhile is dropped
    await runXPass(sauti.platform, p, { failures: 0 });
    assert.deepEqual(await waiting(), [['created', 60]]);
    await query('delete from pgboss.job where name = $1', [X_POLL_QUEUE]);
    x.answers.push({ status: 500, body: {} });
    const failed = await runXPass(sauti.platform, p, { failures: 2 });
    assert.deepEqual([failed.why, failed.failures], ['backoff', 3]);
    assert.deepEqual(await waiting(), [['created', 90]]);
    await query('delete from pgboss.job where name = $1', [X_POLL_QUEUE]);
  });

  test('stopping abandons a request under way at once', async () => {
    x.answers.push('hang');
    // a request timeout longer than the test may run: only abandoning it ends the pass
    const p = poller({ timeoutMs: 60 * 60_000 });
    const pass = p.pollOnce();
    await until('the request', () => x.requests.length === 1);
    p.stop();
    await rejectsWith(pass, 'stopped');
    await until('X to see the request given up', () => x.requests[0]!.abandoned);
  });
});

describe('the X poller in the app', () => {
  test('starts when the app is ready, polls while a session takes questions, and stops when the app closes', async () => {
    const other = await startSauti({
      env: { X_BEARER_TOKEN: BEARER, X_API_URL: x.url, X_POLL_SECONDS: '1', JOB_POLL_SECONDS: '1' },
    });
    let requests: number;
    try {
      const p = post('Does the IG read questions sent on X?');
      x.otherwise = () => page([p]);
      await session(30, true, other);
      await until(
        'the post in the other app',
        async () =>
          (
            await other.platform.db.pool.query(
              `select 1 from engage_questions where channel = 'x' and external_id = $1`,
              [p.id],
            )
          ).rows.length === 1,
        8_000,
      );
      assert.ok(x.requests.every((r) => r.authorization === `Bearer ${BEARER}`));
      // one pass waits at a time: another instance starting sends none beside it
      await until('the next pass to wait', async () => (await passes(other)).some((j) => j.state === 'created'));
      await other.platform.jobs.sendIn(other.platform.db.pool, X_POLL_QUEUE, { failures: 0 });
      assert.ok((await passes(other)).filter((j) => j.state === 'created').length <= 1);
    } finally {
      await other.close();
      requests = x.requests.length;
    }
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(x.requests.length, requests, 'no pass runs once the app is closed');
  });
});
