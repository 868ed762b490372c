import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import { findUserByUsername } from '../../../platform/auth/service.ts';
import { toActor } from '../../../platform/auth/store.ts';
import { Browser, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { ConfigError, loadConfig } from '../../../config.ts';
import { localDate, localTime } from '../schedule.ts';
import { banAsker } from '../moderation/service.ts';
import { createOneOffSession } from '../schedule/series.ts';
import { setSessionLive } from '../schedule/service.ts';
import { QUESTIONS_PER_TEN_MINUTES } from '../shared.ts';
import { channelParticipant } from './intake.ts';
import { internationalNumber } from './sms.ts';
import { channelSettings } from './settings.ts';

const TOKEN = 'sms-callback-token-0123456789-abcdefghij';
const zone = 'Africa/Nairobi';
let sauti: TestContext;
let ig: StaffActor;
let moderator: StaffActor;
const logs: string[] = [];

const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  sauti.platform.db.pool.query<T>(sql, params).then((r) => r.rows);

async function actor(username: string): Promise<StaffActor> {
  return toActor((await findUserByUsername(sauti.platform.db.pool, username))!);
}

/** A one-off session starting `inMinutes` from now, opened early when `live`. */
async function session(
  inMinutes: number,
  options: { live?: boolean; moderation?: 'pre' | 'post' } = {},
): Promise<string> {
  const at = new Date(sauti.platform.clock.now().getTime() + inMinutes * 60_000);
  const id = await createOneOffSession(sauti.platform, ig, {
    date: localDate(at, zone),
    time: localTime(at, zone),
    durationMinutes: 60,
    moderation: options.moderation ?? 'pre',
  });
  if (options.live) await setSessionLive(sauti.platform, ig, id, true);
  return id;
}

let counter = 0;
/** A fresh Kenyan mobile number and Africa's Talking message id for each message. */
const phone = () => `+2547${String(10_000_000 + Math.floor(Math.random() * 89_999_999)).padStart(8, '0')}`;
const messageId = () => `ATXid_${Date.now().toString(36)}${(counter += 1)}`;

/** The callback exactly as Africa's Talking sends it: a form-encoded POST. */
function callback(fields: Record<string, string>, token: string | null = TOKEN): Promise<LightMyRequestResponse> {
  return sauti.app.inject({
    method: 'POST',
    url: token === null ? '/channels/sms/engage' : `/channels/sms/engage?token=${encodeURIComponent(token)}`,
    payload: new URLSearchParams({
      to: '22384',
      date: '2026-06-22 11:05:00',
      linkId: 'SampleLinkId123',
      ...fields,
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

interface Answer {
  outcome: string;
  question: string | null;
  session: string | null;
  language: string;
  reply: string;
}

async function sms(from: string, text: string, id = messageId()): Promise<Answer> {
  const res = await callback({ from, text, id });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Answer;
}

const questionCount = async () => (await query<{ n: number }>('select count(*)::int as n from engage_questions'))[0]!.n;

/** Every row of every table as text: what "never stored" is checked against. */
async function wholeDatabase(): Promise<string> {
  const tables = await query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const out: string[] = [];
  for (const { table_name } of tables) {
    for (const row of await query<{ t: string }>(`select t::text as t from "${table_name}" t`)) out.push(row.t);
  }
  return out.join('\n');
}

before(async () => {
  sauti = await startSauti({
    env: { ENGAGE_SMS_TOKEN: TOKEN, LOG_LEVEL: 'info' },
    app: { logStream: { write: (line: string) => void logs.push(line) } },
  });
  ig = await actor('ig.office');
  moderator = await actor('moderator');
});
after(() => sauti.close());

describe('the SMS callback', () => {
  test('with no session taking questions the sender is told so, in their language, and nothing is stored', async () => {
    const english = await sms(phone(), 'When will the police stop asking for bribes at roadblocks?');
    assert.equal(english.outcome, 'no_session');
    assert.equal(english.question, null);
    assert.match(english.reply, /No #EngageTheIG session is taking questions now/);
    assert.match(english.reply, /http:\/\/localhost:\d+\/engage$/);
    const kiswahili = await sms(phone(), 'Je, ni lini polisi wataacha kuomba hongo kwa barabara?');
    assert.equal(kiswahili.language, 'sw');
    assert.match(kiswahili.reply, /Hakuna kikao cha #EngageTheIG/);
    assert.equal(await questionCount(), 0);
    assert.equal((await query('select 1 from engage_participants')).length, 0);
  });

  test('the question goes to the next session when none is live, and to the live one when there is one', async () => {
    const upcoming = await session(180);
    const ahead = await sms(phone(), 'Will the IG visit Makueni county this year?');
    assert.equal(ahead.outcome, 'stored');
    assert.equal(ahead.session, upcoming);
    const live = await session(30, { live: true, moderation: 'post' });
    const now = await sms(phone(), 'Why are OB numbers not given at Salama police station?');
    assert.equal(now.outcome, 'stored');
    assert.equal(now.session, live);
    assert.match(now.reply, new RegExp(`is now shown: http://localhost:\\d+/engage/sessions/${live}$`));
  });

  test('a question by SMS is stored with channel sms, masked, under a keyed hash of the number; the number is stored and logged nowhere', async () => {
    const from = '+254712345678';
    const id = messageId();
    const answer = await sms(
      from,
      '#EngageTheIG Officers at Kasarani took KSh 2,000 from me. Call me on 0722 111 222, my ID is 23456789.',
      id,
    );
    assert.equal(answer.outcome, 'stored');
    const [row] = await query<Record<string, unknown>>('select * from engage_questions where id = $1', [
      answer.question,
    ]);
    assert.equal(row!.channel, 'sms');
    assert.equal(row!.external_id, id);
    assert.equal(row!.external_url, null);
    assert.equal(row!.display_name, null);
    assert.equal(row!.body, 'Officers at Kasarani took KSh 2,000 from me. Call me on 07•• ••• •22, my ID is ••••••••.');
    assert.equal(row!.masked_count, 2);
    assert.equal(row!.participant_id, channelParticipant(sauti.platform, 'sms', from));
    assert.match(String(row!.participant_id), /^sms-[0-9a-f]{64}$/);
    // the sender's number in any form, and the number in the text, appear nowhere in the database
    const everything = await wholeDatabase();
    for (const digits of ['712345678', '722111222', '23456789'])
      assert.ok(!everything.includes(digits), `${digits} is stored somewhere`);
    assert.ok(!logs.join('').includes('712345678'), 'the number is in the logs');
    assert.ok(
      logs.some((l) => l.includes('engage: SMS question') && l.includes(id)),
      'the message id and outcome are logged',
    );
    // shown on the public page (the session is post-moderated), masked
    const page = await new Browser(sauti.app).get(`/engage/sessions/${answer.session}`);
    assert.match(page.body, /Officers at Kasarani took KSh 2,000 from me\. Call me on 07•• ••• •22/);
  });

  test('the same number is the same participant whatever its format; another number is another', () => {
    const a = channelParticipant(sauti.platform, 'sms', internationalNumber('+254 712 345 678')!);
    assert.equal(a, channelParticipant(sauti.platform, 'sms', internationalNumber('0712345678')!));
    assert.equal(a, channelParticipant(sauti.platform, 'sms', internationalNumber('254712345678')!));
    assert.notEqual(a, channelParticipant(sauti.platform, 'sms', internationalNumber('+254712345679')!));
    assert.notEqual(a, channelParticipant(sauti.platform, 'x', '+254712345678'));
  });

  test('a retried callback (same message id) is stored once and answered the same, even when the retries race', async () => {
    const from = phone();
    const id = messageId();
    const before = await questionCount();
    const first = await sms(from, 'How do I report an officer who refused to record my complaint?', id);
    assert.equal(first.outcome, 'stored');
    const again = await sms(from, 'How do I report an officer who refused to record my complaint?', id);
    assert.equal(again.outcome, 'duplicate');
    assert.equal(again.question, first.question);
    assert.equal(again.reply, first.reply);
    const raced = messageId();
    const answers = await Promise.all(
      [1, 2, 3].map(() => sms(from, 'Is the police clearance certificate free of charge?', raced)),
    );
    assert.deepEqual(answers.map((a) => a.outcome).sort(), ['duplicate', 'duplicate', 'stored']);
    assert.equal(new Set(answers.map((a) => a.question)).size, 1);
    assert.equal(await questionCount(), before + 2);
    assert.equal((await query('select 1 from engage_questions where external_id = $1', [raced])).length, 1);
  });

  test('without the right token the callback is refused and nothing is stored', async () => {
    const before = await questionCount();
    const fields = { from: phone(), text: 'A forged question', id: messageId() };
    for (const token of [null, '', 'wrong', `${TOKEN.slice(0, -1)}X`, `${TOKEN}X`]) {
      const res = await callback(fields, token);
      assert.equal(res.statusCode, 403, `token ${token}`);
      assert.doesNotMatch(res.body, /A forged question/);
    }
    // the token goes in the query string, not in the body
    const inBody = await sauti.app.inject({
      method: 'POST',
      url: '/channels/sms/engage',
      payload: new URLSearchParams({ ...fields, token: TOKEN }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(inBody.statusCode, 403);
    assert.equal(await questionCount(), before);
  });

  test('with no token configured the SMS channel is off (404)', async () => {
    const channels = sauti.platform.config.settings.of(channelSettings);
    const saved = channels.smsToken;
    channels.smsToken = undefined;
    try {
      const res = await callback({ from: phone(), text: 'Is anyone there?', id: messageId() });
      assert.equal(res.statusCode, 404);
    } finally {
      channels.smsToken = saved;
    }
  });

  test('an over-long or empty question is refused with a clear reply and nothing is stored', async () => {
    const before = await questionCount();
    const long = await sms(phone(), `Why ${'is the OB closed at night '.repeat(20)}?`);
    assert.equal(long.outcome, 'too_long');
    assert.match(long.reply, /at most 500 characters/);
    const longSw = await sms(phone(), `Kwa nini kituo cha polisi ${'kinafungwa usiku na askari hawapo '.repeat(15)}?`);
    assert.equal(longSw.outcome, 'too_long');
    assert.match(longSw.reply, /zisizozidi 500/);
    const empty = await sms(phone(), '   ');
    assert.equal(empty.outcome, 'empty');
    const onlyHashtag = await sms(phone(), '#EngageTheIG');
    assert.equal(onlyHashtag.outcome, 'empty');
    assert.equal(await questionCount(), before);
  });

  test('a malformed callback is a 400 naming the field, without echoing the number', async () => {
    const noFrom = await callback({ text: 'Question', id: messageId() });
    assert.equal(noFrom.statusCode, 400);
    assert.deepEqual(
      (noFrom.json() as { error: { fields: Array<{ field: string }> } }).error.fields.map((f) => f.field),
      ['from'],
    );
    const badFrom = await callback({ from: '+25479998x876', text: 'Question', id: messageId() });
    assert.equal(badFrom.statusCode, 400);
    assert.doesNotMatch(badFrom.body, /2547999|998x876/);
    const noId = await callback({ from: phone(), text: 'Question' });
    assert.equal(noId.statusCode, 400);
    assert.deepEqual(
      (noId.json() as { error: { fields: Array<{ field: string }> } }).error.fields.map((f) => f.field),
      ['id'],
    );
    const badId = await callback({ from: phone(), text: 'Question', id: 'a b<c>' });
    assert.equal(badId.statusCode, 400);
  });

  test('a banned participant is refused, whatever format their number comes in', async () => {
    const from = '+254733000111';
    const first = await sms(from, 'Buy cheap phones at my shop in Nairobi, best prices!');
    assert.equal(first.outcome, 'stored');
    await banAsker(sauti.platform, moderator, first.question!, { reason: 'Advertising' });
    const before = await questionCount();
    const again = await sms('0733000111', 'Why was I banned from asking questions?');
    assert.equal(again.outcome, 'banned');
    assert.match(again.reply, /no longer accepted/);
    assert.equal(again.question, null);
    assert.equal(await questionCount(), before);
  });

  test('per-participant limits apply: the eleventh question in ten minutes is refused', async () => {
    const from = phone();
    for (let i = 0; i < QUESTIONS_PER_TEN_MINUTES; i += 1)
      assert.equal((await sms(from, `Question number ${i} about station ${i} and its officers`)).outcome, 'stored');
    const over = await sms(from, 'One question too many about the traffic base');
    assert.equal(over.outcome, 'too_many');
    assert.match(over.reply, /wait a few minutes/);
  });
});

describe('configuration', () => {
  const base = { DATA_DIR: '/tmp/sauti-config-channels', SAUTI_SECRET: 'a'.repeat(40) };

  test('both channels are off by default; X points at api.x.com and polls every minute', () => {
    const config = loadConfig(base);
    assert.equal(config.settings.of(channelSettings).smsToken, undefined);
    assert.deepEqual(config.settings.of(channelSettings).x, {
      bearerToken: undefined,
      apiUrl: 'https://api.x.com',
      pollSeconds: 60,
    });
    const on = loadConfig({
      ...base,
      ENGAGE_SMS_TOKEN: TOKEN,
      X_BEARER_TOKEN: 'AAAA%2Fabc%3D',
      X_API_URL: 'http://127.0.0.1:9999/',
      X_POLL_SECONDS: '15',
    });
    assert.equal(on.settings.of(channelSettings).smsToken, TOKEN);
    assert.deepEqual(on.settings.of(channelSettings).x, {
      bearerToken: 'AAAA%2Fabc%3D',
      apiUrl: 'http://127.0.0.1:9999',
      pollSeconds: 15,
    });
  });

  test('every wrong channel setting is named', () => {
    assert.throws(
      () =>
        loadConfig({
          ...base,
          ENGAGE_SMS_TOKEN: 'too-short',
          X_BEARER_TOKEN: 'two words',
          X_API_URL: 'ftp://api.x.com',
          X_POLL_SECONDS: '0',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const name of ['ENGAGE_SMS_TOKEN', 'X_BEARER_TOKEN', 'X_API_URL', 'X_POLL_SECONDS'])
          assert.ok(
            error.problems.some((p) => p.startsWith(name)),
            `names ${name}`,
          );
        return true;
      },
    );
    assert.throws(() => loadConfig({ ...base, ENGAGE_SMS_TOKEN: `${'a'.repeat(40)}?x=1` }), /ENGAGE_SMS_TOKEN/);
  });
});
