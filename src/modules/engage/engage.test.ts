import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { findUserByUsername } from '../../platform/auth/service.ts';
import { toActor } from '../../platform/auth/store.ts';
import { randomToken } from '../../platform/crypto/index.ts';
import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { Browser, signIn, startSauti, type TestContext } from '../../../test/helpers.ts';
import { addDays, localDate, localTime } from './schedule.ts';
import { flagUrgent } from './console/cases.ts';
import { postAnswer } from './console/service.ts';
import { mergeClusters, moderateQuestion } from './moderation/service.ts';
import { type AskedQuestion, askQuestion } from './questions/service.ts';
import { sessionPage } from './questions/session-page.ts';
import { upvote } from './questions/votes.ts';
import { generateSessions } from './schedule/generation.ts';
import { createOneOffSession, createSeries } from './schedule/series.ts';
import { cancelSession, setSessionLive } from './schedule/service.ts';
import { QUESTIONS_PER_TEN_MINUTES, VOTES_PER_MINUTE } from './shared.ts';

let sauti: TestContext;
let ig: StaffActor;
let moderator: StaffActor;
const zone = jurisdiction.timeZone;
const HOUR = 3600_000;

async function actor(username: string): Promise<StaffActor> {
  return toActor((await findUserByUsername(sauti.platform.db.pool, username))!);
}

/** The time the rules read (the platform clock: real, or standing where the run set it). */
const now = () => sauti.platform.clock.now();

/** Nairobi date and time of an instant, for the forms. */
function local(at: Date): { date: string; time: string } {
  return { date: localDate(at, zone), time: localTime(at, zone) };
}

/** A one-off session starting `inMinutes` from now; 'live' opens it early, 'ended' also closes it, 'cancelled' cancels it. */
async function session(
  state: 'upcoming' | 'live' | 'ended' | 'cancelled' = 'upcoming',
  moderation: 'pre' | 'post' = 'pre',
  inMinutes = 30,
): Promise<string> {
  const { date, time } = local(new Date(now().getTime() + inMinutes * 60_000));
  const id = await createOneOffSession(sauti.platform, ig, { date, time, durationMinutes: 60, moderation });
  if (state === 'live' || state === 'ended') await setSessionLive(sauti.platform, ig, id, true);
  if (state === 'ended') await setSessionLive(sauti.platform, ig, id, false);
  if (state === 'cancelled') await cancelSession(sauti.platform, ig, id, { notice: 'The IG is travelling.' });
  return id;
}

const participant = () => randomToken(16);

async function approved(sessionId: string, text: string, who = participant()): Promise<AskedQuestion> {
  const asked = await askQuestion(sauti.platform, who, sessionId, { question: text }, 'web');
  if (asked.status === 'pending') await moderateQuestion(sauti.platform, moderator, asked.id, { decision: 'approve' });
  return asked;
}

const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  sauti.platform.db.pool.query<T>(sql, params).then((r) => r.rows);

before(async () => {
  sauti = await startSauti();
  ig = await actor('ig.office');
  moderator = await actor('moderator');
});
after(() => sauti.close());

describe('the schedule', () => {
  test('a series of alternate Mondays at 11:00 Nairobi (08:00 UTC), generated six ahead and only once', async () => {
    const ig = await signIn(sauti.app, 'ig.office');
    const form = await ig.get('/staff/engage/schedule');
    assert.equal(form.statusCode, 200);
    const firstDate = /name="firstDate" type="date" value="(\d{4}-\d{2}-\d{2})"/.exec(form.body)![1]!;
    assert.match(form.body, /name="startTime" type="time" value="11:00"/);
    const res = await ig.post(
      '/staff/engage/series',
      {
        firstDate,
        intervalWeeks: '2',
        startTime: '11:00',
        durationMinutes: '60',
        hashtag: '#EngageTheIG',
        moderation: 'pre',
      },
      { csrfFrom: '/staff/engage/schedule' },
    );
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const rows = await query<{ occurrence: number; starts_at: Date; ends_at: Date }>(
      'select occurrence, starts_at, ends_at from engage_sessions where series_id is not null order by occurrence',
    );
    assert.equal(rows.length, 6);
    for (const [k, r] of rows.entries()) {
      assert.equal(r.occurrence, k);
      assert.equal(r.starts_at.toISOString(), `${addDays(firstDate, 14 * k)}T08:00:00.000Z`);
      assert.equal(r.starts_at.getUTCDay(), 1);
      assert.equal(r.ends_at.getTime() - r.starts_at.getTime(), HOUR);
    }
    assert.equal(await generateSessions(sauti.platform, now()), 0, 'generating again adds nothing');
    assert.equal((await query('select 1 from engage_sessions where series_id is not null')).length, 6);
    const audit = await query<{ action: string }>(`select action from audit_log where action = 'engage.series.create'`);
    assert.equal(audit.length, 1);
  });

  test('a weekly series is seven days apart', async () => {
    const series = await createSeries(sauti.platform, ig, {
      firstDate: addDays(localDate(now(), zone), 3),
      intervalWeeks: 1,
      startTime: '15:30',
      durationMinutes: 45,
      hashtag: 'AskTheIG',
    });
    const rows = await query<{ starts_at: Date; hashtag: string }>(
      'select starts_at, hashtag from engage_sessions where series_id = $1 order by occurrence',
      [series.id],
    );
    assert.equal(rows.length, 6);
    assert.equal(rows[1]!.starts_at.getTime() - rows[0]!.starts_at.getTime(), 7 * 24 * HOUR);
    assert.equal(rows[0]!.starts_at.getUTCHours(), 12, '15:30 in Nairobi is 12:30 UTC');
    assert.equal(rows[0]!.hashtag, '#AskTheIG');
  });

  test('bad schedule input is refused naming each field', async () => {
    const ig = await signIn(sauti.app, 'ig.office');
    const res = await ig.post(
      '/staff/engage/series',
      { firstDate: '2026-02-30', intervalWeeks: '9', startTime: '25:00', durationMinutes: '5', hashtag: 'not a tag!' },
      { csrfFrom: '/staff/engage/schedule' },
    );
    assert.equal(res.statusCode, 400);
    for (const field of ['firstDate', 'intervalWeeks', 'startTime', 'durationMinutes', 'hashtag'])
      assert.match(res.body, new RegExp(`href="#${field}"`), field);
    const past = await ig.post(
      '/staff/engage/sessions',
      { date: '2020-06-22', time: '11:00', durationMinutes: '60' },
      { csrfFrom: '/staff/engage/schedule' },
    );
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /href="#oneoff-date"/);
    assert.match(past.body, /Choose a time in the future/);
  });

  test('postponing moves the session, keeps its slot in the series and publishes the notice', async () => {
    const [row] = await query<{ id: string; occurrence: number; starts_at: Date }>(
      'select id, occurrence, starts_at from engage_sessions where series_id is not null and occurrence = 1 and hashtag = $1',
      ['#EngageTheIG'],
    );
    const ig = await signIn(sauti.app, 'ig.office');
    const noNotice = await ig.post(
      `/staff/engage/sessions/${row!.id}/postpone`,
      { date: addDays(local(row!.starts_at).date, 1), time: '11:00', notice: '' },
      { csrfFrom: '/staff/engage/schedule' },
    );
    assert.equal(noNotice.statusCode, 400);
    assert.match(noNotice.body, new RegExp(`href="#postpone-notice-${row!.id}"`));
    const res = await ig.post(
      `/staff/engage/sessions/${row!.id}/postpone`,
      {
        date: addDays(local(row!.starts_at).date, 1),
        time: '14:00',
        notice: 'Moved to Tuesday because of Madaraka Day.',
      },
      { csrfFrom: '/staff/engage/schedule' },
    );
    assert.equal(res.statusCode, 303);
    const [moved] = await query<{ starts_at: Date; ends_at: Date; scheduled_at: Date }>(
      'select starts_at, ends_at, scheduled_at from engage_sessions where id = $1',
      [row!.id],
    );
    assert.equal(moved!.starts_at.toISOString(), `${addDays(local(row!.starts_at).date, 1)}T11:00:00.000Z`);
    assert.equal(moved!.ends_at.getTime() - moved!.starts_at.getTime(), HOUR);
    assert.equal(moved!.scheduled_at.getTime(), row!.starts_at.getTime(), 'the original slot is kept');
    await generateSessions(sauti.platform, now());
    assert.equal(
      (
        await query(
          'select 1 from engage_sessions where series_id = (select series_id from engage_sessions where id = $1) and occurrence = 1',
          [row!.id],
        )
      ).length,
      1,
    );
    const page = await new Browser(sauti.app).get(`/engage/sessions/${row!.id}`);
    assert.match(page.body, /Moved to Tuesday because of Madaraka Day\./);
    assert.match(page.body, /Moved from/);
  });

  test('a cancelled session shows its notice and takes no questions', async () => {
    const id = await session('cancelled');
    const citizen = new Browser(sauti.app);
    const page = await citizen.get(`/engage/sessions/${id}`);
    assert.match(page.body, /Cancelled/);
    assert.match(page.body, /The IG is travelling\./);
    const res = await citizen.post(
      `/engage/sessions/${id}/questions`,
      { question: 'Is it still on?' },
      { csrfFrom: '/engage' },
    );
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /This session was cancelled/);
    const notices = await query<{ kind: string; body: string }>(
      'select kind, body from engage_session_notices where session_id = $1',
      [id],
    );
    assert.deepEqual(notices, [{ kind: 'cancelled', body: 'The IG is travelling.' }]);
    await assert.rejects(
      sauti.platform.db.pool.query('update engage_session_notices set body = $1', ['changed']),
      /append-only/,
    );
  });

  test('go live at most an hour early; end now', async () => {
    const far = await session('upcoming', 'pre', 180);
    await assert.rejects(
      setSessionLive(sauti.platform, ig, far, true),
      (e: Error & { problems?: Array<{ field: string }> }) => e.problems?.[0]?.field === 'session',
    );
    const id = await session('live');
    assert.equal((await sessionPage(sauti.platform, id)).session.state, 'live');
    await setSessionLive(sauti.platform, ig, id, false);
    assert.equal((await sessionPage(sauti.platform, id)).session.state, 'ended');
  });
});

