import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'sauti-config-'));
const REGISTRY_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

test('defaults run the embedded database in demo mode on port 3000, with a secret generated once', () => {
  const dir = dataDir();
  const config = loadConfig({ DATA_DIR: dir });
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.demo, true);
  assert.equal(config.publicUrl, 'http://localhost:3000');
  assert.equal(config.evidenceMaxBytes, 500 * 1024 * 1024);
  assert.ok(config.secret.length >= 32);
  assert.equal(readFileSync(join(dir, 'secret'), 'utf8'), config.secret);
  assert.equal(loadConfig({ DATA_DIR: dir }).secret, config.secret, 'the same secret on the next start');
});

test('a PostgreSQL server means no demo data unless asked, and a secret and registry key must be given', () => {
  assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://db/sauti', DATA_DIR: dataDir() }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /SAUTI_SECRET is required/);
    assert.match(e.message, /REGISTRY_SIGNING_KEY is required with DATABASE_URL/);
    return true;
  });
  const config = loadConfig({ DATABASE_URL: 'postgres://db/sauti', SAUTI_SECRET: 'a'.repeat(40), REGISTRY_SIGNING_KEY, DATA_DIR: dataDir() });
  assert.equal(config.demo, false);
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://db/sauti', SAUTI_SECRET: 'a'.repeat(40), REGISTRY_SIGNING_KEY, SAUTI_DEMO: 'true', DATA_DIR: dataDir() }).demo, true);
});

test('every wrong setting is named in one clear message', () => {
  try {
    loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PUBLIC_URL: 'not a url', SAUTI_SECRET: 'short', EVIDENCE_MAX_BYTES: '-1', SAUTI_DEMO: 'maybe', LOG_LEVEL: 'loud', REGISTRY_SIGNING_KEY: 'not a key', DATA_DIR: dataDir() });
    assert.fail('should have thrown');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    for (const name of ['PORT', 'DATABASE_URL', 'PUBLIC_URL', 'SAUTI_SECRET', 'EVIDENCE_MAX_BYTES', 'SAUTI_DEMO', 'LOG_LEVEL', 'REGISTRY_SIGNING_KEY']) {
      assert.ok(error.problems.some((p) => p.startsWith(name)), `names ${name}`);
    }
  }
});

test('cookies are secure on https and on localhost', () => {
  assert.equal(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'https://sauti.example.go.ke' }).secureCookies, true);
  assert.equal(loadConfig({ DATA_DIR: dataDir() }).secureCookies, true);
  assert.equal(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'http://10.0.0.5:3000' }).secureCookies, false);
});
