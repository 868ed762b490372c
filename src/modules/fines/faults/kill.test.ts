import { generateKeyPairSync } from 'node:crypto';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { until } from '../../../../test/helpers.ts';
import { freePort } from '../../../platform/db/embedded.ts';
import { recoverStkPushes } from '../payments.ts';
import { countedFor, darajaEnv, issue, startPaying, type Paying } from '../test-paying.ts';

// A kill -9 between the STK push and its callback loses no payment: the real `sauti serve` takes the motorist's
// "Pay", Daraja (the simulator) accepts the push, and the server is killed outright; the payer then pays on the
// phone and the callback never comes. Sauti started again on the same database finds the payment by asking
// Daraja (the recovery, with the clock moved past the first query), and counts it once. Killed in the moment
// after Daraja accepted the push and before Sauti kept its answer, the push is found by its callback's address.

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'sauti-fines-kill-'));
let paying: Paying;
const children: ChildProcess[] = [];

before(async () => {
  paying = await startPaying();
});
after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await paying?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const key = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** `sauti serve` on the test's database, pointed at the simulator; answers once it is healthy. */
async function serve(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/sauti.js', 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString('utf8')).slice(-4000)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sauti serve exited (${child.exitCode}):\n${errors}`);
    if (Date.now() > deadline) throw new Error(`sauti serve was not healthy within 120 s:\n${errors}`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (health?.status === 200) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function serveEnv(port: number, darajaUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    DATABASE_URL: paying.sauti.database.ownerUrl,
    SAUTI_SECRET: 'test-secret-0123456789-0123456789-abcdef',
    SAUTI_DEMO: 'false',
    LOG_LEVEL: 'error',
    REGISTRY_SIGNING_KEY: key(),
    OB_LOG_SIGNING_KEY: key(),
    DOCUMENTS_SIGNING_KEY: key(),
    ...darajaEnv(darajaUrl),
  };
}

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

/** The motorist's "Pay" on the served notice page, as a browser without JavaScript sends it. */
async function payOver(base: string, link: string, phone: string): Promise<Response> {
  const page = await fetch(`${base}${link}`);
  assert.equal(page.status, 200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return fetch(`${base}${link}/pay`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(page).join('; ') },
    body: new URLSearchParams({ _csrf: csrf, phone }).toString(),
  });
}

test(
  'a kill -9 after Daraja accepted the push loses no payment: the query after a restart finds it, once',
  {
    timeout: 300_000,
  },
  async () => {
    const { sauti, sim } = paying;
    const notice = await issue(sauti);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATA_DIR: dataDir,
      DATABASE_URL: sauti.database.ownerUrl,
      SAUTI_SECRET: 'test-secret-0123456789-0123456789-abcdef',
      SAUTI_DEMO: 'false',
      LOG_LEVEL: 'error',
      REGISTRY_SIGNING_KEY: key(),
      OB_LOG_SIGNING_KEY: key(),
      DOCUMENTS_SIGNING_KEY: key(),
      ...darajaEnv(sim.url),
    };
    const first = await serve(env, port);
    // 9999: the payer pays when asked, and Daraja's callback never comes
    const paid = await payOver(base, notice.link, '0712 34 9999');
    assert.equal(paid.status, 303, await paid.text());
    const db = sauti.platform.db.pool;
    const { rows } = await db.query(
      `select s.status, s.checkout_request_id, s.requested_at from fine_stk_requests s
     join fine_notices n on n.id = s.notice_id where n.number = $1`,
      [notice.number],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0].status, 'waiting', 'Daraja accepted the push and Sauti kept its CheckoutRequestID');
    const checkout: string = rows[0].checkout_request_id;

    first.kill('SIGKILL');
    await once(first, 'exit');
    assert.equal(first.signalCode, 'SIGKILL');
    await sim.decideNow(checkout); // paid on the phone, while Sauti is down; no callback
    const [push] = sim.transactions().transactions.filter((t) => t.kind === 'stk' && t.checkoutRequestId === checkout);
    assert.equal(push && 'resultCode' in push ? push.resultCode : undefined, 0);
    assert.deepEqual((await countedFor(sauti, notice.number)).payments, [], 'not yet known to Sauti');

    const second = await serve(env, port);
    // the recovery, with the clock past the first query (30 s after the push)
    const sent: Date = rows[0].requested_at;
    await recoverStkPushes(sauti.platform, new Date(sent.getTime() + 31_000));
    const counted = await countedFor(sauti, notice.number);
    assert.equal(counted.payments.length, 1, 'the payment is found');
    assert.equal(Number(counted.payments[0]!.amount_cents), notice.amountCents);
    assert.deepEqual([counted.paidCents, counted.status], [notice.amountCents, 'paid']);
    assert.equal(await recoverStkPushes(sauti.platform, new Date(sent.getTime() + 600_000)), 0, 'nothing left to ask');
    assert.equal((await countedFor(sauti, notice.number)).payments.length, 1, 'and it counts once');
    // the restarted server shows the motorist the notice paid
    const page = await (await fetch(`${base}${notice.link}`)).text();
    assert.match(page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '), /Paid Nothing more is owed/);
    second.kill('SIGTERM');
    await once(second, 'exit');
  },
);

