import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import { findUserByUsername } from '../../../platform/auth/service.ts';
import { toActor } from '../../../platform/auth/store.ts';
import { randomToken } from '../../../platform/crypto/index.ts';
import { barPercent } from '../../../platform/web/charts.tsx';
import { pdfInfo, pdfLanguage, pdfStructure, pdfText, unmarkedText } from '../../../platform/pdf/inspect.ts';
import { Browser, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { addDays, localDate, localTime } from '../schedule.ts';
import { flagUrgent } from '../console/cases.ts';
import { postAnswer } from '../console/service.ts';
import { moderateQuestion } from '../moderation/service.ts';
import { type AskedQuestion, askQuestion } from '../questions/service.ts';
import { upvote } from '../questions/votes.ts';
import { createOneOffSession } from '../schedule/series.ts';
import { cancelSession, setSessionLive } from '../schedule/service.ts';
import { type Channel, participantTag } from '../shared.ts';
import { topicCodes } from '../text.ts';
import { printable } from './pdf.ts';
import { sessionSummary } from './service.ts';

let sauti: TestContext;
let ig: StaffActor;
let moderator: StaffActor;
const zone = 'Africa/Nairobi';
const DAY = 24 * 3600_000;

async function actor(username: string): Promise<StaffActor> {
  return toActor((await findUserByUsername(sauti.platform.db.pool, username))!);
}

/** A pre-moderated one-off session starting in `inMinutes`; 'live' opens it early. */
async function session(state: 'upcoming' | 'live' | 'cancelled', inMinutes = 30): Promise<string> {
  const at = new Date(sauti.platform.clock.now().getTime() + inMinutes * 60_000);
  const id = await createOneOffSession(sauti.platform, ig, {
    date: localDate(at, zone),
    time: localTime(at, zone),
    durationMinutes: 60,
    moderation: 'pre',
  });
  if (state === 'live') await setSessionLive(sauti.platform, ig, id, true);
  if (state === 'cancelled') await cancelSession(sauti.platform, ig, id, { notice: 'The IG is travelling.' });
  return id;
}

interface Asked extends AskedQuestion {
  participant: string;
  channel: Channel;
}

async function ask(
  sessionId: string,
  text: string,
  channel: Channel,
  decision: 'approve' | 'reject' | 'pending' = 'approve',
  participant = randomToken(16),
): Promise<Asked> {
  const asked = await askQuestion(sauti.platform, participant, sessionId, { question: text }, channel);
  if (decision !== 'pending')
    await moderateQuestion(sauti.platform, moderator, asked.id, {
      decision,
      reason: decision === 'reject' ? 'Advertising' : undefined,
    });
  return { ...asked, participant, channel };
}

// The session every test below reads: questions on several topics from web, SMS and X, some pending
// or rejected, answers, two urgent cases (one from a question rejected later) and a commitment.
let id: string;
let asked: Asked[];
let salama: Asked;
let traffic: Asked;
let reference: string;
const SECRET_PENDING = 'Zebraquartz pending question about police reforms';
const SECRET_REJECTED = 'Xylophonic rejected advert buy cheap phones now';
const SECRET_FLAGGED = 'Quokkaflag question about brutality that was later withdrawn';
const HTML_QUESTION = '<script>alert("x")</script> Is the <b>digital OB</b> ready?';
const EMOJI_QUESTION = 'Officers need mental health support 😀🇰🇪👍🏽 — asante sana ❤️';
const KIKUYU_QUESTION = 'Wanjĩkũ from Kĩambu, with Αλέξανδρος, Мария and محمد, asks about extortion at the station';

before(async () => {
  sauti = await startSauti();
  ig = await actor('ig.office');
  moderator = await actor('moderator');
  id = await session('live');
  const sameText = 'Why do officers at Salama Police Station demand money before giving a police abstract?';
  salama = await ask(id, sameText, 'web');
  const salamaAgain = await ask(id, sameText, 'web');
  traffic = await ask(id, 'When will traffic fines be paid by M-Pesa instead of cash?', 'sms');
  const emoji = await ask(id, EMOJI_QUESTION, 'x');
  const html = await ask(id, HTML_QUESTION, 'web');
  const kikuyu = await ask(id, KIKUYU_QUESTION, 'x');
  const pending = await ask(id, SECRET_PENDING, 'sms', 'pending');
  const rejected = await ask(id, SECRET_REJECTED, 'web', 'reject');
  const flagged = await ask(id, SECRET_FLAGGED, 'x');
  asked = [salama, salamaAgain, traffic, emoji, html, kikuyu, pending, rejected, flagged];
  for (let i = 0; i < 3; i++) await upvote(sauti.platform, randomToken(16), traffic.id);
  await postAnswer(sauti.platform, ig, id, {
    cluster: salama.clusterId,
    answer: 'Abstracts are free. IAU will investigate Salama.',
    commitment: 'IAU to investigate abstract fees at Salama',
    unit: 'IAU',
    dueDate: addDays(localDate(sauti.platform.clock.now(), zone), 10),
  });
  await postAnswer(sauti.platform, ig, id, {
    cluster: traffic.clusterId,
    answer: 'The law for M-Pesa fines is being drafted.',
  });
  reference = (
    await flagUrgent(sauti.platform, ig, salama.id, {
      category: 'bribery_extortion',
      unit: 'IAU',
      days: 7,
      instruction: 'Act on abstract fees at Salama',
    })
  ).reference;
  await flagUrgent(sauti.platform, ig, flagged.id, {
    category: 'other',
    unit: 'IAU',
    days: 7,
    instruction: 'Look into it',
  });
  await moderateQuestion(sauti.platform, moderator, flagged.id, {
    decision: 'reject',
    reason: 'Withdrawn by the asker',
  });
});
after(() => sauti.close());

describe('the summary figures', () => {
  test('count everything received, by topic, channel and status', async () => {
    const s = await sessionSummary(sauti.platform, id);
    assert.equal(s.session.state, 'live');
    assert.deepEqual(s.received, { total: 9, shown: 6, pending: 1, rejected: 2 });
    assert.deepEqual(
      s.byChannel.map((c) => [c.channel, c.count]),
      [
        ['web', 4],
        ['sms', 2],
        ['ussd', 0],
        ['x', 3],
      ],
    );
    const expected = new Map<string, number>();
    for (const q of asked) expected.set(q.topic, (expected.get(q.topic) ?? 0) + 1);
    for (const row of s.byTopic) assert.equal(row.count, expected.get(row.topic) ?? 0, row.topic);
    assert.equal(s.byTopic.length, topicCodes.length, 'every topic is listed, zeros included');
    assert.equal(s.byTopic.at(-1)!.topic, 'other', '"other" comes last');
    const counts = s.byTopic.slice(0, -1).map((r) => r.count);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => b - a),
      'most questions first',
    );
  });

  test('clusters, the answered share, the heaviest clusters with their answers', async () => {
    const s = await sessionSummary(sauti.platform, id);
    const clusters = new Set(asked.map((q) => q.clusterId)).size;
    assert.equal(asked[0]!.clusterId, asked[1]!.clusterId, 'the same question twice is one cluster');
    assert.deepEqual(s.clusters, { asked: clusters, answered: 2, share: 2 / clusters });
    assert.equal(s.top[0]!.id, traffic.clusterId, 'one asker and three upvotes outweigh two askers');
    assert.equal(s.top[0]!.weight, 4);
    assert.equal(s.top[1]!.id, salama.clusterId);
    assert.equal(s.top[1]!.askers, 2);
    assert.match(s.top[1]!.answers[0]!.body, /Abstracts are free/);
    for (const c of s.top)
      assert.ok(![SECRET_PENDING, SECRET_REJECTED, SECRET_FLAGGED].includes(c.body), 'only approved text');
  });

  test('urgent cases: counted all, listed only from published questions', async () => {
    const s = await sessionSummary(sauti.platform, id);
    assert.equal(s.urgent.count, 2);
    assert.equal(s.urgent.unlisted, 1);
    assert.deepEqual(
      s.urgent.listed.map((u) => u.reference),
      [reference],
    );
  });

  test('a commitment is open, overdue after its date, done once marked done', async () => {
    let s = await sessionSummary(sauti.platform, id);
    assert.equal(s.commitments.length, 1);
    assert.equal(s.commitments[0]!.status, 'open');
    assert.equal(s.commitments[0]!.unitCode, 'IAU');
    s = await sessionSummary(sauti.platform, id, new Date(sauti.platform.clock.now().getTime() + 12 * DAY));
    assert.equal(s.commitments[0]!.status, 'overdue');
  });

  test('an unknown or malformed session is not found', async () => {
    await assert.rejects(sessionSummary(sauti.platform, '987654321'), { code: 'not_found' });
    await assert.rejects(sessionSummary(sauti.platform, '1; drop table engage_sessions'), { code: 'not_found' });
  });
});

