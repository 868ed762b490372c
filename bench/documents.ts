/**
 * Free documents benchmark (npm run bench:documents), on the PostgreSQL server (DATABASE_URL or
 * TEST_DATABASE_URL; a fresh database per run, dropped at the end):
 * 1. a police abstract's PDF over HTTP, as the desk: 20 connections, each a desk officer of its own
 *    station fetching the station's documents (issued beforehand through the API) by number. First
 *    one pass where nothing is kept yet, so each fetch draws its PDF (what the drawing job sent at
 *    issue otherwise does ahead of the download), then rounds where the kept PDFs are read back.
 *    Against a bare Fastify app reading the same row and drawing the same lines with plain PDFKit
 *    (a built-in font, untagged, nothing embedded) and the same QR code anew each time, in
 *    alternating rounds of the same run;
 * 2. issuing an abstract over HTTP (numbering, signing, storing, audit row) from the same 20 desks;
 * 3. the PDFs' sizes (an abstract in English and in Kiswahili, a P3 form);
 * 4. bench:documents-verify's measurement (offline QR verification, no database), run as it is.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request, type Result } from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { loadConfig } from '../src/config.ts';
import type { Platform } from '../src/platform/module.ts';
import {
  benchDatabase,
  figures,
  listen,
  machineLine,
  POOL_SIZE,
  run,
  table,
  type Figures,
  type Server,
  serveSauti,
} from './lib.ts';
import { entryBody, signInDesks, type Desk } from './ob-desks.ts';

const CONNECTIONS = 20;
const DOCUMENTS_PER_DESK = 10;
const WARMUP_SECONDS = 2;
const ROUNDS = 3;
const ROUND_SECONDS = 3;
const ISSUE_SECONDS = 5;
const TARGET_P99_MS = 200;
const TARGET_BYTES = 100 * 1024;

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

async function startSauti(databaseUrl: string, dataDir: string) {
  const config = loadConfig({
    SAUTI_SECRET: 'bench-secret-0123456789-0123456789-abcdef',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REGISTRY_SIGNING_KEY: pem(),
    OB_LOG_SIGNING_KEY: pem(),
    DOCUMENTS_SIGNING_KEY: pem(),
    SAUTI_DEMO: 'false',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_SIGN_INS: '1000000000',
  });
  return serveSauti(config);
}

/** Load from a worker thread with 20 connections (lib's `load` uses 50). */
const load = (url: string, requests: Request[], seconds: number): Promise<Result> =>
  autocannon({ url, connections: CONNECTIONS, workers: 1, requests, timeout: 10, duration: seconds });

