import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { readMailSettings } from './settings.ts';

const read = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { settings: readMailSettings(env, problems), problems };
};

test('without SMTP_URL e-mail waits in the outbox; MAIL_FROM without it is named as a mistake', () => {
  assert.deepEqual(read({}), { settings: { smtpUrl: undefined, from: '' }, problems: [] });
  assert.match(read({ MAIL_FROM: 'a@b.ke' }).problems.join(), /MAIL_FROM set but SMTP_URL is not/);
});

test('SMTP_URL is smtp:// or smtps:// naming a server, and needs a sender; a refusal never repeats a password', () => {
  const refusals: Array<[string, RegExp]> = [
    ['http://mail.example.org', /SMTP_URL must start with smtp:\/\/ or smtps:\/\//],
    ['mail.example.org:25', /SMTP_URL must start with smtp:\/\/ or smtps:\/\//],
    ['not a url', /SMTP_URL is not an address/],
    [
      'smtp://user:hunter2-secret@mail.example.org/inbox',
      /without a path or query \(got "smtp:\/\/mail.example.org\/inbox"\)/,
    ],
    ['smtps://user:hunter2-secret@mail.example.org?pool=true', /without a path or query/],
  ];
  for (const [url, problem] of refusals) {
    const { problems } = read({ SMTP_URL: url, MAIL_FROM: 'Sauti <no-reply@sauti.example.org>' });
    assert.equal(problems.length, 1, url);
    assert.match(problems[0]!, problem);
    assert.doesNotMatch(problems[0]!, /hunter2/);
  }
  assert.match(read({ SMTP_URL: 'smtp://127.0.0.1:2525' }).problems.join(), /MAIL_FROM is required with SMTP_URL/);
  for (const from of ['nobody', 'a@b.ke, c@d.ke', 'Sauti'])
    assert.match(read({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: from }).problems.join(), /MAIL_FROM must be/);
});

test('the password in SMTP_URL never prints; plain smtp:// is only left without TLS on this machine', () => {
  const { settings, problems } = read({
    SMTP_URL: 'smtp://sauti:hunter2-secret@smtp.example.org:587',
    MAIL_FROM: 'Sauti <no-reply@sauti.example.org>',
  });
  assert.deepEqual(problems, []);
  assert.equal(settings.smtpUrl?.shown, 'smtp://smtp.example.org:587');
  assert.equal(settings.smtpUrl?.mustStartTls, true);
  assert.equal(settings.smtpUrl?.href(), 'smtp://sauti:hunter2-secret@smtp.example.org:587');
  assert.doesNotMatch(JSON.stringify(settings) + inspect(settings, { depth: 5 }), /hunter2/);
  assert.equal(settings.from, 'Sauti <no-reply@sauti.example.org>');
  const local = read({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'no-reply@localhost' });
  assert.deepEqual(local.problems, []);
  assert.equal(local.settings.smtpUrl?.mustStartTls, false);
  assert.equal(
    read({ SMTP_URL: 'smtps://mail.example.org', MAIL_FROM: 'a@b.ke' }).settings.smtpUrl?.mustStartTls,
    false,
  );
});