describe('the summary page', () => {
  test('shows the figures, the charts with their tables, answers, cases and commitments', async () => {
    const res = await new Browser(sauti.app).get(`/engage/sessions/${id}/summary`);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    const html = res.body;
    assert.match(html, /<h1>Session summary: #EngageTheIG, /);
    assert.match(html, /This session is live now/);
    assert.match(
      html,
      /<span class="summary-figure-value">9<\/span> <span class="summary-figure-label">questions received<\/span>/,
    );
    assert.match(html, /6 published, 1 waiting for a moderator, 2 not published/);
    assert.match(
      html,
      /<svg class="chart-svg" role="img" aria-labelledby="summary-topics-chart-title summary-topics-chart-desc"/,
    );
    assert.match(html, /<title id="summary-channels-chart-title">Bar chart: Questions received by channel<\/title>/);
    assert.match(html, /<th scope="row">Web<\/th><td>4 \(44%\)<\/td>/);
    assert.match(html, /<th scope="row">SMS<\/th><td>2 \(22%\)<\/td>/);
    assert.match(html, /<th scope="row">X<\/th><td>3 \(33%\)<\/td>/);
    assert.match(html, /Abstracts are free\. IAU will investigate Salama\./);
    assert.match(html, new RegExp(`<span class="tag case">Case opened</span> ${reference}`));
    assert.match(html, /1 more case was opened from a question that is not published/);
    assert.match(html, /IAU to investigate abstract fees at Salama/);
    assert.match(html, /Internal Affairs Unit, due /);
    assert.match(html, new RegExp(`href="/engage/sessions/${id}/summary.pdf\\?lang=en"`));
  });

  test('no id is used twice (a chart title is not its section heading), in either language, with or without questions', async () => {
    const empty = await session('upcoming', 3 * 24 * 60);
    for (const [sessionId, lang] of [
      [id, 'en'],
      [id, 'sw'],
      [empty, 'en'],
    ] as const) {
      const { statusCode, body } = await new Browser(sauti.app).get(`/engage/sessions/${sessionId}/summary`, {
        cookie: `sauti_lang=${lang}`,
      });
      assert.equal(statusCode, 200);
      const ids = [...body.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
      assert.ok(ids.length >= (sessionId === id ? 10 : 2), `${ids.length} ids`);
      const twice = ids.filter((one, i) => ids.indexOf(one) !== i);
      assert.deepEqual(twice, [], `ids used more than once on ${lang}`);
      // every reference names an id on the page
      for (const m of body.matchAll(/aria-(?:labelledby|describedby)="([^"]*)"/g))
        for (const ref of m[1]!.split(' ')) assert.ok(ids.includes(ref), `${ref} is on the page`);
      for (const m of body.matchAll(/href="#([^"]+)"/g)) assert.ok(ids.includes(m[1]!), `#${m[1]} is on the page`);
    }
    const { body } = await new Browser(sauti.app).get(`/engage/sessions/${id}/summary`);
    assert.match(body, /<section aria-labelledby="summary-topics-title"><h2 id="summary-topics-title">/);
  });

  test('never shows pending or rejected text, nor who asked', async () => {
    const { body } = await new Browser(sauti.app).get(`/engage/sessions/${id}/summary`);
    for (const secret of ['Zebraquartz', 'Xylophonic', 'Quokkaflag', 'Withdrawn by the asker', 'Advertising'])
      assert.doesNotMatch(body, new RegExp(secret), secret);
    for (const q of asked) {
      assert.ok(!body.includes(q.participant), 'no participant id');
      assert.ok(!body.includes(participantTag(sauti.platform, q.participant)), 'no participant tag');
    }
  });

  test('escapes HTML in questions', async () => {
    const { body } = await new Browser(sauti.app).get(`/engage/sessions/${id}/summary`);
    assert.ok(!body.includes('<script>alert'), 'the script is not markup');
    assert.ok(!body.includes('<b>digital OB</b>'));
    assert.match(body, /&lt;script>alert\(&quot;x&quot;\)&lt;\/script>|&lt;script&gt;alert/);
  });

  test('renders in Kiswahili', async () => {
    const res = await new Browser(sauti.app).get(`/engage/sessions/${id}/summary`, { cookie: 'sauti_lang=sw' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="sw">/);
    assert.match(res.body, /Muhtasari wa kikao: #EngageTheIG/);
    assert.match(res.body, /Maswali yaliyopokelewa kwa njia/);
    assert.match(res.body, /<th scope="row">Tovuti<\/th>/);
    assert.match(res.body, /Kesi \d+ nyingine ilifunguliwa/);
    assert.match(res.body, /summary\.pdf\?lang=sw/);
    assert.doesNotMatch(res.body, /questions received/);
  });

  test('a session that has not happened yet says so; one without questions too', async () => {
    const upcoming = await session('upcoming', 3 * 24 * 60);
    const { body } = await new Browser(sauti.app).get(`/engage/sessions/${upcoming}/summary`);
    assert.match(body, /This session has not taken place yet/);
    assert.match(body, /No questions have been sent for this session yet/);
    assert.doesNotMatch(body, /The figures below count/, 'no figures to speak of');
    assert.doesNotMatch(
      body,
      /<svg class="chart-svg"|class="summary-figures"|summary-commitments-title/,
      'no empty charts, figures or lists',
    );
    const cancelled = await session('cancelled', 2 * 24 * 60);
    const gone = await new Browser(sauti.app).get(`/engage/sessions/${cancelled}/summary`);
    assert.match(gone.body, /was cancelled/);
    const s = await sessionSummary(sauti.platform, upcoming);
    assert.equal(s.clusters.share, null);
    assert.equal(s.received.total, 0);
  });

  test('404 for an unknown or non-numeric session, page and PDF alike', async () => {
    const browser = new Browser(sauti.app);
    for (const url of [
      '/engage/sessions/987654321/summary',
      '/engage/sessions/abc/summary',
      '/engage/sessions/12345678901234567890123/summary',
      '/engage/sessions/987654321/summary.pdf',
      '/engage/sessions/abc/summary.pdf',
    ]) {
      const res = await browser.get(url);
      assert.equal(res.statusCode, 404, url);
    }
  });
});

describe('the summary PDF', () => {
  test('is a tagged PDF of at least one page, named after the session, in English by default', async () => {
    const res = await new Browser(sauti.app).get(`/engage/sessions/${id}/summary.pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(
      res.headers['content-disposition'] as string,
      /^attachment; filename="engagetheig-\d{4}-\d{2}-\d{2}-summary-en\.pdf"$/,
    );
    const bytes = res.rawPayload;
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const info = await pdfInfo(bytes);
    assert.ok(Number(info.Pages) >= 1);
    assert.match(info.Title ?? '', /^Session summary: #EngageTheIG/);
    assert.equal(info.Tagged, 'yes');
    assert.equal(pdfLanguage(bytes), 'en-KE');
    assert.equal(unmarkedText(bytes).unmarked, 0, 'every piece of text is in the structure or page furniture');
    const text = await pdfText(bytes);
    const tree = await pdfStructure(bytes);
    // a figure's label may wrap in its panel; read in the structure, the panel is one paragraph
    assert.match(tree, /"9 questions received /);
    assert.match(text, /Questions received by topic/);
    assert.match(text, new RegExp(`Case opened: ${reference}`));
    assert.match(text, /IAU to investigate abstract fees at Salama/);
    for (const secret of ['Zebraquartz', 'Xylophonic', 'Quokkaflag']) {
      assert.doesNotMatch(text, new RegExp(secret), secret);
      assert.doesNotMatch(tree, new RegExp(secret), secret);
    }
    assert.match(tree, /H1 \(block\)\n {4}"Session summary: #EngageTheIG/);
    assert.match(
      tree,
      /"Questions received by topic"\n {2}Table \(block\)\n {4}TR\n {6}TH:\n {9}\/Scope \/Row\n {8}"[^"]+"\n {6}TD\n {8}"\d+ \(\d+%\)"/,
    );
    assert.match(
      tree,
      /L \(block\)\n {4}LI \(block\)\n {6}Lbl \(block\)\n {8}"1\. "\n {6}LBody \(block\)\n {8}P \(block\)/,
    );
  });

  test('prints Kiswahili, Kikuyu and names in other scripts as written; what no font has, visibly', async () => {
    const res = await new Browser(sauti.app).get(`/engage/sessions/${id}/summary.pdf`);
    assert.equal(res.statusCode, 200);
    const text = await pdfText(res.rawPayload);
    assert.match(text, /Officers need mental health support 😀/);
    assert.match(text, /asante sana ❤/);
    for (const name of ['Wanjĩkũ from Kĩambu', 'Αλέξανδρος', 'Мария', 'محمد'])
      assert.ok(text.includes(name), `${name} printed as written`);
    // the flag and the thumbs-up with its skin tone are in no font here: boxes, and the PDF says so
    assert.match(text, /Characters this PDF has no letter for/);
  });

  test('follows ?lang=sw, else the language the pages use', async () => {
    const sw = await new Browser(sauti.app).get(`/engage/sessions/${id}/summary.pdf?lang=sw`);
    assert.equal(sw.statusCode, 200);
    assert.match(sw.headers['content-disposition'] as string, /summary-sw\.pdf"$/);
    assert.match((await pdfInfo(sw.rawPayload)).Title ?? '', /^Muhtasari wa kikao/);
    assert.equal(pdfLanguage(sw.rawPayload), 'sw-KE');
    assert.match(await pdfText(sw.rawPayload), /Maswali yaliyopokelewa kwa mada/);
    const cookie = await new Browser(sauti.app).get(`/engage/sessions/${id}/summary.pdf`, { cookie: 'sauti_lang=sw' });
    assert.match(await pdfText(cookie.rawPayload), /Ahadi zilizotolewa/);
  });

  test('is made for a session without questions', async () => {
    const empty = await session('upcoming', 5 * 24 * 60);
    const res = await new Browser(sauti.app).get(`/engage/sessions/${empty}/summary.pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal((await pdfInfo(res.rawPayload)).Pages, '1');
    assert.match(await pdfText(res.rawPayload), /No questions have been sent for this session yet/);
    assert.doesNotMatch(await pdfText(res.rawPayload), /Characters this PDF cannot print/);
  });
});

describe('the parts', () => {
  test('printable text: every letter kept with its accents, each character the font lacks counted once', () => {
    const charset = new Set([...Array(0x250).keys()].filter((c) => c >= 0x20 && !(c >= 0x7f && c < 0xa0)));
    assert.deepEqual(printable('Wanjĩkũ', charset), { text: 'Wanjĩkũ', missing: 0 });
    assert.deepEqual(printable('cafe\u0301', charset), { text: 'café', missing: 0 }, 'composed first');
    const emoji = printable('ok 👍🏽 🇰🇪 👩‍👩‍👧 ❤️!', charset);
    assert.equal(emoji.missing, 4, 'one per emoji, whatever its code points');
    assert.equal(emoji.text, 'ok 👍🏽 🇰🇪 👩‍👩‍👧 ❤!');
    assert.deepEqual(printable('a\u00a0b\u200bc\r\nd\u0007', charset), { text: 'a bc\nd', missing: 0 });
    assert.equal(printable('Кенія 中文', charset).missing, 7);
  });

  test('bar lengths: proportional, visible when small, none for zero', () => {
    assert.equal(barPercent(0, 10), 0);
    assert.equal(barPercent(10, 10), 75);
    assert.equal(barPercent(5, 10), 37.5);
    assert.equal(barPercent(1, 100000), 0.75);
    assert.equal(barPercent(3, 0), 0);
  });
});
