import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'sauti-config-'));
const REGISTRY_SIGNING_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

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
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'postgres://db/sauti', DATA_DIR: dataDir() }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /SAUTI_SECRET is required/);
      assert.match(e.message, /REGISTRY_SIGNING_KEY is required with DATABASE_URL/);
      assert.match(e.message, /OB_LOG_SIGNING_KEY is required with DATABASE_URL/);
      assert.match(e.message, /DOCUMENTS_SIGNING_KEY is required with DATABASE_URL/);
      return true;
    },
  );
  const config = loadConfig({
    DATABASE_URL: 'postgres://db/sauti',
    SAUTI_SECRET: 'a'.repeat(40),
    REGISTRY_SIGNING_KEY,
    OB_LOG_SIGNING_KEY: REGISTRY_SIGNING_KEY,
    DOCUMENTS_SIGNING_KEY: REGISTRY_SIGNING_KEY,
    DATA_DIR: dataDir(),
  });
  assert.equal(config.demo, false);
  assert.equal(
    loadConfig({
      DATABASE_URL: 'postgres://db/sauti',
      SAUTI_SECRET: 'a'.repeat(40),
      REGISTRY_SIGNING_KEY,
      OB_LOG_SIGNING_KEY: REGISTRY_SIGNING_KEY,
      DOCUMENTS_SIGNING_KEY: REGISTRY_SIGNING_KEY,
      SAUTI_DEMO: 'true',
      DATA_DIR: dataDir(),
    }).demo,
    true,
  );
});

test('every wrong setting is named in one clear message', () => {
  try {
    loadConfig({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      PUBLIC_URL: 'not a url',
      SAUTI_SECRET: 'short',
      EVIDENCE_MAX_BYTES: '-1',
      SAUTI_DEMO: 'maybe',
      LOG_LEVEL: 'loud',
      REGISTRY_SIGNING_KEY: 'not a key',
      DATA_DIR: dataDir(),
    });
    assert.fail('should have thrown');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'PUBLIC_URL',
      'SAUTI_SECRET',
      'EVIDENCE_MAX_BYTES',
      'SAUTI_DEMO',
      'LOG_LEVEL',
      'REGISTRY_SIGNING_KEY',
    ]) {
      assert.ok(
        error.problems.some((p) => p.startsWith(name)),
        `names ${name}`,
      );
    }
  }
});

test('cookies are Secure only when PUBLIC_URL is https (a browser on plain http drops Secure cookies, even on localhost)', () => {
  assert.equal(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'https://sauti.example.go.ke' }).secureCookies, true);
  assert.equal(loadConfig({ DATA_DIR: dataDir() }).secureCookies, false);
  assert.equal(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'http://10.0.0.5:3000' }).secureCookies, false);
});

test('plain http while listening beyond this machine starts, with a warning naming PUBLIC_URL', () => {
  for (const host of [undefined, '127.0.0.1', '::1', 'localhost']) {
    assert.deepEqual(loadConfig({ DATA_DIR: dataDir(), ...(host ? { HOST: host } : {}) }).warnings, [], String(host));
  }
  assert.deepEqual(
    loadConfig({ DATA_DIR: dataDir(), HOST: '0.0.0.0', PUBLIC_URL: 'https://sauti.example.go.ke' }).warnings,
    [],
  );
  const [lan] = loadConfig({ DATA_DIR: dataDir(), HOST: '0.0.0.0', PUBLIC_URL: 'http://192.168.1.20:3000' }).warnings;
  assert.match(String(lan), /^PUBLIC_URL is http:\/\/192\.168\.1\.20:3000, plain http, while HOST=0\.0\.0\.0/);
  assert.match(String(lan), /without the Secure flag/);
  const [unset] = loadConfig({ DATA_DIR: dataDir(), HOST: '0.0.0.0' }).warnings;
  assert.match(String(unset), /the default; set PUBLIC_URL to the address people open/);
});

test('TRUST_PROXY takes false, a number of proxy hops, or proxy addresses and CIDR ranges', () => {
  const proxies = (value?: string) =>
    loadConfig({ DATA_DIR: dataDir(), ...(value === undefined ? {} : { TRUST_PROXY: value }) });
  for (const off of [undefined, '', 'false', '0', 'off']) {
    assert.equal(proxies(off).trustedProxies, false, String(off));
    assert.equal(proxies(off).trustProxy, false, String(off));
  }
  assert.equal(proxies('1').trustedProxies, 1);
  assert.equal(proxies('1').trustProxy, true);
  assert.deepEqual(proxies('10.0.0.0/8, 192.168.1.5,fd00::/8 ,loopback').trustedProxies, [
    '10.0.0.0/8',
    '192.168.1.5',
    'fd00::/8',
    'loopback',
  ]);
});