describe('asking', () => {
  test('from the web form: anonymous, masked, held for moderation, shown once approved; a signed HttpOnly participant cookie', async () => {
    const id = await session('upcoming', 'pre');
    const citizen = new Browser(sauti.app);
    const res = await citizen.post(
      `/engage/sessions/${id}/questions`,
      {
        question:
          'My brother 0712 345 678 (ID 12345678, kamau@example.org) was asked for KSh 5,000 at Salama for an abstract.',
        name: '',
      },
      { csrfFrom: `/engage/sessions/${id}/ask` },
    );
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.equal(res.headers.location, `/engage/sessions/${id}?done=pending`);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /sauti_engage=[^;]+\.[^;]+;/, 'signed');
    assert.match(cookie, /HttpOnly/);
    const [q] = await query<{
      id: string;
      body: string;
      display_name: string | null;
      status: string;
      topic: string;
      channel: string;
      masked_count: number;
    }>(
      'select id, body, display_name, status, topic, channel, masked_count from engage_questions where session_id = $1',
      [id],
    );
    assert.equal(
      q!.body,
      'My brother 07•• ••• •78 (ID ••••••••, k•••@•••.org) was asked for KSh 5,000 at Salama for an abstract.',
    );
    assert.equal(q!.display_name, null);
    assert.deepEqual([q!.status, q!.topic, q!.channel, q!.masked_count], ['pending', 'extortion', 'web', 3]);
    const everything =
      JSON.stringify(await query('select * from engage_questions')) +
      JSON.stringify(await query('select * from engage_participants'));
    assert.ok(
      !everything.includes('345 678') && !everything.includes('12345678') && !everything.includes('kamau@'),
      'the unmasked text is stored nowhere',
    );
    assert.ok(!everything.includes('127.0.0.1'), 'no client address is stored');

    const before = await citizen.get(`/engage/sessions/${id}?done=pending`);
    assert.match(before.body, /it will be shown once a moderator has read it/);
    assert.ok(!before.body.includes('Salama for an abstract'), 'pre-moderated: hidden until approved');
    const mod = await signIn(sauti.app, 'moderator');
    const ok = await mod.post(
      `/staff/engage/questions/${q!.id}/moderate`,
      { decision: 'approve', session: id },
      { csrfFrom: `/staff/engage?session=${id}` },
    );
    assert.equal(ok.statusCode, 303);
    const shown = await citizen.get(`/engage/sessions/${id}`);
    assert.match(shown.body, /07•• ••• •78/);
    assert.match(shown.body, /Anonymous/);
    assert.match(shown.body, /Extortion at stations/);
  });

  test('bad input: empty, too long; each error names its field', async () => {
    const id = await session();
    const citizen = new Browser(sauti.app);
    const empty = await citizen.post(
      `/engage/sessions/${id}/questions`,
      { question: '   ', from: 'ask' },
      { csrfFrom: `/engage/sessions/${id}/ask` },
    );
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /class="error-summary"/);
    assert.match(empty.body, /href="#question">Write your question\./);
    const long = await citizen.post(
      `/engage/sessions/${id}/questions`,
      { question: 'x'.repeat(501), name: 'n'.repeat(61), from: 'ask' },
      { csrfFrom: `/engage/sessions/${id}/ask` },
    );
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /href="#question">Use at most 500 characters\./);
    assert.match(long.body, /href="#name">Use at most 60 characters\./);
    const noCsrf = await sauti.app.inject({
      method: 'POST',
      url: `/engage/sessions/${id}/questions`,
      payload: { question: 'hello' },
    });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(
      (await citizen.post('/engage/sessions/999999/questions', { question: 'x' }, { csrfFrom: '/engage' })).statusCode,
      404,
    );
    assert.equal((await citizen.get('/engage/sessions/nope')).statusCode, 404);
  });

  test('script and HTML are shown as text', async () => {
    const id = await session('upcoming', 'post');
    const citizen = new Browser(sauti.app);
    await citizen.post(
      `/engage/sessions/${id}/questions`,
      { question: '<script>alert("x")</script> <b>bold</b> question', name: '<img src=x onerror=alert(1)>' },
      { csrfFrom: `/engage/sessions/${id}/ask` },
    );
    const page = await citizen.get(`/engage/sessions/${id}`);
    assert.ok(page.body.includes('&lt;script>alert(&quot;x&quot;)&lt;/script> &lt;b>bold&lt;/b> question'));
    assert.ok(page.body.includes('&lt;img src=x onerror=alert(1)>'));
    assert.ok(!page.body.includes('<script>alert') && !page.body.includes('<img src=x'));
  });

  test('post-moderation shows a question at once; a rejection hides it and its reason stays internal', async () => {
    const id = await session('live', 'post');
    const citizen = new Browser(sauti.app);
    const res = await citizen.post(
      `/engage/sessions/${id}/questions`,
      { question: 'When will body cameras be used by all officers?', name: '@citizen254' },
      { csrfFrom: `/engage/sessions/${id}/ask` },
    );
    assert.equal(res.headers.location, `/engage/sessions/${id}?done=shown`);
    const page = await citizen.get(`/engage/sessions/${id}`);
    assert.match(page.body, /When will body cameras be used by all officers\?/);
    assert.match(page.body, /@citizen254/);
    assert.match(page.body, /<meta http-equiv="refresh" content="30"/, 'the live page refreshes itself');
    const [q] = await query<{ id: string }>('select id from engage_questions where session_id = $1', [id]);
    const mod = await signIn(sauti.app, 'moderator');
    const noReason = await mod.post(
      `/staff/engage/questions/${q!.id}/moderate`,
      { decision: 'reject', reason: '', session: id },
      { csrfFrom: `/staff/engage?session=${id}` },
    );
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, new RegExp(`href="#reason-${q!.id}"`));
    await mod.post(
      `/staff/engage/questions/${q!.id}/moderate`,
      { decision: 'reject', reason: 'Duplicate account spamming', session: id },
      { csrfFrom: `/staff/engage?session=${id}` },
    );
    const after = await citizen.get(`/engage/sessions/${id}`);
    assert.ok(!after.body.includes('body cameras be used'));
    assert.ok(!after.body.includes('Duplicate account spamming'));
    const api = await sauti.app.inject({ method: 'GET', url: `/api/engage/sessions/${id}` });
    assert.ok(!api.body.includes('body cameras') && !api.body.includes('Duplicate account'));
    const decisions = await query<{ action: string; reason: string | null }>(
      'select action, reason from engage_moderation where question_id = $1',
      [q!.id],
    );
    assert.deepEqual(decisions, [{ action: 'reject', reason: 'Duplicate account spamming' }]);
    await assert.rejects(sauti.platform.db.pool.query('delete from engage_moderation'), /append-only/);
    const audited = await query<{ action: string; actor_label: string }>(
      `select action, actor_label from audit_log where subject_type = 'engage_question' and subject_id = $1`,
      [q!.id],
    );
    assert.deepEqual(
      audited.map((a) => a.action),
      ['engage.question.reject'],
    );
    assert.match(audited[0]!.actor_label, /moderator/);
  });

  test('moderators correct the topic', async () => {
    const id = await session('upcoming', 'post');
    const asked = await approved(id, 'Something about the OCS at Kasarani station');
    assert.equal(asked.topic, 'extortion');
    const mod = await signIn(sauti.app, 'moderator');
    const bad = await mod.post(
      `/staff/engage/questions/${asked.id}/topic`,
      { topic: 'gossip', session: id },
      { csrfFrom: `/staff/engage?session=${id}` },
    );
    assert.equal(bad.statusCode, 400);
    const ok = await mod.post(
      `/staff/engage/questions/${asked.id}/topic`,
      { topic: 'welfare', session: id },
      { csrfFrom: `/staff/engage?session=${id}` },
    );
    assert.equal(ok.statusCode, 303);
    assert.match(
      (await new Browser(sauti.app).get(`/engage/sessions/${id}?topic=welfare`)).body,
      /Something about the OCS at Kasarani station/,
    );
    assert.ok(
      !(await new Browser(sauti.app).get(`/engage/sessions/${id}?topic=traffic`)).body.includes(
        'Something about the OCS',
      ),
    );
  });

  test('in Kiswahili', async () => {
    const id = await session('live', 'post');
    await approved(id, 'Polisi wa Salama wanaitisha pesa kabla ya kutoa abstract');
    const page = await sauti.app.inject({
      method: 'GET',
      url: `/engage/sessions/${id}`,
      headers: { cookie: 'sauti_lang=sw' },
    });
    assert.match(page.body, /<html lang="sw"/);
    assert.match(page.body, /Kinaendelea sasa/);
    assert.match(page.body, /Kulazimishwa kulipa vituoni/);
    assert.match(page.body, /Unga mkono/);
    const overview = await sauti.app.inject({ method: 'GET', url: '/engage', headers: { cookie: 'sauti_lang=sw' } });
    assert.match(overview.body, /muulize Inspekta Jenerali/);
  });
});

