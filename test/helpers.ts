import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { currentTotp } from '../src/platform/auth/totp.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, loadDemoStaff } from '../src/platform/auth/demo.ts';
import { bootPlatform } from '../src/platform/boot.ts';
/** A port nothing listens on now, for a server the test starts (Sauti, when a simulator must call it back). */
export { freePort } from '../src/platform/db/embedded.ts';
import { freshDatabase, type FreshDatabase } from './cluster.ts';
import type { Platform } from '../src/platform/module.ts';
import { modules } from '../src/modules/index.ts';

export { freshDatabase } from './cluster.ts';

export interface TestContext {
  app: FastifyInstance;
  platform: Platform;
  config: Config;
  /** The test's own database: its owner's and superuser's connections, to look or meddle from outside Sauti. */
  database: FreshDatabase;
  close(): Promise<void>;
}

export async function testConfig(env: Record<string, string> = {}): Promise<Config> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sauti-test-'));
  return loadConfig({
    SAUTI_SECRET: 'test-secret-0123456789-0123456789-abcdef',
    DATA_DIR: dataDir,
    SAUTI_DEMO: 'false',
    // SAUTI_TEST_LOG_LEVEL=error shows the server's errors (a 500's cause) in a test run's output
    LOG_LEVEL: process.env.SAUTI_TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_REPORTS: '1000',
    RATE_LIMIT_RECEIPTS: '1000',
    RATE_LIMIT_SIGN_INS: '1000',
    ...env,
  });
}

/**
 * The moment tests stand the platform clock at, when one is given: SAUTI_TEST_CLOCK (an ISO time;
 * scripts/week.ts sets it to each hour of a week). Unset, the clock is the real one.
 */
export function pinnedMoment(): Date | undefined {
  const given = process.env.SAUTI_TEST_CLOCK;
  if (!given) return undefined;
  const at = new Date(given);
  if (Number.isNaN(at.getTime())) throw new Error(`SAUTI_TEST_CLOCK is not a time: ${given}`);
  return at;
}

/** Puts the platform clock back where the run stands it: at SAUTI_TEST_CLOCK if given, else the real time. */
export function resetClock(platform: Platform): void {
  const pinned = pinnedMoment();
  if (pinned) platform.clock.set(pinned);
  else platform.clock.reset();
}

/**
 * Waits until `check` holds, asking again every 50 ms, for what another process does in its own time (a server
 * settling a payment after it answered); fails naming `what` after `timeoutMs`.
 */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Builds Sauti on a fresh database, with the demo staff accounts unless told otherwise; its clock
 * stands at SAUTI_TEST_CLOCK when that is given. `workers: false` runs no job workers (timers stay
 * in the queue; a test calls the job's function itself).
 */
export async function startSauti(
  options: { env?: Record<string, string>; demoStaff?: boolean; app?: AppOptions; workers?: boolean } = {},
): Promise<TestContext> {
  const config = await testConfig(options.env);
  const fresh = await freshDatabase();
  const platform = await bootPlatform(config, modules, {
    db: fresh.db,
    ...(options.workers === false ? { workers: false } : {}),
  });
  resetClock(platform);
  if (options.demoStaff !== false) await loadDemoStaff(platform.db);
  const app = await buildApp(platform, options.app);
  await app.ready();
  return {
    app,
    platform,
    config,
    database: fresh,
    async close() {
      await app.close();
      await platform.close();
      await fresh.drop();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** Cookies kept across requests, like a browser. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.header(), ...headers } }));
  }

  /** The CSRF token the forms of `page` carry. */
  async csrf(page = '/report'): Promise<string> {
    const res = await this.get(page);
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!match) throw new Error(`no CSRF token on ${page}`);
    return match[1]!;
  }

  /** Posts a form the way a browser would, CSRF token included. */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    options: { csrfFrom?: string; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    body.set('_csrf', await this.csrf(options.csrfFrom ?? '/report'));
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.header(), ...options.headers },
      }),
    );
  }

  /** Posts multipart/form-data with files. */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    files: Array<{ name: string; filename: string; type: string; data: Buffer }>,
    options: { csrf?: boolean; csrfFrom?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const boundary = `----sauti${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    const all = options.csrf === false ? fields : { _csrf: await this.csrf(options.csrfFrom ?? '/report'), ...fields };
    for (const [k, v] of Object.entries(all)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    }
    for (const f of files) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`,
        ),
      );
      parts.push(f.data, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: Buffer.concat(parts),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: this.header() },
      }),
    );
  }
}

/** Signs a demo account in (password, then TOTP where the role needs it). */
export async function signIn(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<Browser> {
  const browser = new Browser(app);
  const res = await browser.post('/staff/sign-in', { username, password }, { csrfFrom: '/staff/sign-in' });
  if (res.statusCode !== 303) throw new Error(`sign-in of ${username} failed: ${res.statusCode}`);
  if (String(res.headers.location).startsWith('/staff/two-factor')) {
    // each code is accepted once per account; tests sign one account in many times within one 30-second step
    await app.platform.db.pool.query('update users set totp_last_step = null where lower(username) = lower($1)', [
      username,
    ]);
    const two = await browser.post(
      '/staff/two-factor',
      { code: currentTotp(DEMO_TOTP_SECRET) },
      { csrfFrom: '/staff/two-factor' },
    );
    if (two.statusCode !== 303) throw new Error(`second factor of ${username} failed: ${two.statusCode}`);
  }
  return browser;
}

/** Smallest valid files of each kind, for evidence tests. */
export const samples = {
  png: Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000d49444154789c6300010000050001' +
      '0d0a2db40000000049454e44ae426082',
    'hex',
  ),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  // an ISO-BMFF header with the mp4 brand "isom"
  mp4: Buffer.concat([
    Buffer.from('0000001c6674797069736f6d0000020069736f6d69736f326d703431', 'hex'),
    Buffer.alloc(64),
  ]),
  exe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]),
};

export const validReport = {
  category: 'bribery_extortion',
  description: 'The officer at the desk demanded KSh 5,000 for a police abstract.',
  county: '017',
  station: 'salama',
  anonymous: 'yes',
};

/** Files a report from the public form, as a citizen would, and gives its case reference. */
export async function fileReport(app: FastifyInstance, form: Record<string, string> = validReport): Promise<string> {
  const res = await new Browser(app).post('/report', form);
  if (res.statusCode !== 201) throw new Error(`the report was refused (${res.statusCode}): ${res.body.slice(0, 500)}`);
  return /(CASE-\d{4}-\d{6})/.exec(res.body)![1]!;
}

/** Signs each demo account in once, on first use, and keeps its browser (cookies) for the rest of the file. */
export function demoAccounts(app: () => FastifyInstance): { as(username: string): Promise<Browser>; forget(): void } {
  const browsers = new Map<string, Browser>();
  return {
    async as(username) {
      let b = browsers.get(username);
      if (!b) {
        b = await signIn(app(), username);
        browsers.set(username, b);
      }
      return b;
    },
    forget: () => browsers.clear(),
  };
}
