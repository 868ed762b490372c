import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { readSmsSettings } from './settings.ts';

const read = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { settings: readSmsSettings(env, problems), problems };
};

test('without AT_API_URL SMS wait in the outbox; an AT_* setting without it is named as a mistake', () => {
  assert.deepEqual(read({}), {
    settings: { gateway: undefined, timeoutMs: 10_000, perSecond: 50, perNumberPerHour: 10 },
    problems: [],
  });
  assert.match(read({ AT_API_KEY: 'k' }).problems.join(), /AT_API_KEY set but AT_API_URL is not/);
});

test('the gateway needs https (plain http only on this machine), a user name and a key, which never prints', () => {
  assert.match(
    read({ AT_API_URL: 'http://api.example.com', AT_USERNAME: 'u', AT_API_KEY: 'k' }).problems.join(),
    /AT_API_URL must be https/,
  );
  assert.match(
    read({ AT_API_URL: 'https://api.africastalking.com' }).problems.join(),
    /AT_USERNAME is required.*AT_API_KEY is required/,
  );
  const { settings, problems } = read({
    AT_API_URL: 'http://127.0.0.1:7391/',
    AT_USERNAME: 'sandbox',
    AT_API_KEY: 'secret-key-123',
    SMS_PER_SECOND: '5',
  });
  assert.deepEqual(problems, []);
  assert.equal(settings.gateway?.apiUrl, 'http://127.0.0.1:7391');
  assert.equal(settings.perSecond, 5);
  assert.doesNotMatch(JSON.stringify(settings) + inspect(settings, { depth: 5 }), /secret-key-123/);
  assert.equal(settings.gateway?.apiKey.header(), 'secret-key-123');
});