describe('near-duplicates cluster', () => {
  test('similar questions join one cluster; its weight is askers plus upvotes', async () => {
    const id = await session('live', 'post');
    const a = await approved(id, 'Why do officers at Salama demand 5000 for an abstract?');
    const b = await approved(id, 'Salama police asking for money before giving abstract');
    const c = await approved(id, 'Polisi wa Salama wanaitisha pesa ili kutoa abstract');
    const other = await approved(id, 'When will officers get body cameras?');
    assert.equal(b.clusterId, a.clusterId);
    assert.equal(c.clusterId, a.clusterId);
    assert.notEqual(other.clusterId, a.clusterId);
    await upvote(sauti.platform, participant(), a.id);
    const page = await sessionPage(sauti.platform, id);
    const cluster = page.clusters.find((x) => x.id === a.clusterId)!;
    assert.deepEqual([cluster.askers, cluster.upvotes, cluster.weight, cluster.question_count], [3, 1, 4, 3]);
    assert.equal(page.clusters[0]!.id, a.clusterId, 'heaviest first');
    assert.match((await new Browser(sauti.app).get(`/engage/sessions/${id}`)).body, /3 people asked about this/);
  });

  test('the same person asking twice counts once', async () => {
    const id = await session('live', 'post');
    const me = participant();
    const a = await approved(id, 'When will traffic fines be paid by M-Pesa?', me);
    await approved(id, 'When will traffic fines be paid by M-Pesa instead of cash?', me);
    const cluster = (await sessionPage(sauti.platform, id)).clusters.find((x) => x.id === a.clusterId)!;
    assert.deepEqual([cluster.askers, cluster.question_count], [1, 2]);
  });

  test('a pending question joins its cluster but counts only once approved', async () => {
    const id = await session('live', 'pre');
    const a = await approved(id, 'When will the digital OB be rolled out?');
    const pending = await askQuestion(
      sauti.platform,
      participant(),
      id,
      { question: 'When will the digital OB be rolled out nationwide?' },
      'web',
    );
    assert.equal(pending.clusterId, a.clusterId);
    assert.equal((await sessionPage(sauti.platform, id)).clusters[0]!.askers, 1);
    await moderateQuestion(sauti.platform, moderator, pending.id, { decision: 'approve' });
    assert.equal((await sessionPage(sauti.platform, id)).clusters[0]!.askers, 2);
  });

  test('moderators merge clusters; the weights add up', async () => {
    const id = await session('live', 'post');
    const a = await approved(id, 'Officers at Kasarani beat a boda boda rider');
    const b = await approved(id, 'Kasarani police brutality against riders must stop now');
    assert.notEqual(a.clusterId, b.clusterId);
    await upvote(sauti.platform, participant(), b.id);
    const mod = await signIn(sauti.app, 'moderator');
    const same = await mod.post(
      `/staff/engage/sessions/${id}/merge`,
      { from: a.clusterId, into: a.clusterId },
      { csrfFrom: `/staff/engage?session=${id}` },
    );
    assert.equal(same.statusCode, 400);
    assert.match(same.body, /href="#into"/);
    const res = await mod.post(
      `/staff/engage/sessions/${id}/merge`,
      { from: b.clusterId, into: a.clusterId },
      { csrfFrom: `/staff/engage?session=${id}` },
    );
    assert.equal(res.statusCode, 303);
    const clusters = (await sessionPage(sauti.platform, id)).clusters;
    assert.equal(clusters.length, 1);
    assert.deepEqual(
      [clusters[0]!.id, clusters[0]!.askers, clusters[0]!.upvotes, clusters[0]!.weight],
      [a.clusterId, 2, 1, 3],
    );
    // a later question like the merged one's follows the merge
    const later = await approved(id, 'Kasarani police brutality against riders must stop');
    assert.equal(later.clusterId, a.clusterId);
  });
});

