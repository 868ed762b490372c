import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { demoAccounts as DEMO_STAFF } from '../src/platform/auth/demo.ts';
import { createOneOffSession, setSessionLive } from '../src/modules/engage/index.ts';
import { findUserByUsername } from '../src/platform/auth/service.ts';
import { toActor } from '../src/platform/auth/store.ts';
import { localDate, localTime } from '../src/modules/engage/schedule.ts';
import { counties } from '../src/jurisdiction/kenya/index.ts';
import { signIn, startSauti, type TestContext } from './helpers.ts';

// Many people at once over real sockets, as a busy morning would bring them: staff reading pages
// under their own sessions while citizens report, ask the IG and officers write letters. Every
// page must name its own viewer, nothing may fail with a 5xx, and every item acknowledged must be
// stored under its own id with its own words. (The embedded database once mixed these up.)

const STAFF = [
  'admin',
  'ig.office',
  'iau.investigator',
  'gender.investigator',
  'dci.investigator',
  'ipoa.liaison',
  'ocs.salama',
  'ocs.kasarani',
  'moderator',
];
const OFFICERS = ['officer.salama', 'officer.mombasa'];
const CLIENTS = 24;
const ROUNDS = 8;

let sauti: TestContext;
let base: string;
let sessionId: string;
const cookies = new Map<string, string>();
/** What each staff page answers each account when nothing else is happening (200, or 403 where the role has no such page). */
const alone = new Map<string, number>();
const PAGES = ['/', '/staff', '/staff/voice', '/engage'];

before(async () => {
  sauti = await startSauti({
    env: { RATE_LIMIT_QUESTIONS: '100000', RATE_LIMIT_REPORTS: '100000', RATE_LIMIT_RECEIPTS: '100000' },
  });
  await sauti.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(sauti.app.server.address() as AddressInfo).port}`;
  for (const username of [...STAFF, ...OFFICERS]) cookies.set(username, (await signIn(sauti.app, username)).header());
  const ig = toActor((await findUserByUsername(sauti.platform.db.pool, 'ig.office'))!);
  const at = new Date(sauti.platform.clock.now().getTime() + 10 * 60_000);
  sessionId = await createOneOffSession(sauti.platform, ig, {
    date: localDate(at, 'Africa/Nairobi'),
    time: localTime(at, 'Africa/Nairobi'),
    durationMinutes: 60,
    moderation: 'post',
  });
  await setSessionLive(sauti.platform, ig, sessionId, true);
  for (const username of STAFF) {
    for (const path of PAGES)
      alone.set(
        `${username} ${path}`,
        (await fetch(base + path, { headers: { cookie: cookies.get(username)! }, redirect: 'manual' })).status,
      );
  }
});
after(() => sauti.close());

interface Outcome {
  failures: string[];
  reports: Array<{ receipt: string; reference: string }>;
  questions: Array<{ id: string; text: string }>;
  letters: Array<{ number: string; subject: string; author: string }>;
  pages: number;
}

async function readPage(username: string, path: string, outcome: Outcome): Promise<void> {
  const res = await fetch(base + path, { headers: { cookie: cookies.get(username)! }, redirect: 'manual' });
  const html = await res.text();
  // under load each page answers exactly as it does alone
  if (res.status !== alone.get(`${username} ${path}`))
    return void outcome.failures.push(`${username} ${path}: ${res.status}, alone ${alone.get(`${username} ${path}`)}`);
  const me = DEMO_STAFF.find((s) => s.username === username)!;
  const named = unescapeHtml(/<li class="who">([^<]*)/.exec(html)?.[1]?.trim() ?? '');
  if (res.status === 200 && !named.startsWith(`${me.displayName} ·`))
    outcome.failures.push(`${username} ${path}: the page names ${JSON.stringify(named.slice(0, 120))}`);
  for (const other of DEMO_STAFF) {
    if (
      other.username !== username &&
      other.displayName !== me.displayName &&
      named.startsWith(`${other.displayName} ·`)
    )
      outcome.failures.push(`${username} ${path}: the page names ${other.username}`);
  }
  outcome.pages++;
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&#(?:39|x27);|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

async function report(client: number, round: number, outcome: Outcome): Promise<void> {
  const res = await fetch(`${base}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'bribery_extortion',
      description: `Load ${client}/${round}: a bribe was demanded at the roadblock near the market.`,
      county: counties[(client + round) % counties.length]!.code,
      anonymous: true,
    }),
  });
  if (res.status !== 201)
    return void outcome.failures.push(`report: ${res.status} ${(await res.text()).slice(0, 200)}`);
  const body = (await res.json()) as { receipt: string; caseReference: string };
  outcome.reports.push({ receipt: body.receipt, reference: body.caseReference });
}

