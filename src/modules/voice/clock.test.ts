import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { findUserByUsername, toActor } from '../../platform/auth/store.ts';
import { resetClock, signIn, startSauti, type Browser, type TestContext } from '../../../test/helpers.ts';
import * as voice from './index.ts';

/**
 * The letters' clock reads the platform's clock: a test that stands it still sees the same
 * receipt time, registry year, due date and overdue flag on every page, whatever the real time.
 */

const MINUTE = 60_000;
const DAY = 24 * 3600_000;
/** 00:30 on New Year's Day 2025 in Nairobi (still 2024 in UTC); long before the real time of any run. */
const T = new Date('2024-12-31T21:30:00Z');

let sauti: TestContext;
let writer: Browser;
let registry: Browser;
let officer: StaffActor;

before(async () => {
  // no job workers: the pinned letters' timers are all due by the real time, and would escalate them beside the test
  sauti = await startSauti({ workers: false });
  writer = await signIn(sauti.app, 'officer.salama');
  registry = await signIn(sauti.app, 'ig.office');
  officer = toActor((await findUserByUsername(sauti.platform.db.pool, 'officer.salama'))!);
});
after(async () => {
  resetClock(sauti.platform);
  await sauti.close();
});

const stored = async (registryNumber: string) =>
  (
    await sauti.platform.db.pool.query<{ received_at: Date; acknowledge_due_at: Date; acknowledged_at: Date | null }>(
      'select received_at, acknowledge_due_at, acknowledged_at from voice_submissions where registry_number = $1',
      [registryNumber],
    )
  ).rows[0]!;

/** The inbox entry of one letter (its <li>), as the registry sees it. */
async function inboxEntry(registryNumber: string): Promise<string> {
  const page = await registry.get('/staff/voice');
  assert.equal(page.statusCode, 200);
  const entry = page.body.split('<li').find((li) => li.includes(`>${registryNumber}</a>`));
  assert.ok(entry, `${registryNumber} is in the inbox`);
  return entry;
}

describe('a letter on a pinned clock', () => {
  test('received, numbered, due and overdue by the platform clock; acknowledged at its moment', async () => {
    sauti.platform.clock.set(T);
    const { registryNumber, receipt } = await voice.submit(sauti.platform, officer, {
      kind: 'grievance',
      topic: 'pay',
      subject: 'Allowances unpaid since June',
      body: 'My allowances have not been paid.',
    });
    assert.match(
      registryNumber,
      /^IGR-2025-\d{6}$/,
      "numbered in the year of receipt in Nairobi, by the platform's clock",
    );
    assert.equal(receipt.receivedAt, T.toISOString(), 'the signed receipt says when the clock stood');
    const row = await stored(registryNumber);
    assert.equal(row.received_at.toISOString(), T.toISOString());
    assert.equal(row.acknowledge_due_at.toISOString(), new Date(T.getTime() + 7 * DAY).toISOString());

    // a minute before it is due: waiting, not overdue, on the writer's page and in the registry's inbox
    sauti.platform.clock.set(new Date(T.getTime() + 7 * DAY - MINUTE));
    const waiting = await writer.get(`/voice/${registryNumber}`);
    assert.equal(waiting.statusCode, 200);
    assert.match(waiting.body, /Waiting 6 days 23 hours for acknowledgement/);
    assert.doesNotMatch(waiting.body, /acknowledgement was due by/);
    assert.doesNotMatch(await inboxEntry(registryNumber), /class="overdue"/);

    // a minute after: overdue on both
    sauti.platform.clock.set(new Date(T.getTime() + 7 * DAY + MINUTE));
    const overdue = await writer.get(`/voice/${registryNumber}`);
    assert.match(overdue.body, /Overdue<\/strong> Waiting 7 days 0 hours; acknowledgement was due by/);
    assert.match(await inboxEntry(registryNumber), /class="overdue"/);
    const mine = await writer.get('/voice');
    assert.match(mine.body, /acknowledgement was due by/, "the writer's list says so too");

    // acknowledged a day late, at the clock's moment
    sauti.platform.clock.set(new Date(T.getTime() + 8 * DAY));
    assert.equal(
      (
        await registry.post(
          `/staff/voice/${registryNumber}/acknowledge`,
          {},
          { csrfFrom: `/staff/voice/${registryNumber}` },
        )
      ).statusCode,
      303,
    );
    assert.equal(
      (await stored(registryNumber)).acknowledged_at?.toISOString(),
      new Date(T.getTime() + 8 * DAY).toISOString(),
    );
    assert.match((await writer.get(`/voice/${registryNumber}`)).body, /Acknowledged .*, after 8 days 0 hours\./);
  });

  test("a resignation takes effect today or later: today is the platform clock's day in Nairobi", async () => {
    sauti.platform.clock.set(T);
    const { registryNumber } = await voice.submit(sauti.platform, officer, {
      kind: 'resignation',
      subject: 'Request to resign',
      body: 'I request to resign from the service.',
    });
    const path = `/staff/voice/${registryNumber}`;
    // 2024-12-31 is today in UTC but yesterday in Nairobi
    const yesterday = await registry.post(
      `${path}/decision`,
      { outcome: 'accepted', effectiveDate: '2024-12-31' },
      { csrfFrom: path },
    );
    assert.equal(yesterday.statusCode, 400);
    assert.match(yesterday.body, /Enter an effective date, today or later/);
    const decided = await registry.post(
      `${path}/decision`,
      { outcome: 'accepted', effectiveDate: '2025-01-01' },
      { csrfFrom: path },
    );
    assert.equal(decided.statusCode, 303);
    const outcome = await sauti.platform.db.pool.query<{ effective: string; at: Date }>(
      "select to_char(r.effective_date, 'YYYY-MM-DD') as effective, r.at from voice_resignation_outcomes r join voice_submissions v on v.id = r.submission_id where v.registry_number = $1",
      [registryNumber],
    );
    assert.deepEqual(
      outcome.rows.map((r) => [r.effective, r.at.toISOString()]),
      [['2025-01-01', T.toISOString()]],
    );
  });

  test("the escalation sweep judges what is due at the platform's moment", async () => {
    sauti.platform.clock.set(T);
    const { registryNumber } = await voice.submit(sauti.platform, officer, {
      kind: 'grievance',
      topic: 'pay',
      subject: 'Housing',
      body: 'No housing allowance.',
    });
    const id = (
      await sauti.platform.db.pool.query<{ id: string }>(
        'select id from voice_submissions where registry_number = $1',
        [registryNumber],
      )
    ).rows[0]!.id;
    const { escalateDue } = await import('./escalation.ts');
    sauti.platform.clock.set(new Date(T.getTime() + 7 * DAY - MINUTE));
    assert.deepEqual(await escalateDue(sauti.platform, undefined, id), [], 'not yet due');
    sauti.platform.clock.set(new Date(T.getTime() + 7 * DAY));
    assert.deepEqual(
      (await escalateDue(sauti.platform, undefined, id)).map((r) => r.step),
      ['registry_head'],
      'due now: to the head of the office, not yet to the NPSC',
    );
  });
});