describe('upvotes', () => {
  test('one per participant per question, from the public page', async () => {
    const id = await session('live', 'post');
    const q = await approved(id, 'How many officers were interdicted for brutality this year?');
    const citizen = new Browser(sauti.app);
    const token = await citizen.csrf(`/engage/sessions/${id}`);
    assert.ok(token);
    const first = await citizen.post(`/engage/questions/${q.id}/vote`, {}, { csrfFrom: `/engage/sessions/${id}` });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, `/engage/sessions/${id}?done=vote#q-${q.id}`);
    const second = await citizen.post(`/engage/questions/${q.id}/vote`, {}, { csrfFrom: `/engage/sessions/${id}/ask` });
    assert.equal(second.headers.location, `/engage/sessions/${id}?done=already#q-${q.id}`);
    const [row] = await query<{ upvotes: number; votes: number }>(
      'select q.upvotes, (select count(*)::int from engage_votes v where v.question_id = q.id) as votes from engage_questions q where q.id = $1',
      [q.id],
    );
    assert.deepEqual(row, { upvotes: 1, votes: 1 });
    assert.match((await citizen.get(`/engage/sessions/${id}`)).body, /You upvoted this\./);
    await assert.rejects(
      sauti.platform.db.pool.query(
        'insert into engage_votes (question_id, cluster_id, participant_id) select question_id, cluster_id, participant_id from engage_votes limit 1',
      ),
      /duplicate key/,
    );
  });

  /** Two questions of a live, post-moderated session grouped in one cluster. */
  async function twoOfOneCluster(): Promise<{ id: string; a: AskedQuestion; b: AskedQuestion }> {
    const id = await session('live', 'post');
    const a = await approved(id, 'Why do officers at Salama demand 5000 for an abstract?');
    const b = await approved(id, 'Salama police asking for money before giving abstract');
    assert.equal(b.clusterId, a.clusterId, 'the two questions are grouped');
    return { id, a, b };
  }

  const clusterCounts = async (clusterId: string) =>
    (
      await query<{ upvotes: number; weight: number; votes: number; question_upvotes: number }>(
        `select c.upvotes, c.weight, (select count(*)::int from engage_votes v where v.cluster_id = c.id) as votes,
           (select sum(q.upvotes)::int from engage_questions q where q.cluster_id = c.id) as question_upvotes
         from engage_clusters c where c.id = $1`,
        [clusterId],
      )
    )[0]!;

  /** Whether the page shows the cluster's upvote form, or its "You upvoted this." with the form to take it back. */
  function voteShown(body: string, questionId: string): 'upvote' | 'upvoted' {
    const upvote = new RegExp(
      `<form method="post" action="/engage/questions/${questionId}/vote" class="vote upvote"( hidden)?>`,
    ).exec(body);
    const unvote = new RegExp(
      `<form method="post" action="/engage/questions/${questionId}/unvote" class="vote unvote"( hidden)?>`,
    ).exec(body);
    assert.ok(upvote && unvote, 'both forms are in the page');
    assert.notEqual(Boolean(upvote[1]), Boolean(unvote[1]), 'one of them is hidden');
    return upvote[1] ? 'upvoted' : 'upvote';
  }

  test('one per person per cluster: a second question of the same group counts once and the page says so; another person counts', async () => {
    const { id, a, b } = await twoOfOneCluster();
    const citizen = new Browser(sauti.app);
    const first = await citizen.post(`/engage/questions/${a.id}/vote`, {}, { csrfFrom: `/engage/sessions/${id}` });
    assert.equal(first.headers.location, `/engage/sessions/${id}?done=vote#q-${a.id}`);
    const second = await citizen.post(`/engage/questions/${b.id}/vote`, {}, { csrfFrom: `/engage/sessions/${id}` });
    assert.equal(second.statusCode, 303);
    assert.equal(second.headers.location, `/engage/sessions/${id}?done=already#q-${b.id}`);
    const page = await citizen.get(String(second.headers.location));
    assert.match(page.body, /You had already upvoted this question, or one grouped with it/);
    assert.match(page.body, /2 people asked about this<\/strong> · 1 upvote</);
    assert.equal(voteShown(page.body, a.id), 'upvoted', 'the group shows the vote, whichever question it went through');
    assert.deepEqual(await clusterCounts(a.clusterId), { upvotes: 1, weight: 3, votes: 1, question_upvotes: 1 });

    const other = new Browser(sauti.app);
    assert.equal(voteShown((await other.get(`/engage/sessions/${id}`)).body, a.id), 'upvote');
    const theirs = await other.post(`/engage/questions/${b.id}/vote`, {}, { csrfFrom: `/engage/sessions/${id}` });
    assert.equal(theirs.headers.location, `/engage/sessions/${id}?done=vote#q-${b.id}`);
    assert.deepEqual(await clusterCounts(a.clusterId), { upvotes: 2, weight: 4, votes: 2, question_upvotes: 2 });
    const sw = await sauti.app.inject({
      method: 'GET',
      url: `/engage/sessions/${id}?done=already`,
      headers: { cookie: 'sauti_lang=sw' },
    });
    assert.match(sw.body, /Ulikuwa tayari umeunga mkono swali hili, au lingine lililowekwa pamoja nalo/);
  });

  test('votes sent at once through several questions of one group count once', async () => {
    const { id, a, b } = await twoOfOneCluster();
    const c = await approved(id, 'Salama officers demand money for an abstract');
    assert.equal(c.clusterId, a.clusterId);
    const me = participant();
    const results = await Promise.all([a, b, c, a, b, c, b, a].map((q) => upvote(sauti.platform, me, q.id)));
    assert.equal(results.filter((r) => r.changed).length, 1, 'one vote counted');
    assert.ok(results.every((r) => r.voted && r.clusterId === a.clusterId));
    assert.deepEqual(await clusterCounts(a.clusterId), { upvotes: 1, weight: 4, votes: 1, question_upvotes: 1 });
    // over the API too, with one participant token
    const { participant: token } = (
      await sauti.app.inject({ method: 'POST', url: '/api/engage/participants' })
    ).json() as { participant: string };
    const answers = await Promise.all(
      [a, b, c, c, b, a].map((q) =>
        sauti.app.inject({
          method: 'POST',
          url: `/api/engage/questions/${q.id}/votes`,
          headers: { 'x-engage-participant': token },
        }),
      ),
    );
    assert.deepEqual(
      answers.map((r) => r.statusCode),
      Array(6).fill(200),
    );
    assert.equal(answers.filter((r) => (r.json() as { counted: boolean }).counted).length, 1);
    assert.deepEqual(await clusterCounts(a.clusterId), { upvotes: 2, weight: 5, votes: 2, question_upvotes: 2 });
  });

  test('when groups are merged after votes were cast, one person’s votes on both collapse to one', async () => {
    const id = await session('live', 'post');
    const a = await approved(id, 'Officers at Kasarani beat a boda boda rider');
    const b = await approved(id, 'Kasarani police brutality against riders must stop now');
    assert.notEqual(a.clusterId, b.clusterId);
    const me = participant();
    const you = participant();
    await upvote(sauti.platform, me, a.id);
    await upvote(sauti.platform, me, b.id);
    await upvote(sauti.platform, you, b.id);
    await mergeClusters(sauti.platform, moderator, id, { from: b.clusterId, into: a.clusterId });
    assert.deepEqual(await clusterCounts(a.clusterId), { upvotes: 2, weight: 4, votes: 2, question_upvotes: 2 });
    const [cluster] = (await sessionPage(sauti.platform, id, { participantId: me })).clusters;
    assert.deepEqual([cluster!.id, cluster!.upvotes], [a.clusterId, 2]);
    assert.ok((await sessionPage(sauti.platform, id, { participantId: me })).voted.has(a.clusterId));
    assert.equal((await upvote(sauti.platform, me, b.id)).changed, false, 'still one vote in the merged group');
    assert.equal((await upvote(sauti.platform, you, a.id)).changed, false);
    assert.equal((await upvote(sauti.platform, participant(), b.id)).changed, true, 'a third person counts');
    assert.deepEqual(await clusterCounts(a.clusterId), { upvotes: 3, weight: 5, votes: 3, question_upvotes: 3 });
  });

  test('taking an upvote back, through any question of the group; nobody takes back another’s', async () => {
    const { id, a, b } = await twoOfOneCluster();
    const citizen = new Browser(sauti.app);
    await citizen.post(`/engage/questions/${a.id}/vote`, {}, { csrfFrom: `/engage/sessions/${id}` });
    const other = new Browser(sauti.app);
    const notTheirs = await other.post(`/engage/questions/${b.id}/unvote`, {}, { csrfFrom: `/engage/sessions/${id}` });
    assert.equal(notTheirs.headers.location, `/engage/sessions/${id}?done=notVoted#q-${b.id}`);
    assert.match((await other.get(String(notTheirs.headers.location))).body, /You had not upvoted this question\./);
    assert.deepEqual(await clusterCounts(a.clusterId), { upvotes: 1, weight: 3, votes: 1, question_upvotes: 1 });

    const back = await citizen.post(`/engage/questions/${b.id}/unvote`, {}, { csrfFrom: `/engage/sessions/${id}` });
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, `/engage/sessions/${id}?done=unvote#q-${b.id}`);
    const page = await citizen.get(String(back.headers.location));
    assert.match(page.body, /Your upvote was taken back\./);
    assert.match(page.body, /0 upvotes</);
    assert.equal(voteShown(page.body, a.id), 'upvote');
    assert.deepEqual(await clusterCounts(a.clusterId), { upvotes: 0, weight: 2, votes: 0, question_upvotes: 0 });
    const again = await citizen.post(`/engage/questions/${a.id}/unvote`, {}, { csrfFrom: `/engage/sessions/${id}` });
    assert.equal(again.headers.location, `/engage/sessions/${id}?done=notVoted#q-${a.id}`);
    assert.equal(
      (await citizen.post(`/engage/questions/${b.id}/vote`, {}, { csrfFrom: `/engage/sessions/${id}` })).headers
        .location,
      `/engage/sessions/${id}?done=vote#q-${b.id}`,
    );
    assert.deepEqual(await clusterCounts(a.clusterId), { upvotes: 1, weight: 3, votes: 1, question_upvotes: 1 });

    assert.equal((await citizen.post('/engage/questions/987654/unvote', {}, { csrfFrom: '/report' })).statusCode, 404);
    const noToken = new Browser(sauti.app);
    assert.equal(
      (
        await sauti.app.inject({
          method: 'POST',
          url: `/engage/questions/${a.id}/unvote`,
          headers: { cookie: noToken.header() },
        })
      ).statusCode,
      403,
      'no CSRF token',
    );
    await setSessionLive(sauti.platform, ig, id, false);
    const ended = await citizen.post(`/engage/questions/${b.id}/unvote`, {}, { csrfFrom: '/report' });
    assert.equal(ended.statusCode, 409);
    assert.match(ended.body, /This session has ended/);
    assert.deepEqual(
      await clusterCounts(a.clusterId),
      { upvotes: 1, weight: 3, votes: 1, question_upvotes: 1 },
      'nothing changed',
    );
  });

  test('with JavaScript the page’s vote forms answer JSON, so the vote toggles in place', async () => {
    const { id, a, b } = await twoOfOneCluster();
    const citizen = new Browser(sauti.app);
    const page = await citizen.get(`/engage/sessions/${id}`);
    assert.match(page.body, /<script src="\/assets\/engage-live\.js"/);
    assert.match(page.body, /data-zone="Africa\/Nairobi"/);
    const json = { csrfFrom: `/engage/sessions/${id}`, headers: { accept: 'application/json' } };
    const vote = await citizen.post(`/engage/questions/${a.id}/vote`, {}, json);
    assert.equal(vote.statusCode, 200);
    assert.match(String(vote.headers['content-type']), /application\/json/);
    assert.deepEqual(vote.json(), {
      counted: true,
      voted: true,
      clusterId: a.clusterId,
      askers: 2,
      upvotes: 1,
      weight: 3,
    });
    assert.deepEqual((await citizen.post(`/engage/questions/${b.id}/vote`, {}, json)).json(), {
      counted: false,
      voted: true,
      clusterId: a.clusterId,
      askers: 2,
      upvotes: 1,
      weight: 3,
    });
    assert.deepEqual((await citizen.post(`/engage/questions/${b.id}/unvote`, {}, json)).json(), {
      counted: true,
      voted: false,
      clusterId: a.clusterId,
      askers: 2,
      upvotes: 0,
      weight: 2,
    });
    assert.deepEqual((await citizen.post(`/engage/questions/${b.id}/unvote`, {}, json)).json(), {
      counted: false,
      voted: false,
      clusterId: a.clusterId,
      askers: 2,
      upvotes: 0,
      weight: 2,
    });
    assert.deepEqual((await citizen.post(`/engage/questions/${b.id}/vote`, {}, json)).json(), {
      counted: true,
      voted: true,
      clusterId: a.clusterId,
      askers: 2,
      upvotes: 1,
      weight: 3,
    });
    assert.equal(voteShown((await citizen.get(`/engage/sessions/${id}`)).body, a.id), 'upvoted');
    // refusals are JSON too (the script then sends the form the ordinary way, for the server's page)
    const unknown = await citizen.post('/engage/questions/987654/vote', {}, json);
    assert.equal(unknown.statusCode, 404);
    assert.equal((unknown.json() as { error: { code: string } }).error.code, 'not_found');

    // the JSON API: DELETE takes the participant's upvote back
    const { participant: token } = (
      await sauti.app.inject({ method: 'POST', url: '/api/engage/participants' })
    ).json() as { participant: string };
    const api = (method: 'POST' | 'DELETE', q: string) =>
      sauti.app.inject({ method, url: `/api/engage/questions/${q}/votes`, headers: { 'x-engage-participant': token } });
    assert.deepEqual((await api('POST', b.id)).json(), {
      counted: true,
      voted: true,
      clusterId: a.clusterId,
      askers: 2,
      upvotes: 2,
      weight: 4,
    });
    assert.deepEqual((await api('DELETE', a.id)).json(), {
      counted: true,
      voted: false,
      clusterId: a.clusterId,
      askers: 2,
      upvotes: 1,
      weight: 3,
    });
    assert.deepEqual((await api('DELETE', a.id)).json(), {
      counted: false,
      voted: false,
      clusterId: a.clusterId,
      askers: 2,
      upvotes: 1,
      weight: 3,
    });
    const noToken = await sauti.app.inject({ method: 'DELETE', url: `/api/engage/questions/${a.id}/votes` });
    assert.equal(noToken.statusCode, 400);
    assert.match(noToken.body, /x-engage-participant/);
    await setSessionLive(sauti.platform, ig, id, false);
    const ended = await citizen.post(`/engage/questions/${a.id}/unvote`, {}, { ...json, csrfFrom: '/report' });
    assert.equal(ended.statusCode, 409);
    assert.equal((ended.json() as { error: { code: string } }).error.code, 'engage_ended');
    assert.equal((await api('DELETE', a.id)).statusCode, 409);
    assert.deepEqual(
      await clusterCounts(a.clusterId),
      { upvotes: 1, weight: 3, votes: 1, question_upvotes: 1 },
      'nothing changed once ended',
    );
  });

  test('an unknown or unapproved question is 404; an ended or cancelled session is refused by name', async () => {
    const citizen = new Browser(sauti.app);
    const unknown = await citizen.post('/engage/questions/987654/vote', {}, { csrfFrom: '/engage' });
    assert.equal(unknown.statusCode, 404);
    const pre = await session('live', 'pre');
    const pending = await askQuestion(sauti.platform, participant(), pre, { question: 'Pending question' }, 'web');
    assert.equal(
      (await citizen.post(`/engage/questions/${pending.id}/vote`, {}, { csrfFrom: '/engage' })).statusCode,
      404,
    );

    const id = await session('live', 'post');
    const q = await approved(id, 'A question asked while the session was live');
    await setSessionLive(sauti.platform, ig, id, false);
    const ended = await citizen.post(`/engage/questions/${q.id}/vote`, {}, { csrfFrom: '/engage' });
    assert.equal(ended.statusCode, 409);
    assert.match(ended.body, /This session has ended/);
    const { participant: token } = (
      await sauti.app.inject({ method: 'POST', url: '/api/engage/participants' })
    ).json() as { participant: string };
    const api = await sauti.app.inject({
      method: 'POST',
      url: `/api/engage/questions/${q.id}/votes`,
      headers: { 'x-engage-participant': token },
    });
    assert.equal(api.statusCode, 409);
    assert.deepEqual(
      (api.json() as { error: { code: string; fields: Array<{ field: string; message: string }> } }).error.code,
      'engage_ended',
    );
    assert.match(api.body, /The session has ended: questions and upvotes are closed\./);
    assert.equal(
      (
        await sauti.app.inject({
          method: 'POST',
          url: '/api/engage/questions/987654/votes',
          headers: { 'x-engage-participant': token },
        })
      ).statusCode,
      404,
    );
    const noToken = await sauti.app.inject({ method: 'POST', url: `/api/engage/questions/${q.id}/votes` });
    assert.equal(noToken.statusCode, 400);
    assert.match(noToken.body, /x-engage-participant/);
    const forged = await sauti.app.inject({
      method: 'POST',
      url: `/api/engage/questions/${q.id}/votes`,
      headers: { 'x-engage-participant': 'abcdefghijklmnopqrstuv.forged' },
    });
    assert.equal(forged.statusCode, 400);
  });

  test(`more than ${VOTES_PER_MINUTE} votes a minute from one participant: 429`, async () => {
    const id = await session('live', 'post');
    const questions: string[] = [];
    // questions with nothing in common, each its own cluster (one vote per person per cluster)
    for (let i = 0; i <= VOTES_PER_MINUTE; i++)
      questions.push((await approved(id, `${randomToken(6)} ${randomToken(6)} ${randomToken(6)}`)).id);
    const { participant: token } = (
      await sauti.app.inject({ method: 'POST', url: '/api/engage/participants' })
    ).json() as { participant: string };
    const codes: number[] = [];
    for (const q of questions)
      codes.push(
        (
          await sauti.app.inject({
            method: 'POST',
            url: `/api/engage/questions/${q}/votes`,
            headers: { 'x-engage-participant': token },
          })
        ).statusCode,
      );
    assert.deepEqual(codes.slice(0, VOTES_PER_MINUTE), Array(VOTES_PER_MINUTE).fill(200));
    assert.equal(codes.at(-1), 429);
  });

  test(`more than ${QUESTIONS_PER_TEN_MINUTES} questions in ten minutes from one participant: 429`, async () => {
    const id = await session('live', 'post');
    const citizen = new Browser(sauti.app);
    const codes: number[] = [];
    for (let i = 0; i <= QUESTIONS_PER_TEN_MINUTES; i++)
      codes.push(
        (
          await citizen.post(
            `/engage/sessions/${id}/questions`,
            { question: `Flood ${i}` },
            { csrfFrom: `/engage/sessions/${id}/ask` },
          )
        ).statusCode,
      );
    assert.deepEqual(codes.slice(0, -1), Array(QUESTIONS_PER_TEN_MINUTES).fill(303));
    assert.equal(codes.at(-1), 429);
  });
});

