import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { withDatabase } from '../src/platform/db/database.ts';
import { startEmbeddedServer, type EmbeddedServer } from '../src/platform/db/embedded.ts';
import { sautiInProcess } from './sauti-command.ts';

// Runs `sauti` commands on the embedded database or (TEST_DATABASE_URL) a fresh PostgreSQL database: as a process
// where only a process shows it (help, a password on stdin, a wrong setting), in this process otherwise.
const dataDir = mkdtempSync(join(tmpdir(), 'sauti-cli-'));
let databaseUrl: string | undefined;
let dbName: string | undefined;
// On a PostgreSQL server the registry signing key must be given (the embedded database generates one).
const registrySigningKey = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const obLogSigningKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

// On the embedded database the file keeps its server running, as `sauti serve` would: each command
// finds it, uses it as a guest and leaves it running (no server start and stop per command).
let embedded: EmbeddedServer | undefined;

before(async () => {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    embedded = await startEmbeddedServer({ dir: join(dataDir, 'postgres') });
    return;
  }
  dbName = `sauti_cli_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  databaseUrl = url.toString();
});

after(async () => {
  await embedded?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (!dbName) return;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

/** What every command here runs with: this file's data directory, and its database. */
function commandEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SAUTI_SECRET: 'cli-secret-0123456789-0123456789-0123',
    DATABASE_URL: databaseUrl,
  };
  if (databaseUrl)
    Object.assign(env, {
      REGISTRY_SIGNING_KEY: registrySigningKey,
      OB_LOG_SIGNING_KEY: obLogSigningKey,
      DOCUMENTS_SIGNING_KEY: obLogSigningKey,
    });
  return env;
}

/** `sauti` run as a process, as a person would: what only a process shows (stdin, exit codes, start-up). */
function sauti(args: string[], input = ''): Promise<{ code: number | null; out: string; err: string }> {
  const env = { ...(process.env as Record<string, string>) };
  for (const [name, value] of Object.entries(commandEnv()))
    if (value === undefined) delete env[name];
    else env[name] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/sauti.js', ...args], { env, timeout: 60_000 });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

/**
 * The same command run in this process, without starting Node each time: on a PostgreSQL server. On the embedded
 * database this process owns the server (it started it), and a command run here would stop it as it ends.
 */
const sautiHere = async (args: string[]) => (databaseUrl ? sautiInProcess(args, commandEnv()) : sauti(args));

/** Reads what a command left. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of whatever the test selects
async function query(sql: string, params: unknown[] = []): Promise<any[]> {
  const client = new pg.Client({ connectionString: databaseUrl ?? withDatabase(embedded!.url, 'sauti') });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

test('help lists the commands', async () => {
  const { code, out } = await sauti(['help']);
  assert.equal(code, 0);
  for (const word of ['serve', 'migrate', 'demo', 'user create', 'user disable', 'user reset-2fa', 'user set-role'])
    assert.ok(out.includes(word), word);
});

test('migrate applies the schema, twice without harm', async () => {
  assert.equal((await sautiHere(['migrate'])).code, 0);
  const again = await sautiHere(['migrate']);
  assert.equal(again.code, 0, again.err);
});

test('user create reads the password from stdin and checks the role, unit and password', async () => {
  const ok = await sauti(
    ['user', 'create', 'wanjiru.iau', '--role', 'investigator', '--unit', 'IAU', '--name', 'Wanjiru'],
    'a strong password here\n',
  );
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /Created investigator account "wanjiru.iau"/);
  const rows = await query('select role, unit_code, password_hash from users where username = $1', ['wanjiru.iau']);
  assert.equal(rows[0].role, 'investigator');
  assert.equal(rows[0].unit_code, 'IAU');
  assert.match(rows[0].password_hash, /^\$argon2id\$/);
  // the refusals, one after another: on the embedded database each process starts the database server in DATA_DIR
  const duplicate = await sauti(
    ['user', 'create', 'wanjiru.iau', '--role', 'investigator', '--unit', 'IAU'],
    'a strong password here\n',
  );
  // refused before any password is read
  const badRole = await sautiHere(['user', 'create', 'x.y', '--role', 'sheriff']);
  const noUnit = await sauti(['user', 'create', 'x.y', '--role', 'investigator'], 'a strong password here\n');
  const shortPassword = await sauti(['user', 'create', 'x.y', '--role', 'moderator'], 'short\n');
  const unknownUnit = await sauti(
    ['user', 'create', 'x.z', '--role', 'investigator', '--unit', 'NOPE'],
    'a strong password here\n',
  );
  assert.equal(duplicate.code, 65);
  assert.match(duplicate.err, /already exists/);
  assert.equal(badRole.code, 64);
  assert.match(badRole.err, /--role must be one of/);
  assert.equal(noUnit.code, 65);
  assert.match(noUnit.err, /unit/);
  assert.equal(shortPassword.code, 65);
  assert.match(shortPassword.err, /at least 12 characters/);
  assert.equal(unknownUnit.code, 65);
  assert.equal(await query('select 1 from users where username in ($1, $2)', ['x.y', 'x.z']).then((r) => r.length), 0);
});

test('user disable and enable', async () => {
  assert.equal((await sautiHere(['user', 'disable', 'wanjiru.iau'])).code, 0);
  const rows = await query('select disabled_at from users where username = $1', ['wanjiru.iau']);
  assert.ok(rows[0].disabled_at);
  assert.equal((await sautiHere(['user', 'enable', 'wanjiru.iau'])).code, 0);
  const missing = await sautiHere(['user', 'disable', 'nobody']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /No account named "nobody"/);
});

test('user list, reset-password, reset-2fa and set-role look after an account, and refuse what is wrong', async () => {
  const reset = await sauti(['user', 'reset-password', 'wanjiru.iau'], 'another strong password\n');
  assert.equal(reset.code, 0, reset.err);
  assert.match(reset.out, /New password set for "wanjiru.iau"/);
  const tooShort = await sauti(['user', 'reset-password', 'wanjiru.iau'], 'short\n');
  assert.equal(tooShort.code, 65);
  assert.match(tooShort.err, /at least 12 characters/);
  assert.equal((await sautiHere(['user', 'reset-2fa', 'wanjiru.iau'])).code, 0);
  const moved = await sautiHere(['user', 'set-role', 'wanjiru.iau', '--role', 'investigator', '--unit', 'DCI']);
  assert.equal(moved.code, 0, moved.err);
  assert.deepEqual(await query('select role, unit_code from users where username = $1', ['wanjiru.iau']), [
    { role: 'investigator', unit_code: 'DCI' },
  ]);
  const noNumber = await sautiHere(['user', 'set-role', 'wanjiru.iau', '--role', 'officer', '--station', 'salama']);
  assert.equal(noNumber.code, 65);
  assert.match(noNumber.err, /serviceNumber: .*service number/);
  const missing = await sautiHere(['user', 'reset-2fa', 'nobody']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /No account named "nobody"/);
  const list = await sautiHere(['user', 'list']);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /^wanjiru\.iau\tinvestigator\tDCI\t-\tno-2fa\tactive\tWanjiru$/m);
  const actions = await query(
    `select action from audit_log where action like 'user.%' and detail->>'username' = $1 order by id`,
    ['wanjiru.iau'],
  );
  assert.deepEqual(
    actions.map((row: { action: string }) => row.action),
    ['user.reset_password', 'user.reset_2fa', 'user.set_role'],
  );
});

test('demo refuses to load into a database that already has accounts, unless forced', async () => {
  const refused = await sautiHere(['demo']);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /already accounts/);
  const forced = await sautiHere(['demo', '--force']);
  assert.equal(forced.code, 0, forced.err);
  const rows = await query(`select count(*)::int as n from users where username in ('ig.office', 'iau.investigator')`);
  assert.equal(rows[0].n, 2);
});

test('Open311 API keys are issued once and can be revoked', async () => {
  const created = await sautiHere(['open311', 'key', 'create', 'Ushahidi Kenya']);
  assert.equal(created.code, 0, created.err);
  const [, id, key] = /key (\d+) for "Ushahidi Kenya":\n(\S+)/.exec(created.out) ?? [];
  assert.ok(id && key && key.length >= 24);
  const rows = await query('select key_hmac from open311_api_keys where id = $1', [id]);
  assert.equal(rows.length, 1);
  assert.ok(!JSON.stringify(rows).includes(key), 'only a hash is kept');
  assert.equal((await sautiHere(['open311', 'key', 'revoke', id])).code, 0);
  assert.equal((await sautiHere(['open311', 'key', 'revoke', '999999'])).code, 1);
});

test('a wrong setting stops the command with a message naming it', () => {
  const env = { ...(process.env as Record<string, string>), DATA_DIR: dataDir, PORT: 'eighty' };
  const run = spawnSync(process.execPath, ['bin/sauti.js', 'migrate'], { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 78);
  assert.match(run.stderr, /PORT must be a whole number/);
});
