/**
 * Browser journeys run against the real Sauti server: `node bin/sauti.js serve` in a child
 * process on a fresh embedded database in demo mode, driven by the system Chromium.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { currentTotp } from '../../src/platform/auth/totp.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/platform/auth/demo.ts';
import { startEmbeddedServer } from '../../src/platform/db/embedded.ts';

export { DEMO_PASSWORD };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const screenshotDir = join(root, 'test-results', 'screenshots');

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A small, valid 1x1 PNG. */
export const smallPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** An ISO-BMFF file ("ftyp isom") padded with zero bytes: recognised as MP4 video by its content. */
export function fakeMp4(bytes: number): Buffer {
  const header = Buffer.from('0000001c6674797069736f6d0000020069736f6d69736f326d703431', 'hex');
  const file = Buffer.alloc(bytes);
  header.copy(file);
  return file;
}

let assetsBuilt = false;

/** Bundles the progressive-enhancement scripts (once per test process). */
export function buildAssets(): void {
  if (assetsBuilt) return;
  const result = spawnSync(process.execPath, ['scripts/build-assets.mjs'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the client scripts failed:\n${result.stdout}\n${result.stderr}`);
  assetsBuilt = true;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** What the server wrote to stderr and stdout (warnings and errors only, at LOG_LEVEL=warn). */
  output(): string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `sauti serve` on a free port and a fresh data directory (with any extra settings); resolves once /healthz answers 200. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  buildAssets();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'sauti-e2e-'));
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SAUTI_DEMO: 'true',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_REPORTS: '1000',
    RATE_LIMIT_RECEIPTS: '1000',
    PUBLIC_URL: url,
    ...extraEnv,
  };
  // The browser suite always runs on the embedded database, whatever the PostgreSQL suite uses.
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  delete env.SAUTI_SECRET;
  delete env.BLOB_DIR;

  const child = spawn(process.execPath, ['bin/sauti.js', 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  let running = true;
  void exited.then(() => {
    running = false;
    children.delete(child);
  });

  const stop = async () => {
    if (running) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    // a server killed outright leaves its embedded PostgreSQL running: adopt it, to stop it
    if (existsSync(join(dataDir, 'postgres', 'cluster', 'postmaster.pid'))) {
      await (await startEmbeddedServer({ dir: join(dataDir, 'postgres') })).stop().catch(() => undefined);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (!running) throw new Error(`sauti serve exited before it was ready:\n${output}`);
      try {
        const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`sauti serve did not answer /healthz with 200 within 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, dataDir, output: () => output, stop };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: launchArgs });
}

/**
 * A page in a fresh browser context (cookies of its own) on the server, English unless told
 * otherwise; dialogs are dismissed and kept, so a test can check that none was opened. The context
 * is added to `contexts` for closing.
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  contexts: BrowserContext[],
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; dialogs: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { context, page, dialogs };
}

export interface BrowserSuite {
  server: RunningServer;
  browser: Browser;
  newPage(options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page; dialogs: string[] }>;
}

/**
 * For a test file: starts `sauti serve` (with any extra settings, which may come from starting
 * something else first) and Chromium before its tests, and closes every page's context, the browser and the server
 * after them.
 */
export function browserSuite(
  extraEnv: () => Record<string, string> | Promise<Record<string, string>> = () => ({}),
): BrowserSuite {
  const contexts: BrowserContext[] = [];
  const suite = {
    newPage: (options: BrowserContextOptions = {}) => openPage(suite.browser, suite.server.url, contexts, options),
  } as BrowserSuite;
  before(async () => {
    suite.server = await startServer(await extraEnv());
    suite.browser = await launchBrowser();
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await suite.browser?.close().catch(() => undefined);
    await suite.server?.stop();
  });
  return suite;
}

/** A phone-sized context: 360x740 CSS pixels. */
export const phone: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 1,
  isMobile: false,
  hasTouch: false,
};
export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, name), fullPage: true });
}

/** Screenshots into `dir` (for looking at) and the run's screenshot folder (prefixed), full page. */
export function screenshotsIn(dir: string, prefix: string): (page: Page, name: string) => Promise<void> {
  return async (page, name) => {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, name), fullPage: true });
    await screenshot(page, `${prefix}-${name}`);
  };
}

/** Fails when the page is wider than its viewport (horizontal scrolling on a phone). */
export async function assertNoHorizontalOverflow(page: Page, what: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  if (scrollWidth > clientWidth)
    throw new Error(`${what}: the page is ${scrollWidth}px wide in a ${clientWidth}px viewport`);
}

/** Runs axe on the page; fails on any serious or critical violation, listing each readably. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  // axe no longer reports repeated ids, yet a label or error link pointing at one of two
  // elements with the same id leaves the other without its label.
  const repeated = await page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const element of Array.from(document.querySelectorAll('[id]')))
      seen.set(element.id, (seen.get(element.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `#${id} (${n} times)`);
  });
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length === 0 && repeated.length === 0) return;
  const lines = bad.flatMap((v) => [
    `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
    ...v.nodes
      .slice(0, 8)
      .map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ') ?? ''}`),
    ...(v.nodes.length > 8 ? [`      … and ${v.nodes.length - 8} more`] : []),
  ]);
  if (repeated.length > 0) lines.push(`  [serious] repeated ids: ${repeated.join(', ')}`);
  throw new Error(
    `${what} (${page.url()}): ${bad.length + (repeated.length > 0 ? 1 : 0)} serious or critical accessibility problem(s):\n${lines.join('\n')}`,
  );
}

/** Signs a staff member in and, for roles that need it, passes the second factor with the demo code shown on the page. */
export async function staffSignIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/staff/sign-in`);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((u) => /^\/staff(\/two-factor)?$/.test(u.pathname)),
    page.click('main button[type="submit"]'),
  ]);
  // roles without a second factor (moderator, officers, station commanders) are signed in already
  if (new URL(page.url()).pathname === '/staff') return;
  const shown = (await page.locator('main .notice').textContent()) ?? '';
  const code = /\b(\d{6})\b/.exec(shown)?.[1] ?? currentTotp(DEMO_TOTP_SECRET);
  await page.fill('#code', code);
  await Promise.all([page.waitForURL((u) => u.pathname === '/staff'), page.click('main button[type="submit"]')]);
}

/** "1234 5678 9012 3456" */
export const RECEIPT_PATTERN = /^\d{4} \d{4} \d{4} \d{4}$/;