describe('bans', () => {
  test('a banned participant’s later questions and votes are refused with a clear message', async () => {
    const id = await session('live', 'post');
    const citizen = new Browser(sauti.app);
    await citizen.post(
      `/engage/sessions/${id}/questions`,
      { question: 'Buy cheap phones at my shop!!!' },
      { csrfFrom: `/engage/sessions/${id}/ask` },
    );
    const [q] = await query<{ id: string }>('select id from engage_questions where session_id = $1', [id]);
    const other = await approved(id, 'A fair question about police reforms');
    const mod = await signIn(sauti.app, 'moderator');
    const noReason = await mod.post(
      `/staff/engage/questions/${q!.id}/ban`,
      { reason: '', session: id },
      { csrfFrom: `/staff/engage?session=${id}` },
    );
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, new RegExp(`href="#reason-${q!.id}"`));
    const banned = await mod.post(
      `/staff/engage/questions/${q!.id}/ban`,
      { reason: 'Advertising again and again', session: id },
      { csrfFrom: `/staff/engage?session=${id}` },
    );
    assert.equal(banned.statusCode, 303);
    const again = await citizen.post(
      `/engage/sessions/${id}/questions`,
      { question: 'Another advert' },
      { csrfFrom: `/engage/sessions/${id}/ask` },
    );
    assert.equal(again.statusCode, 403);
    assert.match(again.body, /You can no longer take part/);
    const vote = await citizen.post(`/engage/questions/${other.id}/vote`, {}, { csrfFrom: `/engage/sessions/${id}` });
    assert.equal(vote.statusCode, 403);
    const unvote = await citizen.post(
      `/engage/questions/${other.id}/unvote`,
      {},
      { csrfFrom: `/engage/sessions/${id}` },
    );
    assert.equal(unvote.statusCode, 403);
    const queue = await mod.get(`/staff/engage?session=${id}`);
    assert.match(queue.body, /Banned/);
    assert.ok(
      !(await citizen.get(`/engage/sessions/${id}`)).body.includes('Advertising again'),
      'the reason is never public',
    );
    assert.equal((await query(`select 1 from audit_log where action = 'engage.participant.ban'`)).length, 1);
  });
});

