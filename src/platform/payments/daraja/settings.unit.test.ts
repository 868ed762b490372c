import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  darajaResultFallback,
  darajaResultText,
  darajaResultWords,
  darajaTimestamp,
  parseDarajaTimestamp,
  readDarajaSettings,
  c2bValidationAnswer,
} from './index.ts';

const FULL = {
  DARAJA_BASE_URL: 'https://sandbox.safaricom.co.ke/',
  DARAJA_CONSUMER_KEY: 'key-Kq2',
  DARAJA_CONSUMER_SECRET: 'secret-Zx9',
  DARAJA_SHORTCODE: '174379',
  DARAJA_PASSKEY: 'passkey-Ab7',
};

function read(env: Record<string, string | undefined>) {
  const problems: string[] = [];
  return { settings: readDarajaSettings(env, problems), problems };
}

test('without DARAJA_BASE_URL payments by M-Pesa are off; other DARAJA_* settings alone are a mistake named', () => {
  assert.deepEqual(read({}), { settings: { enabled: false }, problems: [] });
  const stray = read({ DARAJA_CONSUMER_KEY: 'k', DARAJA_PASSKEY: 'p' });
  assert.equal(stray.settings.enabled, false);
  assert.equal(stray.problems.length, 1);
  assert.match(stray.problems[0]!, /DARAJA_CONSUMER_KEY, DARAJA_PASSKEY are set but DARAJA_BASE_URL is not/);
});

test('with DARAJA_BASE_URL every credential is required, and the secrets never show in logs, JSON or inspect', () => {
  const { settings, problems } = read(FULL);
  assert.deepEqual(problems, []);
  assert.ok(settings.enabled);
  assert.equal(settings.baseUrl, 'https://sandbox.safaricom.co.ke');
  assert.equal(settings.timeoutMs, 10_000);
  for (const shown of [JSON.stringify(settings), inspect(settings, { depth: 10, showHidden: true })]) {
    for (const secret of ['key-Kq2', 'secret-Zx9', 'passkey-Ab7']) assert.ok(!shown.includes(secret), shown);
  }
  assert.equal(
    settings.credentials.basicAuthorization(),
    `Basic ${Buffer.from('key-Kq2:secret-Zx9').toString('base64')}`,
  );
  const missing = read({ DARAJA_BASE_URL: FULL.DARAJA_BASE_URL });
  assert.deepEqual(missing.problems, [
    'DARAJA_CONSUMER_KEY is required with DARAJA_BASE_URL',
    'DARAJA_CONSUMER_SECRET is required with DARAJA_BASE_URL',
    'DARAJA_PASSKEY is required with DARAJA_BASE_URL',
    'DARAJA_SHORTCODE must be the paybill number, 5 to 7 digits (got "")',
  ]);
});

test('Daraja is reached over https; plain http only for a simulator on this machine; a wrong value is named', () => {
  assert.equal(read({ ...FULL, DARAJA_BASE_URL: 'http://127.0.0.1:7390' }).settings.enabled, true);
  assert.equal(read({ ...FULL, DARAJA_BASE_URL: 'http://localhost:7390' }).settings.enabled, true);
  assert.match(read({ ...FULL, DARAJA_BASE_URL: 'http://api.safaricom.co.ke' }).problems[0]!, /must be https:\/\//);
  assert.match(read({ ...FULL, DARAJA_BASE_URL: 'sandbox' }).problems[0]!, /DARAJA_BASE_URL must be an address/);
  assert.match(read({ ...FULL, DARAJA_SHORTCODE: '17437a' }).problems[0]!, /DARAJA_SHORTCODE must be/);
  assert.match(read({ ...FULL, DARAJA_TIMEOUT_MS: '50' }).problems[0]!, /DARAJA_TIMEOUT_MS must be a whole number/);
  const spaced = read({ ...FULL, DARAJA_CONSUMER_SECRET: 'two words' });
  assert.match(spaced.problems[0]!, /DARAJA_CONSUMER_SECRET must be at most 512 characters without spaces/);
  assert.ok(!spaced.problems[0]!.includes('two words'), 'the secret is not echoed');
});

test("Daraja's timestamps are Nairobi time, whatever the server's zone", () => {
  assert.equal(darajaTimestamp(new Date('2026-12-31T21:30:00Z')), '20270101003000');
  assert.equal(darajaTimestamp(new Date('2026-06-22T08:05:09Z')), '20260622110509');
  assert.deepEqual(parseDarajaTimestamp('20270101003000'), new Date('2026-12-31T21:30:00Z'));
  for (const wrong of ['20260230120000', '20261301000000', '20260101240000', '2026010100000', '2026-01-01']) {
    assert.equal(parseDarajaTimestamp(wrong), undefined, wrong);
  }
});

test('every result code the fines pages show has plain words in English and Kiswahili, and others a fallback', () => {
  for (const code of [0, 1, 17, 1019, 1025, 1032, 1037, 2001, 2028]) {
    const words = darajaResultWords[code];
    assert.ok(words && words.en.length > 0 && words.sw.length > 0, `words for ${code}`);
    assert.notEqual(words.en, words.sw);
  }
  assert.equal(darajaResultText(4999), darajaResultFallback);
  assert.match(darajaResultText(null).en, /Waiting/);
  assert.deepEqual(c2bValidationAnswer('accept'), { ResultCode: '0', ResultDesc: 'Accepted' });
  assert.deepEqual(c2bValidationAnswer('C2B00012'), { ResultCode: 'C2B00012', ResultDesc: 'Invalid Account Number' });
});
