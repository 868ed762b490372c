import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startSauti, type TestContext } from '../../../test/helpers.ts';
import { AT_SIM_DEFAULTS, startAtSim, type RunningAtSim } from '../../at-sim/index.ts';
import { dispatchDue, numberHash, queueSms, type SmsToSend } from '../../platform/sms/index.ts';
import { callbackUrls, DELIVERY_REPORTS_PATH } from './index.ts';

let sim: RunningAtSim;
let sauti: TestContext;
before(async () => {
  sim = await startAtSim({ port: 0, deliveryDelayMs: 600_000 });
  const port = await freePort();
  sauti = await startSauti({
    demoStaff: false,
    workers: false,
    env: {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      AT_API_URL: sim.url,
      AT_USERNAME: AT_SIM_DEFAULTS.username,
      AT_API_KEY: AT_SIM_DEFAULTS.apiKey,
      SMS_PER_NUMBER_PER_HOUR: '3',
    },
  });
  await sauti.app.listen({ host: '127.0.0.1', port });
  sim.setDeliveryReportUrl(callbackUrls(sauti.platform).deliveryReports);
});
after(async () => {
  await sauti.close();
  await sim.close();
});

const rows = async (sql: string, params: unknown[] = []) => (await sauti.platform.db.pool.query(sql, params)).rows;
let serial = 0;

async function queue(to: string, extra: Partial<SmsToSend> = {}): Promise<string> {
  const key = extra.key ?? `test.sms:${++serial}`;
  const client = await sauti.platform.db.pool.connect();
  try {
    await client.query('begin');
    await queueSms(sauti.platform, client, {
      key,
      purpose: 'test',
      to,
      body: `Ujumbe ${serial}`,
      language: 'sw',
      ...extra,
    });
    await client.query('commit');
  } finally {
    client.release();
  }
  return key;
}

const message = async (key: string) =>
  (
    await rows(
      `select id, status, attempts, gateway_message_id, gateway_status, failure_reason, to_sealed is not null as number_kept
       from sms_outbox where key = $1`,
      [key],
    )
  )[0];
const reportsOf = async (key: string) =>
  (
    await rows(
      `select d.status, d.failure_reason from sms_delivery_reports d join sms_outbox o on o.id = d.message_id
       where o.key = $1 order by d.id`,
      [key],
    )
  ).map((r) => (r.failure_reason ? `${r.status}:${r.failure_reason}` : r.status));
const sentTo = (number: string) => sim.messages().filter((m) => m.to === number).length;

describe('the SMS outbox', () => {
  test('each message is handed over once, and its delivery reports move it to delivered or failed', async () => {
    const keys = {
      delivered: await queue('+254711100100'),
      failed: await queue('+254711100001'),
      late: await queue('+254711100003'),
      twice: await queue('+254711100004'),
      refused: await queue('+254711100403'),
    };
    await dispatchDue(sauti.platform);
    for (const key of [keys.delivered, keys.failed, keys.late, keys.twice])
      assert.equal((await message(key)).status, 'sent');
    const refused = await message(keys.refused);
    assert.equal(refused.status, 'failed');
    assert.equal(refused.failure_reason, 'InvalidPhoneNumber');
    assert.equal(refused.number_kept, false, 'a final message keeps no number');

    for (const key of [keys.delivered, keys.failed, keys.late, keys.twice])
      await sim.deliverNow((await message(key)).gateway_message_id);
    assert.deepEqual(await reportsOf(keys.delivered), ['Success']);
    assert.deepEqual(await reportsOf(keys.failed), ['Failed:DeliveryFailure']);
    assert.deepEqual(await reportsOf(keys.late), ['Buffered', 'Success']);
    assert.deepEqual(await reportsOf(keys.twice), ['Success'], 'a repeated report is kept once');
    assert.deepEqual(
      await Promise.all(
        Object.values(keys).map(async (k) => [(await message(k)).status, (await message(k)).number_kept]),
      ),
      [
        ['delivered', false],
        ['failed', false],
        ['delivered', false],
        ['delivered', false],
        ['failed', false],
      ],
    );

    await dispatchDue(sauti.platform);
    for (const number of ['+254711100100', '+254711100001', '+254711100003', '+254711100004'])
      assert.equal(sentTo(number), 1, `${number} was sent one message`);
  });

  test('a gateway failure is tried again after the back-off, and never while it is waiting', async () => {
    const key = await queue('+254711200500');
    await dispatchDue(sauti.platform);
    const waiting = await message(key);
    assert.deepEqual([waiting.status, waiting.attempts, waiting.number_kept], ['queued', 1, true]);
    await dispatchDue(sauti.platform);
    assert.equal((await message(key)).attempts, 1, 'not before its time');
    sauti.platform.clock.set(new Date(sauti.platform.clock.now().getTime() + 31_000));
    await dispatchDue(sauti.platform);
    assert.equal((await message(key)).status, 'sent');
    assert.equal(sentTo('+254711200500'), 1);
    sauti.platform.clock.reset();
  });

  test('queued twice under one key, or in a transaction rolled back, a message is kept once or not at all', async () => {
    const key = await queue('+254711300300', { key: 'test.once' });
    await queue('+254711300300', { key });
    assert.equal((await rows(`select count(*)::int as n from sms_outbox where key = 'test.once'`))[0].n, 1);
    const client = await sauti.platform.db.pool.connect();
    await client.query('begin');
    await queueSms(sauti.platform, client, {
      key: 'test.rolled',
      purpose: 'test',
      to: '+254711300301',
      body: 'x',
      language: 'en',
    });
    await client.query('rollback');
    client.release();
    assert.equal(await message('test.rolled'), undefined);
    await assert.rejects(queue('0711300300'), /not an international number/);
  });

  test('a number gets at most its hourly share; the rest wait for the next hour', async () => {
    const number = '+254711400400';
    const keys = [];
    for (let i = 0; i < 5; i++) keys.push(await queue(number));
    await dispatchDue(sauti.platform);
    const statuses = await Promise.all(keys.map(async (k) => (await message(k)).status));
    assert.deepEqual(statuses, ['sent', 'sent', 'sent', 'queued', 'queued']);
    assert.equal(sentTo(number), 3);
    const hash = numberHash(sauti.platform.config.secret, number);
    assert.equal((await rows(`select count(*)::int as n from sms_outbox where to_hash = $1`, [hash]))[0].n, 5);
  });
});

describe('the delivery-report callback', () => {
  const post = (query: string, form: Record<string, string>) =>
    sauti.app.inject({
      method: 'POST',
      url: `${DELIVERY_REPORTS_PATH}${query}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });

  test('without the secret it is refused; malformed, it is a 400 naming the field; neither keeps anything', async () => {
    const before = await rows(`select count(*)::int as n from sms_delivery_reports`);
    assert.equal((await post('?token=nope', { id: 'ATXid_1', status: 'Success' })).statusCode, 403);
    const token = new URL(callbackUrls(sauti.platform).deliveryReports).search;
    const bad = await post(token, { id: 'ATXid_1', status: 'Delivered' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /status must be one of/);
    assert.equal((await post(token, { status: 'Success' })).statusCode, 400);
    assert.deepEqual(await rows(`select count(*)::int as n from sms_delivery_reports`), before);
  });
});