describe('who may moderate and answer', () => {
  let id: string;
  let q: AskedQuestion;
  let commitmentId: string;
  before(async () => {
    id = await session('live', 'post');
    q = await approved(id, 'Who protects witnesses who report officers?');
    const answered = await postAnswer(sauti.platform, ig, id, {
      cluster: q.clusterId,
      answer: 'IAU protects them.',
      commitment: 'Publish the witness protection steps',
      unit: 'IAU',
      dueDate: addDays(localDate(now(), zone), 10),
    });
    commitmentId = answered.commitmentId!;
  });

  const pages = () => [
    `/staff/engage?session=${id}`,
    `/staff/engage/sessions/${id}/console`,
    '/staff/engage/console',
    '/staff/engage/schedule',
    '/staff/engage/commitments',
  ];
  const actions = () =>
    [
      [`/staff/engage/questions/${q.id}/moderate`, { decision: 'reject', reason: 'x', session: id }],
      [`/staff/engage/questions/${q.id}/topic`, { topic: 'other', session: id }],
      [`/staff/engage/questions/${q.id}/ban`, { reason: 'x', session: id }],
      [`/staff/engage/sessions/${id}/merge`, { from: q.clusterId, into: q.clusterId }],
      [`/staff/engage/sessions/${id}/moderation`, { moderation: 'pre' }],
      [`/staff/engage/sessions/${id}/answering`, { cluster: q.clusterId }],
      [`/staff/engage/sessions/${id}/answers`, { cluster: q.clusterId, answer: 'An answer' }],
      [
        `/staff/engage/questions/${q.id}/urgent`,
        { category: 'other', unit: 'IAU', days: '7', instruction: 'Act', session: id },
      ],
      [`/staff/engage/sessions/${id}/live`, { live: 'end' }],
      [`/staff/engage/sessions/${id}/cancel`, { notice: 'x' }],
      [`/staff/engage/commitments/${commitmentId}/done`, { note: 'x' }],
    ] as const;

  async function unchanged() {
    const [row] = await query<{ status: string; topic: string; case_id: string | null }>(
      'select status, topic, case_id from engage_questions where id = $1',
      [q.id],
    );
    assert.deepEqual(row, { status: 'approved', topic: 'other', case_id: null });
    assert.equal((await query('select 1 from engage_answers where session_id = $1', [id])).length, 1);
    assert.equal(
      (
        await query(
          'select 1 from engage_participants where banned_at is not null and id = (select participant_id from engage_questions where id = $1)',
          [q.id],
        )
      ).length,
      0,
    );
    assert.equal((await sessionPage(sauti.platform, id)).session.state, 'live');
  }

  test('a citizen is sent to sign in, for every page and action', async () => {
    const citizen = new Browser(sauti.app);
    for (const url of pages()) {
      const res = await citizen.get(url);
      assert.equal(res.statusCode, 303, url);
      assert.match(String(res.headers.location), /^\/staff\/sign-in/);
    }
    for (const [url, form] of actions()) {
      const res = await citizen.post(url, form, { csrfFrom: '/engage' });
      assert.equal(res.statusCode, 303, url);
      assert.match(String(res.headers.location), /^\/staff\/sign-in/);
    }
    await unchanged();
  });

  for (const username of ['iau.investigator', 'officer.salama', 'ocs.salama', 'admin']) {
    test(`${username} is refused every page and action`, async () => {
      const staff = await signIn(sauti.app, username);
      for (const url of pages()) assert.equal((await staff.get(url)).statusCode, 403, url);
      for (const [url, form] of actions())
        assert.equal((await staff.post(url, form, { csrfFrom: '/staff' })).statusCode, 403, url);
      await unchanged();
    });
  }

  test('a moderator moderates but cannot answer, open cases, run the session or keep commitments', async () => {
    const mod = await signIn(sauti.app, 'moderator');
    assert.equal((await mod.get(`/staff/engage?session=${id}`)).statusCode, 200);
    for (const url of pages().slice(1)) assert.equal((await mod.get(url)).statusCode, 403, url);
    for (const [url, form] of actions().slice(5))
      assert.equal((await mod.post(url, form, { csrfFrom: '/staff' })).statusCode, 403, url);
    await unchanged();
    await assert.rejects(postAnswer(sauti.platform, moderator, id, { cluster: q.clusterId, answer: 'x' }), {
      code: 'forbidden',
    });
    await assert.rejects(
      flagUrgent(sauti.platform, moderator, q.id, { category: 'other', unit: 'IAU', days: 7, instruction: 'x' }),
      { code: 'forbidden' },
    );
    const queue = await mod.get(`/staff/engage?session=${id}`);
    assert.ok(!queue.body.includes('/console"'), 'no console link for moderators');
  });

  test('the IG’s office sees every page', async () => {
    const office = await signIn(sauti.app, 'ig.office');
    for (const url of pages()) assert.equal((await office.get(url)).statusCode, 200, url);
    const home = await office.get('/staff');
    for (const href of [
      '/staff/engage',
      '/staff/engage/console',
      '/staff/engage/schedule',
      '/staff/engage/commitments',
    ])
      assert.ok(home.body.includes(`href="${href}"`), href);
  });
});