async function send(url: string, desk: Desk, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { cookie: desk.cookie, 'x-csrf-token': desk.csrf, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

/** Autocannon requests sent by each desk in turn (ob-request.cjs sets each one's path and session from the file). */
function asDesks(desks: Desk[], file: string, request: Omit<Request, 'path' | 'setupRequest'>): Request[] {
  writeFileSync(file, JSON.stringify(desks));
  process.env.SAUTI_BENCH_DESKS = file;
  const setupRequest = fileURLToPath(new URL('./ob-request.cjs', import.meta.url));
  return [{ ...request, path: desks[0]!.path, setupRequest }];
}

interface Issued {
  desk: Desk;
  number: string;
}

/** One entry per desk's station (each its station's first of the day, so one OB number for all), and documents issued from it. */
async function issueDocuments(url: string, desks: Desk[]): Promise<{ ob: string; issued: Issued[]; p3: string }> {
  const obs = new Set<string>();
  for (const [i, desk] of desks.entries())
    obs.add((await (await send(url, desk, 'POST', desk.path, JSON.parse(entryBody(i)))).json()).obNumber);
  if (obs.size !== 1) throw new Error(`the desks' entries have different OB numbers: ${[...obs].join(', ')}`);
  const [ob] = [...obs] as [string];
  const issued: Issued[] = [];
  for (let n = 0; n < DOCUMENTS_PER_DESK; n++)
    for (const desk of desks) {
      const language = n % 2 === 0 ? 'en' : 'sw';
      const body = { kind: 'abstract_general', ob, language };
      const res = await send(url, desk, 'POST', issuePath(desk), body);
      issued.push({ desk, number: (await res.json()).number });
    }
  const p3 = await send(url, desks[0]!, 'POST', issuePath(desks[0]!), { kind: 'p3', ob, language: 'en' });
  return { ob, issued, p3: (await p3.json()).number };
}

const issuePath = (desk: Desk) =>
  desk.path.replace(/^\/api\/ob\/(stations\/[^/]+)\/entries$/, '/api/documents/$1/documents');

async function abstractIds(platform: Platform): Promise<string[]> {
  const { rows } = await platform.db.pool.query<{ id: string }>(
    "select id from documents where kind = 'abstract_general' order by id",
  );
  return rows.map((r) => r.id);
}

/** The floor: a bare Fastify app reading the same row, drawing its lines and QR code with plain PDFKit. */
async function startBaseline(databaseUrl: string, ids: string[]): Promise<Server> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  pool.on('error', () => undefined);
  const app = Fastify({ logger: false });
  app.get<{ Params: { id: string } }>('/pdf/:id', async (request, reply) => {
    const { rows } = await pool.query(
      `select d.number, d.holder_name, d.issued_at, d.seal, s.name as station, e.day, e.number as ob, e.kind,
         e.recorded_at, e.occurred_at
       from documents d join ob_entries e on e.id = d.entry_id join stations s on s.id = d.station_id where d.id = $1`,
      [request.params.id],
    );
    const row = rows[0];
    const doc = new PDFDocument({ size: 'A4', margin: 48 });
    doc.font('Helvetica-Bold').fontSize(20).text('Police abstract');
    doc.fontSize(13).text(`Document number: ${row.number}`);
    doc.font('Helvetica').fontSize(10.5);
    for (const value of [
      row.ob,
      row.station,
      row.recorded_at,
      row.occurred_at,
      row.kind,
      row.holder_name,
      row.issued_at,
    ])
      doc.text(String(value));
    doc.text('This document is issued free of charge. If anyone asked you for money for this document, report it.');
    const { modules: qr } = QRCode.create([{ data: row.seal, mode: 'alphanumeric' }], { errorCorrectionLevel: 'Q' });
    const cell = 113 / qr.size;
    for (let r = 0; r < qr.size; r++)
      for (let c = 0; c < qr.size; c++) if (qr.get(r, c)) doc.rect(48 + c * cell, 500 + r * cell, cell, cell);
    doc.fill('black');
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    doc.end();
    return reply.type('application/pdf').send(await done);
  });
  const url = await listen(app);
  return {
    url,
    requests: ids.map((id) => ({ method: 'GET', path: `/pdf/${id}` })),
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

function json(metric: string, value: number, baseline: number | null = null, p99: number | null = null): void {
  const ratio = baseline ? Math.round((value / baseline) * 100) / 100 : null;
  console.log(JSON.stringify({ bench: 'documents', metric, value, baseline, ratio, p99_ms: p99 }));
}

async function pdfRoute(url: string, dataDir: string, issued: Issued[], baseline: Server): Promise<Figures[]> {
  const fetches = issued.map(({ desk, number }) => ({ ...desk, path: `/api/documents/${number}.pdf` }));
  const requests = asDesks(fetches, join(dataDir, 'pdf-fetches.json'), { method: 'GET' });
  await load(baseline.url, baseline.requests, WARMUP_SECONDS);
  await load(url, requests, WARMUP_SECONDS);
  const rounds = { base: [] as Result[], sauti: [] as Result[] };
  for (let round = 0; round < ROUNDS; round++) {
    rounds.base.push(await load(baseline.url, baseline.requests, ROUND_SECONDS));
    rounds.sauti.push(await load(url, requests, ROUND_SECONDS));
  }
  return [
    figures('baseline (bare Fastify, plain PDFKit)', rounds.base),
    figures(`Sauti abstract PDF, ${CONNECTIONS} desks`, rounds.sauti),
  ];
}

/**
 * Each document's first download, nothing kept yet (the bench runs no job workers): drawn, then kept. The
 * first desk-round of documents warms the drawing threads (fonts loaded, code compiled) and is not timed.
 */
async function firstDownloads(url: string, dataDir: string, issued: Issued[]): Promise<Figures> {
  const fetches = issued.map(({ desk, number }) => ({ ...desk, path: `/api/documents/${number}.pdf` }));
  const pass = async (some: typeof fetches, file: string) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      workers: 1,
      requests: asDesks(some, join(dataDir, file), { method: 'GET' }),
      timeout: 10,
      amount: some.length,
    });
  await pass(fetches.slice(0, CONNECTIONS), 'warm-fetches.json');
  const timed = fetches.slice(CONNECTIONS);
  return figures(`first download (drawn, then kept), ${CONNECTIONS} desks`, [await pass(timed, 'first-fetches.json')]);
}

async function sizes(url: string, issued: Issued[], p3: string): Promise<Record<string, number>> {
  const size = async (desk: Desk, number: string) =>
    (await (await send(url, desk, 'GET', `/api/documents/${number}.pdf`)).arrayBuffer()).byteLength;
  return {
    abstract_en: await size(issued[0]!.desk, issued[0]!.number),
    abstract_sw: await size(issued[CONNECTIONS]!.desk, issued[CONNECTIONS]!.number),
    p3_en: await size(issued[0]!.desk, p3),
  };
}

/** bench:documents-verify in its own process (it exits when done); false when it failed or missed its target. */
function offlineVerification(): boolean {
  console.log('\nOffline verification of a QR code (bench/documents-verify.ts, run as it is):\n');
  const script = fileURLToPath(new URL('./documents-verify.ts', import.meta.url));
  try {
    execFileSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
    return true;
  } catch {
    return false;
  }
}

/** Issuing under load: each desk issues abstracts from its station's entry, all at once. */
async function issuing(url: string, dataDir: string, desks: Desk[], ob: string): Promise<Figures> {
  const body = JSON.stringify({ kind: 'abstract_general', ob });
  const at = desks.map((d) => ({ ...d, path: issuePath(d) }));
  const requests = asDesks(at, join(dataDir, 'issues.json'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return figures(`Sauti issuing an abstract, ${CONNECTIONS} desks`, [await load(url, requests, ISSUE_SECONDS)]);
}

function report(base: Figures, first: Figures, pdf: Figures, issue: Figures, bytes: Record<string, number>): void {
  console.log(table([base, first, pdf, issue]));
  console.log(
    `\nFirst download (drawn): p50 ${first.p50} ms, p99 ${first.p99} ms; ${first.reqPerSec} PDFs/s, baseline (drawing each time) ${base.reqPerSec}/s, ratio ${(first.reqPerSec / base.reqPerSec).toFixed(2)}`,
  );
  const met = pdf.p99 < TARGET_P99_MS;
  console.log(
    `Abstract PDF (kept): p50 ${pdf.p50} ms, p99 ${pdf.p99} ms (target p99 < ${TARGET_P99_MS} ms: ${met ? 'met' : 'MISSED'}); ${pdf.reqPerSec} PDFs/s, baseline ${base.reqPerSec}/s`,
  );
  const small = Object.values(bytes).every((b) => b < TARGET_BYTES);
  console.log(
    `PDF sizes: abstract (English) ${bytes.abstract_en} B, abstract (Kiswahili) ${bytes.abstract_sw} B, P3 form ${bytes.p3_en} B (target < ${TARGET_BYTES} B: ${small ? 'met' : 'MISSED'})`,
  );
  json('first_pdf_per_s', first.reqPerSec, base.reqPerSec, first.p99);
  json('first_pdf_p99_ms', first.p99, base.p99, first.p99);
  json('pdf_per_s', pdf.reqPerSec, base.reqPerSec, pdf.p99);
  json('pdf_p50_ms', pdf.p50, base.p50, pdf.p99);
  json('pdf_p99_ms', pdf.p99, base.p99, pdf.p99);
  json('issue_per_s', issue.reqPerSec, null, issue.p99);
  for (const [kind, value] of Object.entries(bytes)) json(`pdf_bytes_${kind}`, value);
}

async function main(): Promise<number> {
  const { name, url: databaseUrl, drop } = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'sauti-bench-documents-'));
  const problems: string[] = [];
  const sauti = await startSauti(databaseUrl, dataDir);
  let baseline: Server | undefined;
  try {
    console.log(`Free documents benchmark: ${CONNECTIONS} connections, database ${name}`);
    console.log(machineLine('every figure'));
    const desks = await signInDesks(sauti.platform, sauti.url, CONNECTIONS);
    const started = performance.now();
    const { ob, issued, p3 } = await issueDocuments(sauti.url, desks);
    const each = (performance.now() - started) / (issued.length + 1);
    console.log(`${issued.length + 1} documents issued one at a time through the API: ${each.toFixed(1)} ms each`);
    console.log('The PDF route is timed on those: first each drawn once and kept, then the kept PDFs read back\n');
    const first = await firstDownloads(sauti.url, dataDir, issued);
    baseline = await startBaseline(databaseUrl, await abstractIds(sauti.platform));
    const [base, pdf] = await pdfRoute(sauti.url, dataDir, issued, baseline);
    const issue = await issuing(sauti.url, dataDir, desks, ob);
    report(base!, first, pdf!, issue, await sizes(sauti.url, issued, p3));
    for (const f of [base!, first, pdf!, issue])
      if (f.non2xx + f.errors > 0) problems.push(`${f.name}: ${f.non2xx} non-2xx, ${f.errors} errors`);
  } finally {
    await baseline?.close();
    await sauti.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (!offlineVerification()) problems.push('offline verification failed or missed its target');
  for (const p of problems) console.log(`FAILED: ${p}`);
  return problems.length > 0 ? 1 : 0;
}

run(main);