/**
 * Daraja as Sauti sees it through this: every request passed on to the simulator, except that once the
 * simulator has accepted an STK push, `onPushAccepted` runs (the test kills Sauti there) before the answer
 * would go back; the answer is then dropped.
 */
async function killingProxy(target: string, onPushAccepted: (checkout: string) => Promise<void>): Promise<Server> {
  const proxy = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      void (async () => {
        const answer = await fetch(`${target}${request.url}`, {
          method: request.method!,
          headers: { ...(request.headers as Record<string, string>), host: new URL(target).host },
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        });
        const text = await answer.text();
        if (request.url!.includes('/stkpush/') && answer.status === 200)
          return void (await onPushAccepted((JSON.parse(text) as { CheckoutRequestID: string }).CheckoutRequestID));
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        response.end(text);
      })().catch(() => response.destroy());
    });
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  return proxy;
}

test(
  'a kill -9 after Daraja accepted the push but before Sauti kept its CheckoutRequestID loses no payment',
  { timeout: 300_000 },
  async () => {
    const { sauti, sim } = paying;
    const notice = await issue(sauti);
    const port = await freePort();
    let server: ChildProcess | undefined;
    let accepted = '';
    const proxy = await killingProxy(sim.url, async (checkout) => {
      accepted = checkout;
      server!.kill('SIGKILL');
      await once(server!, 'exit');
    });
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
      server = await serve(serveEnv(port, proxyUrl), port);
      const base = `http://127.0.0.1:${port}`;
      await assert.rejects(payOver(base, notice.link, '0712 345 678'), 'the server died under the request');
      assert.notEqual(accepted, '', 'Daraja accepted the push');
      const pushes = `select s.status, s.checkout_request_id from fine_stk_requests s
         join fine_notices n on n.id = s.notice_id where n.number = $1`;
      const kept = await sauti.platform.db.pool.query(pushes, [notice.number]);
      assert.deepEqual(kept.rows, [{ status: 'sending', checkout_request_id: null }], 'Daraja’s answer was never kept');
      const restarted = await serve(serveEnv(port, sim.url), port);
      // the payer pays on the phone; Daraja calls back the address the push was sent with
      await sim.decideNow(accepted);
      await sim.finished(accepted);
      // the callback is answered at once, and the payment counted once the query confirms it
      await until('the payment counted', async () => (await countedFor(sauti, notice.number)).status === 'paid');
      const counted = await countedFor(sauti, notice.number);
      assert.equal(counted.payments.length, 1, 'the payment Daraja took is found by its callback');
      assert.deepEqual([counted.paidCents, counted.status], [notice.amountCents, 'paid']);
      const after = await sauti.platform.db.pool.query(pushes, [notice.number]);
      assert.deepEqual(after.rows, [{ status: 'paid', checkout_request_id: accepted }]);
      restarted.kill('SIGTERM');
      await once(restarted, 'exit');
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  },
);
