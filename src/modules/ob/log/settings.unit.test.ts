import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { logSettings } from './settings.ts';

const read = (env: Record<string, string>) => {
  const problems: string[] = [];
  const settings = logSettings.read(env, problems);
  return { settings, problems };
};

test('instances sharing a PostgreSQL server must be given the log key: each would otherwise sign with its own', () => {
  assert.match(
    read({ DATABASE_URL: 'postgres://db/sauti' }).problems.join('\n'),
    /OB_LOG_SIGNING_KEY is required with DATABASE_URL/,
  );
  assert.deepEqual(read({}).problems, [], 'the embedded default generates its key');
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.deepEqual(read({ DATABASE_URL: 'postgres://db/sauti', OB_LOG_SIGNING_KEY: pem }).problems, []);
  assert.match(
    read({ OB_LOG_SIGNING_KEY: 'hunter2' }).problems.join('\n'),
    /OB_LOG_SIGNING_KEY must be an Ed25519 private key/,
  );
});