async function ask(client: number, round: number, outcome: Outcome): Promise<void> {
  const text = `Load question ${client}-${round}: when will the station at Kasarani get a women's desk?`;
  const res = await fetch(`${base}/api/engage/sessions/${sessionId}/questions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: text }),
  });
  if (res.status !== 201)
    return void outcome.failures.push(`question: ${res.status} ${(await res.text()).slice(0, 200)}`);
  outcome.questions.push({ id: String(((await res.json()) as { id: string | number }).id), text });
}

async function write(client: number, round: number, outcome: Outcome): Promise<void> {
  const username = OFFICERS[client % OFFICERS.length]!;
  const cookie = cookies.get(username)!;
  const form = await (await fetch(`${base}/voice/new`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
  if (!csrf) return void outcome.failures.push(`letter form for ${username}: no form token`);
  const subject = `Load letter ${client}-${round} from ${username}`;
  const res = await fetch(`${base}/voice`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      _csrf: csrf,
      kind: 'grievance',
      topic: 'welfare',
      subject,
      body: 'Our housing block has had no water for three weeks.',
    }).toString(),
  });
  const number = /^\/voice\/(IGR-\d{4}-\d{6})\?done=sent$/.exec(res.headers.get('location') ?? '')?.[1];
  if (res.status !== 303 || !number)
    return void outcome.failures.push(`letter by ${username}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  outcome.letters.push({ number, subject, author: username });
}

test('concurrent staff, reports, questions and letters never cross', async () => {
  const outcome: Outcome = { failures: [], reports: [], questions: [], letters: [], pages: 0 };
  assert.deepEqual([...new Set(alone.values())].sort(), [200, 403], 'alone, each page is shown or refused');
  assert.ok(PAGES.every((path) => alone.get(`ig.office ${path}`) === 200));
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let round = 0; round < ROUNDS; round++) {
        const kind = (client + round) % 4;
        const staff = STAFF[(client * 3 + round) % STAFF.length]!;
        try {
          if (kind === 0) await report(client, round, outcome);
          else if (kind === 1) await ask(client, round, outcome);
          else if (kind === 2) await write(client, round, outcome);
          await readPage(staff, PAGES[(client + round) % PAGES.length]!, outcome);
        } catch (error) {
          outcome.failures.push(`client ${client} round ${round}: ${(error as Error).message}`);
        }
      }
    }),
  );
  assert.deepEqual(outcome.failures, []);
  assert.ok(
    outcome.pages === CLIENTS * ROUNDS &&
      outcome.reports.length > 20 &&
      outcome.questions.length > 20 &&
      outcome.letters.length > 20,
  );

  // every acknowledged item is stored under its own id, with its own words and author
  for (const r of outcome.reports) {
    const res = await fetch(`${base}/api/reports/follow`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ receipt: r.receipt }),
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { reference: string }).reference, r.reference);
  }
  const questions = new Map(
    (
      await sauti.platform.db.pool.query<{ id: string; body: string }>(
        'select id::text, body from engage_questions where id = any($1::bigint[])',
        [outcome.questions.map((q) => q.id)],
      )
    ).rows.map((r) => [r.id, r.body]),
  );
  for (const q of outcome.questions) assert.equal(questions.get(q.id), q.text, `question ${q.id}`);
  const letters = new Map(
    (
      await sauti.platform.db.pool.query<{ registry_number: string; subject: string; username: string }>(
        'select v.registry_number, v.subject, u.username from voice_submissions v join users u on u.id = v.author_id where v.registry_number = any($1)',
        [outcome.letters.map((l) => l.number)],
      )
    ).rows.map((r) => [r.registry_number, r]),
  );
  for (const l of outcome.letters) {
    assert.equal(letters.get(l.number)?.subject, l.subject, l.number);
    assert.equal(letters.get(l.number)?.username, l.author, l.number);
  }
});