describe('the IG’s console', () => {
  test('approved clusters by weight; "answering now" is highlighted on the live page with the answer', async () => {
    const id = await session('live', 'post');
    const light = await approved(id, 'What is the plan for police housing?');
    const heavy = await approved(id, 'When will the digital OB reach every station?');
    await approved(id, 'When will the digital OB reach all stations in the country?');
    const pre = await askQuestion(sauti.platform, participant(), id, { question: 'Never shown' }, 'web');
    await moderateQuestion(sauti.platform, moderator, pre.id, { decision: 'reject', reason: 'off topic' });
    const office = await signIn(sauti.app, 'ig.office');
    const console = await office.get(`/staff/engage/sessions/${id}/console`);
    assert.equal(console.statusCode, 200);
    assert.ok(
      console.body.indexOf('digital OB reach every station') < console.body.indexOf('police housing'),
      'heaviest first',
    );
    assert.ok(!console.body.includes('Never shown'));
    const mark = await office.post(
      `/staff/engage/sessions/${id}/answering`,
      { cluster: heavy.clusterId },
      { csrfFrom: `/staff/engage/sessions/${id}/console` },
    );
    assert.equal(mark.statusCode, 303);
    const empty = await office.post(
      `/staff/engage/sessions/${id}/answers`,
      { cluster: heavy.clusterId, answer: '' },
      { csrfFrom: `/staff/engage/sessions/${id}/console` },
    );
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, new RegExp(`href="#answer-${heavy.clusterId}"`));
    const answered = await office.post(
      `/staff/engage/sessions/${id}/answers`,
      {
        cluster: heavy.clusterId,
        answer: 'The digital OB pilot at Kasarani worked; every station gets it next financial year.',
      },
      { csrfFrom: `/staff/engage/sessions/${id}/console` },
    );
    assert.equal(answered.statusCode, 303);
    const page = await new Browser(sauti.app).get(`/engage/sessions/${id}`);
    const panel = /<section class="answering-now"[\s\S]*?<\/section>/.exec(page.body)![0];
    assert.match(panel, /When will the digital OB reach every station\?/);
    assert.match(panel, /every station gets it next financial year/);
    assert.match(page.body, new RegExp(`<li class="cluster answering" id="q-${heavy.id}"`));
    assert.ok(!panel.includes('police housing'));
    assert.ok(light);
    await assert.rejects(sauti.platform.db.pool.query(`update engage_answers set body = 'rewritten'`), /append-only/);
    const api = (await sauti.app.inject({ method: 'GET', url: `/api/engage/sessions/${id}` })).json() as {
      answeringClusterId: string;
      clusters: Array<{ id: string; weight: number }>;
      answers: unknown[];
    };
    assert.equal(api.answeringClusterId, heavy.clusterId);
    assert.equal(api.clusters[0]!.id, heavy.clusterId);
    assert.equal(api.answers.length, 1);
  });

  test('"needs urgent attention" opens a routed case with its due date, visible to that unit and shown publicly by reference', async () => {
    const id = await session('live', 'post');
    const q = await approved(id, 'Why do officers at Salama demand 5000 for an abstract?');
    const office = await signIn(sauti.app, 'ig.office');
    const bad = await office.post(
      `/staff/engage/questions/${q.id}/urgent`,
      { category: 'nonsense', unit: 'NOPE', days: '400', instruction: '', session: id },
      { csrfFrom: `/staff/engage/sessions/${id}/console` },
    );
    assert.equal(bad.statusCode, 400);
    for (const field of ['category', 'unit', 'days', 'instruction'])
      assert.match(bad.body, new RegExp(`href="#${field}-q${q.id}"`), field);
    const res = await office.post(
      `/staff/engage/questions/${q.id}/urgent`,
      {
        category: 'bribery_extortion',
        unit: 'IAU',
        days: '7',
        instruction: 'IAU to act on abstract fees at Salama within 7 days',
        session: id,
      },
      { csrfFrom: `/staff/engage/sessions/${id}/console` },
    );
    assert.equal(res.statusCode, 303);
    const reference = /case=(CASE-\d{4}-\d{6})/.exec(String(res.headers.location))![1]!;
    const [c] = await query<{
      source: string;
      category: string;
      unit_code: string;
      title: string;
      opened_at: Date;
      first_response_due_at: Date;
    }>('select source, category, unit_code, title, opened_at, first_response_due_at from cases where reference = $1', [
      reference,
    ]);
    assert.deepEqual(
      [c!.source, c!.category, c!.unit_code, c!.title],
      ['engage', 'bribery_extortion', 'IAU', 'IAU to act on abstract fees at Salama within 7 days'],
    );
    const due = c!.first_response_due_at.getTime() - c!.opened_at.getTime();
    assert.ok(
      due > 7 * 24 * HOUR - 60_000 && due < 7 * 24 * HOUR + 60_000,
      `first response due 7 days after the case opened: ${due} ms`,
    );
    const [linked] = await query<{ case_reference: string }>(
      'select case_reference from engage_questions where id = $1',
      [q.id],
    );
    assert.equal(linked!.case_reference, reference);

    const iau = await signIn(sauti.app, 'iau.investigator');
    const casePage = await iau.get(`/staff/cases/${reference}`);
    assert.equal(casePage.statusCode, 200);
    assert.match(casePage.body, /The #EngageTheIG question/);
    assert.match(casePage.body, /Why do officers at Salama demand 5000 for an abstract\?/);
    assert.equal(
      (await (await signIn(sauti.app, 'gender.investigator')).get(`/staff/cases/${reference}`)).statusCode,
      404,
    );

    const publicPage = await new Browser(sauti.app).get(`/engage/sessions/${id}`);
    assert.match(publicPage.body, new RegExp(`Case opened</span> <span class="case-refs">${reference}</span>`));
    assert.ok(!publicPage.body.includes('IAU to act on abstract fees'), 'only the reference is public');

    const twice = await office.post(
      `/staff/engage/questions/${q.id}/urgent`,
      { category: 'other', unit: 'IAU', days: '3', instruction: 'Again', session: id },
      { csrfFrom: `/staff/engage/sessions/${id}/console` },
    );
    assert.equal(twice.statusCode, 400);
    assert.equal((await query(`select 1 from cases where source = 'engage'`)).length, 1);
    const audit = await query<{ action: string }>(
      `select action from audit_log where action in ('engage.question.urgent', 'case.open') and (subject_id = $1 or subject_id = $2)`,
      [reference, q.id],
    );
    assert.deepEqual(audit.map((a) => a.action).sort(), ['case.open', 'engage.question.urgent']);
  });

  test('the question and its case commit together or not at all', async () => {
    const id = await session('live', 'post');
    // the link to the question fails after the case was inserted: the case is rolled back with it
    const q2 = await approved(id, 'A question for a case that is rolled back');
    // only the owner may change a table: the application's role owns nothing
    const owner = new pg.Pool({ connectionString: sauti.platform.db.ownerConnectionString, max: 1 });
    await owner.query(
      `alter table engage_questions add constraint engage_test_no_link check (case_reference is null or id <> ${Number(q2.id)})`,
    );
    try {
      const before = (await query('select 1 from cases')).length;
      await assert.rejects(
        flagUrgent(sauti.platform, ig, q2.id, {
          category: 'other',
          unit: 'IAU',
          days: 7,
          instruction: 'Rolled back',
        }),
      );
      assert.equal((await query('select 1 from cases')).length, before, 'no case without its question link');
    } finally {
      await owner.query('alter table engage_questions drop constraint engage_test_no_link');
      await owner.end();
    }
  });
});