test('TRUST_PROXY=true is refused, saying what to write instead; so is anything that is not an address', () => {
  for (const value of ['true', 'TRUE', 'yes', 'on']) {
    assert.throws(
      () => loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: value }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.problems.length, 1);
        assert.match(e.problems[0]!, /^TRUST_PROXY=\S+ would believe any X-Forwarded-For a client sends/);
        assert.match(e.problems[0]!, /TRUST_PROXY=1 behind one load balancer/);
        assert.match(e.problems[0]!, /TRUST_PROXY=10\.0\.0\.0\/8/);
        return true;
      },
    );
  }
  for (const value of ['10.0.0.0/33', 'proxy.internal', '10.0.0.1,,x', '11', '1.5', '-1', '192.168.1.0/24/8']) {
    assert.throws(
      () => loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: value }),
      (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('TRUST_PROXY')),
      value,
    );
  }
});

test('METRICS_TOKEN is a bearer token of at least 32 characters', () => {
  assert.equal(loadConfig({ DATA_DIR: dataDir() }).metricsToken, undefined);
  const token = 'a'.repeat(24) + '-_.~+/=b0123';
  assert.equal(loadConfig({ DATA_DIR: dataDir(), METRICS_TOKEN: token }).metricsToken, token);
  for (const bad of ['short', 'has spaces in it and is long enough to pass', 'x'.repeat(31)]) {
    assert.throws(
      () => loadConfig({ DATA_DIR: dataDir(), METRICS_TOKEN: bad }),
      (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('METRICS_TOKEN')),
      bad,
    );
  }
});

test('per-client caps and server timeouts have defaults, and a wrong one is named', () => {
  const config = loadConfig({ DATA_DIR: dataDir() });
  assert.deepEqual(
    {
      streams: config.rateLimits.streams,
      openUploads: config.rateLimits.openUploads,
      uploads: config.rateLimits.uploads,
      uploadIdleMs: config.uploadIdleMs,
    },
    { streams: 20, openUploads: 10, uploads: 60, uploadIdleMs: 3600_000 },
  );
  assert.deepEqual(config.timeouts, { headersMs: 20_000, requestMs: 300_000, idleMs: 60_000, keepAliveMs: 72_000 });
  try {
    loadConfig({
      DATA_DIR: dataDir(),
      RATE_LIMIT_STREAMS: '0',
      UPLOAD_IDLE_MINUTES: 'soon',
      HEADERS_TIMEOUT_SECONDS: '30',
      REQUEST_TIMEOUT_SECONDS: '10',
      IDLE_TIMEOUT_SECONDS: '5',
    });
    assert.fail('should have thrown');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    for (const name of ['RATE_LIMIT_STREAMS', 'UPLOAD_IDLE_MINUTES', 'REQUEST_TIMEOUT_SECONDS', 'IDLE_TIMEOUT_SECONDS'])
      assert.ok(
        error.problems.some((p) => p.startsWith(name)),
        `names ${name}`,
      );
  }
});

test('look-ups by code: a generous ceiling, and proofs after wrong ones; RATE_LIMIT_RECEIPTS is read under its new name', () => {
  const config = loadConfig({ DATA_DIR: dataDir() });
  assert.deepEqual(config.codeLookups, { perAddress: 300, addressFailures: 20, codeFailures: 5, proofBits: 16 });
  assert.deepEqual(config.warnings, []);
  const legacy = loadConfig({ DATA_DIR: dataDir(), RATE_LIMIT_RECEIPTS: '500' });
  assert.equal(legacy.codeLookups.perAddress, 500);
  assert.match(legacy.warnings.join('\n'), /RATE_LIMIT_RECEIPTS is read as RATE_LIMIT_LOOKUPS/);
  const both = loadConfig({ DATA_DIR: dataDir(), RATE_LIMIT_RECEIPTS: '10', RATE_LIMIT_LOOKUPS: '400' });
  assert.equal(both.codeLookups.perAddress, 400, 'the new name wins');
  assert.deepEqual(both.warnings, []);
  assert.throws(
    () => loadConfig({ DATA_DIR: dataDir(), LOOKUP_PROOF_BITS: '40' }),
    (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('LOOKUP_PROOF_BITS')),
  );
});
