import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, resetClock, startSauti, until, type TestContext } from '../../../test/helpers.ts';
import { inTransaction } from '../db/database.ts';
import {
  mailByKey,
  MAIL_MAX_ATTEMPTS,
  queueMail,
  startMailCapture,
  wakeMailDispatch,
  type MailToSend,
  type OutboxMail,
  type RunningMailCapture,
} from './index.ts';

/**
 * The mail outbox against a real SMTP server (the capture server): a message waits while the server is down and
 * goes once it is back, a key is sent once, a refusal for good ends it, a server that keeps refusing is given up,
 * no address is written anywhere but the sealed column; the demo's page; and a wrong SMTP_URL stops Sauti.
 */

let sauti: TestContext;
let port = 0;
let capture: RunningMailCapture | undefined;
const pool = () => sauti.platform.db.pool;

before(async () => {
  port = await freePort();
  sauti = await startSauti({
    env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Sauti <no-reply@sauti.example.org>', SAUTI_DEMO: 'true' },
    demoStaff: false,
  });
});
after(async () => {
  resetClock(sauti.platform);
  await capture?.close();
  await sauti.close();
});

const mail = (key: string, to: string): MailToSend => ({
  key,
  purpose: 'test.mail',
  to,
  subject: `Test ${key}`,
  text: `First paragraph of ${key}.\n\nSecond paragraph.`,
  language: 'en',
});
const queue = (m: MailToSend) => inTransaction(pool(), (client) => queueMail(sauti.platform, client, m));
const row = async (key: string): Promise<OutboxMail> => (await mailByKey(pool(), key))[0]!;
const triedOnce = async (key: string) => {
  const { status, attempts } = await row(key);
  return status === 'queued' && attempts === 1;
};

/** Stands the clock just past the message's next try and wakes the dispatch job. */
async function retryNow(key: string): Promise<void> {
  sauti.platform.clock.set(new Date((await row(key)).next_attempt_at.getTime() + 1000));
  await wakeMailDispatch(sauti.platform);
}

test('a message queued while the SMTP server is down waits, and is sent once the server is back', async () => {
  assert.equal(await queue(mail('test.down:1', 'achieng@example.org')), true);
  await until('the first try failed', () => triedOnce('test.down:1'));
  const waiting = await row('test.down:1');
  assert.equal(waiting.status, 'queued');
  assert.match(waiting.failure_reason ?? '', /^ESOCKET \(ECONNREFUSED\)|^ECONNECTION/);
  assert.equal(waiting.address_kept, true);
  const gapMs = waiting.next_attempt_at.getTime() - waiting.created_at.getTime();
  assert.ok(gapMs >= 25_000 && gapMs <= 40_000, `tried again after about 30 s, not ${gapMs} ms`);

  const refusals = new Map([
    ['nobody@example.org', 550],
    ['busy@example.org', 451],
  ]);
  capture = await startMailCapture({ port, refuseWith: (to) => refusals.get(to) });
  await retryNow('test.down:1');
  const got = await capture.received((m) => m.subject === 'Test test.down:1');
  assert.deepEqual(got.to, ['achieng@example.org']);
  assert.equal(got.from, 'no-reply@sauti.example.org');
  assert.equal(got.language, 'en');
  assert.equal(got.text.trim(), 'First paragraph of test.down:1.\n\nSecond paragraph.');
  await until('marked sent', async () => (await row('test.down:1')).status === 'sent');
  const sent = await row('test.down:1');
  assert.equal(sent.message_id, got.messageId, "the Message-ID the server's copy carries");
  assert.match(sent.server_response ?? '', /^250 OK: kept as \d+/);
  assert.equal(sent.address_kept, false, 'the address is erased once sent');
  assert.equal(sent.attempts, 2);
});

test('a message queued twice under one key is kept and sent once', async () => {
  assert.ok(capture, 'the server is up (the test before started it)');
  assert.equal(await queue(mail('test.once:1', 'baraka@example.org')), true);
  assert.equal(await queue(mail('test.once:1', 'baraka@example.org')), false);
  assert.equal((await mailByKey(pool(), 'test.once:')).length, 1);
  await capture.received((m) => m.subject === 'Test test.once:1');
  await until('marked sent', async () => (await row('test.once:1')).status === 'sent');
  assert.equal(capture.messages().filter((m) => m.subject === 'Test test.once:1').length, 1);
});

test('a recipient refused for good ends the message; one refused for now is tried again, then given up', async () => {
  assert.ok(capture);
  await queue(mail('test.refused:1', 'nobody@example.org'));
  await until('refused', async () => (await row('test.refused:1')).status === 'failed');
  const refused = await row('test.refused:1');
  assert.equal(refused.failure_reason, 'EENVELOPE SMTP 550 at RCPT TO');
  assert.equal(refused.attempts, 1);
  assert.equal(refused.address_kept, false);

  await queue(mail('test.busy:1', 'busy@example.org'));
  await until('the first try failed', () => triedOnce('test.busy:1'));
  await pool().query(`update mail_outbox set attempts = $2 where key = $1`, ['test.busy:1', MAIL_MAX_ATTEMPTS - 1]);
  await retryNow('test.busy:1');
  await until('given up', async () => (await row('test.busy:1')).status === 'failed');
  const given = await row('test.busy:1');
  assert.equal(given.failure_reason, 'given up: EENVELOPE SMTP 451 at RCPT TO');
  assert.equal(given.attempts, MAIL_MAX_ATTEMPTS);
  assert.equal(given.address_kept, false);
  const { rows } = await pool().query(`select * from mail_outbox`);
  assert.doesNotMatch(JSON.stringify(rows), /nobody@|busy@|achieng@|baraka@/, 'no address in the clear');
  assert.ok(!capture.messages().some((m) => m.to.some((to) => /nobody|busy/.test(to))));
});

test('the demo shows what its capture server received at /demo/mail, addresses in part', async () => {
  assert.ok(capture);
  const page = await sauti.app.inject('/demo/mail');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /E-mail sent in the demo/);
  assert.match(page.body, /Test test\.down:1/);
  assert.match(page.body, /First paragraph of test\.down:1\./);
  assert.match(page.body, /a•••@example\.org/);
  assert.doesNotMatch(page.body, /achieng@/);
  const sw = await sauti.app.inject({ url: '/demo/mail', headers: { 'accept-language': 'sw' } });
  assert.match(sw.body, /Barua pepe zilizotumwa katika majaribio/);
});

/** Runs the `sauti` command as a process (without blocking this one's Sauti): its exit code and output. */
function command(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/sauti.js', ...args], { env, timeout: 60_000 }, (error, out, err) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    );
  });
}

test('a wrong SMTP_URL stops Sauti at start with a message naming it, never repeating its password', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sauti-mail-'));
  try {
    const env = {
      ...(process.env as Record<string, string>),
      DATA_DIR: dataDir,
      SMTP_URL: 'smtps://sauti:hunter2-secret@mail.example.org/inbox',
      MAIL_FROM: 'Sauti <no-reply@sauti.example.org>',
    };
    const run = await command(['serve'], env);
    assert.equal(run.code, 78, run.err);
    assert.match(run.err, /Sauti cannot start, the configuration is wrong/);
    assert.match(
      run.err,
      /SMTP_URL must name a server, without a path or query \(got "smtps:\/\/mail.example.org\/inbox"\)/,
    );
    assert.doesNotMatch(run.err + run.out, /hunter2/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
