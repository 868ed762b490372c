/**
 * Insights benchmark (npm run bench:insights), on a PostgreSQL server loaded at national scale:
 *
 *   sauti demo --scale national      (with DATABASE_URL pointing at the database; see the README)
 *   INSIGHTS_DATABASE_URL=postgres://postgres@127.0.0.1:5432/national npm run bench:insights
 *
 * Every dashboard section (nationally, for Makueni, for Salama station, and over three years) and every public
 * portal page, each asked 60 times in turn after a warm-up: server-side time per page (p50, p95) and the bytes
 * sent (gzip, as a browser asks). The baseline, measured in the same run, is the dashboard's first table
 * computed straight from the cases' read model without the rollups, which is what the page would cost without
 * them. Also how long one rebuild of the rollups takes at that size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { modules } from '../src/modules/index.ts';
import { latestRefresh, refreshInsights, releaseDueMonths } from '../src/modules/insights/index.ts';
import { loadDemoStaff } from '../src/platform/auth/demo.ts';
import { bootPlatform } from '../src/platform/boot.ts';
import { signIn } from '../test/helpers.ts';
import { machineLine, run, sautiBenchEnv } from './lib.ts';

const url = process.env.INSIGHTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/national';
const WARMUP = 5;
const REQUESTS = 60;
const TARGET_P95_MS = 200;
const TARGET_PORTAL_BYTES = 30 * 1024;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

interface Timing {
  name: string;
  p50: number;
  p95: number;
  bytes: number;
  status: number;
}

async function time(name: string, ask: () => Promise<{ statusCode: number; rawPayload: Buffer }>): Promise<Timing> {
  for (let i = 0; i < WARMUP; i++) await ask();
  const ms: number[] = [];
  let last: { statusCode: number; rawPayload: Buffer } = { statusCode: 0, rawPayload: Buffer.alloc(0) };
  for (let i = 0; i < REQUESTS; i++) {
    const began = performance.now();
    last = await ask();
    ms.push(performance.now() - began);
  }
  ms.sort((a, b) => a - b);
  return {
    name,
    p50: percentile(ms, 0.5),
    p95: percentile(ms, 0.95),
    bytes: last.rawPayload.length,
    status: last.statusCode,
  };
}

const dashboardPages = (month: string) => {
  const from3y = `${Number(month.slice(0, 4)) - 3}-${month.slice(5)}`;
  const pages: string[] = [];
  for (const section of ['cases', 'bribery', 'engage', 'ob', 'fines']) {
    pages.push(`/staff/insights/${section}`, `/staff/insights/${section}?county=017`);
    pages.push(`/staff/insights/${section}?county=017&station=salama`);
  }
  pages.push(`/staff/insights/cases?from=${from3y}&to=${month}`, `/staff/insights/cases/cases-by-county.csv`);
  return pages;
};

/** The public portal's pages, found from its own index and its latest month (so that every table it links is asked). */
async function portalPages(ask: (path: string) => Promise<{ statusCode: number; payload: string }>): Promise<string[]> {
  const links = async (path: string) => {
    const page = await ask(path);
    if (page.statusCode !== 200) return [];
    return [...page.payload.matchAll(/href="(\/transparency[^"#]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  };
  const home = await links('/transparency');
  const month = home.find((l) => /^\/transparency\/\d{4}-\d{2}$/.test(l));
  return [...new Set(['/transparency', ...home, ...(month ? await links(month) : [])])].slice(0, 30);
}

/** Prints the table and the JSON lines; 0 when every page answered 200 within the targets. */
function report(timings: Timing[], portalTimings: Timing[], baseline: Timing, rebuildSeconds: number): number {
  const all = [...timings, ...portalTimings];
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\n${pad('page', 64)} status   p50 ms   p95 ms   bytes (gzip)`);
  for (const t of [...all, baseline])
    console.log(
      `${pad(t.name, 64)} ${String(t.status).padStart(6)} ${t.p50.toFixed(1).padStart(8)} ${t.p95.toFixed(1).padStart(8)} ${String(t.bytes).padStart(14)}`,
    );
  const worst = all.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  const heaviestPortal = portalTimings.reduce((a, b) => (b.bytes > a.bytes ? b : a), portalTimings[0] ?? baseline);
  console.log(`\nslowest page p95: ${worst.p95.toFixed(1)} ms (${worst.name}); target under ${TARGET_P95_MS} ms`);
  console.log(
    `baseline (no rollups) p95: ${baseline.p95.toFixed(1)} ms; ratio ${(worst.p95 / baseline.p95).toFixed(2)}`,
  );
  console.log(
    `heaviest portal page: ${heaviestPortal.bytes} bytes (${heaviestPortal.name}); target under ${TARGET_PORTAL_BYTES}`,
  );
  console.log(
    JSON.stringify({
      bench: 'insights',
      metric: 'p95_ms_slowest_page',
      value: Number(worst.p95.toFixed(1)),
      baseline: Number(baseline.p95.toFixed(1)),
      ratio: Number((worst.p95 / baseline.p95).toFixed(3)),
      page: worst.name,
    }),
  );
  console.log(
    JSON.stringify({
      bench: 'insights',
      metric: 'portal_bytes_max',
      value: heaviestPortal.bytes,
      target: TARGET_PORTAL_BYTES,
    }),
  );
  console.log(JSON.stringify({ bench: 'insights', metric: 'rebuild_s', value: Number(rebuildSeconds.toFixed(1)) }));
  const failed = all.filter((t) => t.status !== 200);
  for (const f of failed) console.error(`not 200: ${f.name} (${f.status})`);
  return failed.length === 0 && worst.p95 < TARGET_P95_MS && heaviestPortal.bytes < TARGET_PORTAL_BYTES ? 0 : 1;
}

async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sauti-bench-insights-'));
  // one client asks every page in turn: the portal's per-client limit would answer 429 to the benchmark itself
  const config = loadConfig({ ...process.env, ...sautiBenchEnv(url, dataDir), TRANSPARENCY_RATE_LIMIT: '10000' });
  const platform = await bootPlatform(config, modules, { workers: false });
  const app = await buildApp(platform, { logger: false });
  await app.ready();
  try {
    const { rows } = await platform.db.pool.query<{ n: string }>('select count(*) as n from case_facts');
    if (Number(rows[0]!.n) < 1000) {
      console.error(`${url} holds ${rows[0]!.n} cases: load it first with \`sauti demo --scale national\``);
      return 1;
    }
    const counts = await platform.db.pool.query<{ cases: string; ob: string; fines: string; stations: string }>(
      `select (select count(*) from case_facts) as cases, (select count(*) from ob_entry_facts) as ob,
         (select count(*) from fine_notice_facts) as fines, (select count(*) from stations) as stations`,
    );
    console.log(machineLine('insights'));
    console.log(`database: ${JSON.stringify(counts.rows[0])}`);
    await loadDemoStaff(platform.db).catch(() => undefined);

    const began = performance.now();
    if (process.env.REFRESH !== '0' || !(await latestRefresh(platform.db.pool))) await refreshInsights(platform);
    const rebuildSeconds = (performance.now() - began) / 1000;
    console.log(`one rebuild of the rollups: ${rebuildSeconds.toFixed(1)} s`);
    // the portal shows released months: release those due (each once, as the monthly job does)
    const releasing = performance.now();
    const released = await releaseDueMonths(platform);
    console.log(
      `released ${released.length} month(s) for the portal in ${((performance.now() - releasing) / 1000).toFixed(1)} s`,
    );

    const ig = await signIn(app, 'ig.office');
    const ask = (path: string) =>
      app.inject({ method: 'GET', url: path, headers: { cookie: ig.header(), 'accept-encoding': 'gzip' } });
    const anonymous = (path: string) =>
      app.inject({ method: 'GET', url: path, headers: { 'accept-encoding': 'gzip' } });

    const month = new Date().toISOString().slice(0, 7);
    const timings: Timing[] = [];
    for (const page of dashboardPages(month)) timings.push(await time(page, () => ask(page)));
    const portal = await portalPages((path) => app.inject({ method: 'GET', url: path }));
    const portalTimings: Timing[] = [];
    for (const page of portal) portalTimings.push(await time(page, () => anonymous(page)));

    const baseline = await time('baseline: cases by county straight from case_facts', async () => {
      await platform.db.pool.query(
        `select county_code, category, count(*), count(first_responded_at), count(closed_at)
         from case_facts where opened_at >= now() - interval '12 months' group by 1, 2`,
      );
      return { statusCode: 200, rawPayload: Buffer.alloc(0) };
    });

    return report(timings, portalTimings, baseline, rebuildSeconds);
  } finally {
    await app.close();
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

run(main);