describe('commitments', () => {
  test('open, overdue (highlighted) and done with what was done, across sessions', async () => {
    const id = await session('live', 'post');
    const q = await approved(id, 'Will IAU investigate the Mlolongo roadblock?');
    const tenDaysAgo = new Date(now().getTime() - 10 * 24 * HOUR);
    const overdue = await postAnswer(
      sauti.platform,
      ig,
      id,
      {
        cluster: q.clusterId,
        answer: 'Yes.',
        commitment: 'IAU to report on the Mlolongo roadblock',
        unit: 'IAU',
        dueDate: addDays(localDate(now(), zone), -3),
      },
      tenDaysAgo,
    );
    const open = await postAnswer(sauti.platform, ig, id, {
      cluster: q.clusterId,
      answer: 'And more.',
      commitment: 'Publish roadblock rules',
      unit: 'IG_OFFICE',
      dueDate: addDays(localDate(now(), zone), 30),
    });
    const office = await signIn(sauti.app, 'ig.office');
    const past = await office.post(
      `/staff/engage/sessions/${id}/answers`,
      { cluster: q.clusterId, answer: 'x', commitment: 'y', unit: 'IAU', dueDate: '2020-01-01' },
      { csrfFrom: `/staff/engage/sessions/${id}/console` },
    );
    assert.equal(past.statusCode, 400);
    assert.match(past.body, new RegExp(`href="#dueDate-${q.clusterId}"`));

    let page = await new Browser(sauti.app).get('/engage/commitments');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<li class="commitment overdue">[\s\S]*?IAU to report on the Mlolongo roadblock/);
    const overdueSection = /<h2 id="overdue-title">[\s\S]*?<\/section>/.exec(page.body)![0];
    assert.match(overdueSection, /Mlolongo roadblock/);
    assert.ok(!overdueSection.includes('Publish roadblock rules'));

    const empty = await office.post(
      `/staff/engage/commitments/${overdue.commitmentId}/done`,
      { note: '' },
      { csrfFrom: '/staff/engage/commitments' },
    );
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, new RegExp(`href="#note-${overdue.commitmentId}"`));
    const done = await office.post(
      `/staff/engage/commitments/${overdue.commitmentId}/done`,
      { note: 'Three officers interdicted; report published.' },
      { csrfFrom: '/staff/engage/commitments' },
    );
    assert.equal(done.statusCode, 303);
    const again = await office.post(
      `/staff/engage/commitments/${overdue.commitmentId}/done`,
      { note: 'again' },
      { csrfFrom: '/staff/engage/commitments' },
    );
    assert.equal(again.statusCode, 400);
    page = await new Browser(sauti.app).get('/engage/commitments');
    const doneSection = /<h2 id="done-title">[\s\S]*?<\/section>/.exec(page.body)![0];
    assert.match(doneSection, /Three officers interdicted; report published\./);
    assert.match(/<h2 id="open-title">[\s\S]*?<\/section>/.exec(page.body)![0], /Publish roadblock rules/);

    // the next session opens with what was done about what was asked
    const next = await session('upcoming', 'pre', 50);
    const nextPage = await new Browser(sauti.app).get(`/engage/sessions/${next}`);
    assert.match(nextPage.body, /What we did about what you asked/);
    assert.match(nextPage.body, /Three officers interdicted/);

    await assert.rejects(
      sauti.platform.db.pool.query('update engage_commitments set body = $1 where id = $2', [
        'changed',
        open.commitmentId,
      ]),
      /only marking an open commitment done/,
    );
    await assert.rejects(
      sauti.platform.db.pool.query('update engage_commitments set done_note = $1 where id = $2', [
        'rewritten',
        overdue.commitmentId,
      ]),
      /only marking an open commitment done/,
    );
    await assert.rejects(sauti.platform.db.pool.query('delete from engage_commitments'), /append-only/);
  });
});

describe('the public pages and the JSON API', () => {
  test('/engage: the next session with its countdown in words, the form, the archive; without JavaScript', async () => {
    const page = await new Browser(sauti.app).get('/engage');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Starts in \d+ (day|hour|minute)/);
    assert.match(page.body, /<form method="post" action="\/engage\/sessions\/\d+\/questions" novalidate/);
    assert.match(page.body, /Past sessions/);
    assert.ok(!page.body.includes('<script'), 'no script needed');
    assert.ok(!page.body.includes('http-equiv="refresh"'), 'the overview with its form does not refresh itself');
    const upcoming = await session('upcoming');
    assert.ok(
      !(await new Browser(sauti.app).get(`/engage/sessions/${upcoming}`)).body.includes('http-equiv="refresh"'),
    );
  });

  test('the home page and the OpenAPI document list engage', async () => {
    const home = await new Browser(sauti.app).get('/');
    assert.match(home.body, /href="\/engage"/);
    const doc = (await sauti.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    for (const path of [
      '/api/engage/sessions',
      '/api/engage/sessions/{id}',
      '/api/engage/sessions/{id}/questions',
      '/api/engage/questions/{id}/votes',
    ]) {
      const op = Object.values(doc.paths[path]!)[0]!;
      assert.deepEqual(op.tags, ['engage'], path);
    }
  });

  test('asking and voting over JSON with the participant token', async () => {
    const id = await session('live', 'post');
    const bad = await sauti.app.inject({
      method: 'POST',
      url: `/api/engage/sessions/${id}/questions`,
      payload: { name: 'x' },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /"field":"question"/);
    const asked = await sauti.app.inject({
      method: 'POST',
      url: `/api/engage/sessions/${id}/questions`,
      payload: { question: 'Call me on +254712345678 about the Salama abstract', language: 'en' },
    });
    assert.equal(asked.statusCode, 201, asked.body);
    const body = asked.json() as {
      id: string;
      clusterId: string;
      status: string;
      text: string;
      topic: string;
      participant: string;
    };
    assert.equal(body.status, 'approved');
    assert.equal(body.text, 'Call me on +2547••••••78 about the Salama abstract');
    assert.equal(body.topic, 'extortion');
    const vote = await sauti.app.inject({
      method: 'POST',
      url: `/api/engage/questions/${body.id}/votes`,
      headers: { 'x-engage-participant': body.participant },
    });
    assert.deepEqual(vote.json(), {
      counted: true,
      voted: true,
      clusterId: body.clusterId,
      askers: 1,
      upvotes: 1,
      weight: 2,
    });
    const again = await sauti.app.inject({
      method: 'POST',
      url: `/api/engage/questions/${body.id}/votes`,
      headers: { 'x-engage-participant': body.participant },
    });
    assert.deepEqual(again.json(), { ...(vote.json() as object), counted: false });
    const list = (await sauti.app.inject({ method: 'GET', url: '/api/engage/sessions' })).json() as {
      sessions: Array<{ id: string; state: string }>;
    };
    assert.equal(list.sessions.find((s) => s.id === id)?.state, 'live');
    const detail = (await sauti.app.inject({ method: 'GET', url: `/api/engage/sessions/${id}` })).json() as {
      clusters: Array<{ text: string; weight: number }>;
    };
    assert.deepEqual(
      detail.clusters.map((c) => [c.text, c.weight]),
      [['Call me on +2547••••••78 about the Salama abstract', 2]],
    );
    assert.equal((await sauti.app.inject({ method: 'GET', url: '/api/engage/sessions/424242' })).statusCode, 404);
  });
});
