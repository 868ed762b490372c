import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { bootPlatform } from '../../platform/boot.ts';
import type { Platform } from '../../platform/module.ts';
import { modules } from '../index.ts';
import { escalateDue, VOICE_CLOCK_QUEUE } from './index.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let sauti: TestContext;
const accounts = demoAccounts(() => sauti.app);
const as = accounts.as;

async function submit(
  username: string,
  form: Record<string, string>,
): Promise<{ number: string; id: string; receivedAt: Date }> {
  const res = await (await as(username)).post('/voice', form, { csrfFrom: '/voice/new' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const number = /IGR-\d{4}-\d{6}/.exec(String(res.headers.location))![0];
  const row = (
    await sauti.platform.db.pool.query('select id, received_at from voice_submissions where registry_number = $1', [
      number,
    ])
  ).rows[0];
  return { number, id: row.id, receivedAt: row.received_at };
}

const steps = async (id: string) =>
  (
    await sauti.platform.db.pool.query<{ step: string }>(
      `select step from voice_escalations where submission_id = $1 order by at, array_position(array['registry_head', 'npsc', 'decision_overdue'], step)`,
      [id],
    )
  ).rows.map((r) => r.step);
const escalatedEvents = async (id: string) =>
  (
    await sauti.platform.db.pool.query<{ n: number }>(
      `select count(*)::int as n from voice_events where submission_id = $1 and action = 'escalated'`,
      [id],
    )
  ).rows[0]!.n;

/** The letter's timers in the job queue, in the order they fall due: whether due by the database's clock, and their state. */
const timers = async (id: string) =>
  (
    await sauti.platform.db.pool.query<{ due: boolean; state: string }>(
      `select start_after <= now() as due, state from pgboss.job where name = $1 and data->>'submissionId' = $2 order by start_after`,
      [VOICE_CLOCK_QUEUE, id],
    )
  ).rows;

/** Polls until `check` holds; fails after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const harassment = {
  kind: 'harassment',
  subject: 'Harassment at the base',
  body: 'The Chief Inspector keeps threatening me with a transfer.',
};

describe('the acknowledgement clock escalates a letter nobody acknowledges', () => {
  before(async () => {
    sauti = await startSauti();
  });
  after(() => sauti.close());

  test("first to the head of the IG's office, one clock later to the NPSC liaison; each step once, shown to the writer", async () => {
    const letter = await submit('officer.mombasa', harassment);
    const due = letter.receivedAt.getTime() + 7 * DAY;

    assert.deepEqual(
      await escalateDue(sauti.platform, new Date(due - 60_000), letter.id),
      [],
      'nothing before the clock runs out',
    );
    const page = await (await as('officer.mombasa')).get(`/voice/${letter.number}`);
    assert.match(page.body, /If it is not acknowledged by .*, it goes to the head of the IG's office\./);

    const first = await escalateDue(sauti.platform, new Date(due + 60_000), letter.id);
    assert.deepEqual(
      first.map((r) => r.step),
      ['registry_head'],
    );
    // a repeated timer, the sweep and a second instance at once record nothing more
    const again = await Promise.all([
      escalateDue(sauti.platform, new Date(due + 120_000), letter.id),
      escalateDue(sauti.platform, new Date(due + 120_000)),
      escalateDue(sauti.platform, new Date(due + 120_000)),
    ]);
    assert.deepEqual(again.flat(), []);
    assert.deepEqual(await steps(letter.id), ['registry_head']);
    assert.equal(await escalatedEvents(letter.id), 1);

    const writer = await (await as('officer.mombasa')).get(`/voice/${letter.number}`);
    assert.match(
      writer.body,
      /Escalated to the head of the IG's office: the registry did not acknowledge it in time\./,
    );
    assert.match(
      writer.body,
      /it goes to the National Police Service Commission \(NPSC\) liaison\./,
      'the writer sees what is due next',
    );
    assert.match(writer.body, /Escalated: head of office/);

    // the NPSC liaison does not see it yet
    assert.equal((await (await as('npsc.liaison')).get(`/staff/voice/${letter.number}`)).statusCode, 404);

    const second = await escalateDue(sauti.platform, new Date(due + 7 * DAY + 60_000));
    assert.ok(second.some((r) => r.submission_id === letter.id && r.step === 'npsc'));
    assert.deepEqual(await steps(letter.id), ['registry_head', 'npsc']);
    const last = await (await as('officer.mombasa')).get(`/voice/${letter.number}`);
    assert.match(
      last.body,
      /It has reached the National Police Service Commission \(NPSC\) liaison, the last step of the clock\./,
    );

    // now the NPSC liaison reads it, in their inbox and in full; the IPOA liaison still cannot
    const npsc = await as('npsc.liaison');
    assert.match((await npsc.get('/staff/voice')).body, new RegExp(letter.number));
    assert.equal((await npsc.get(`/staff/voice/${letter.number}`)).statusCode, 200);
    assert.equal((await (await as('ipoa.liaison')).get(`/staff/voice/${letter.number}`)).statusCode, 404);
    assert.equal((await (await as('ipoa.liaison')).get('/staff/voice')).statusCode, 403);

    // the head of the office finds it among the escalated
    const head = await (await as('ig.head')).get('/staff/voice?escalated=yes');
    assert.match(head.body, new RegExp(letter.number));
  });

  test('an acknowledged letter never escalates; a resignation undecided past the statutory period goes to the NPSC liaison, a decided one does not', async () => {
    const acknowledged = await submit('officer.salama', { ...harassment, kind: 'grievance', topic: 'pay' });
    const registry = await as('ig.office');
    assert.equal(
      (
        await registry.post(
          `/staff/voice/${acknowledged.number}/acknowledge`,
          {},
          { csrfFrom: `/staff/voice/${acknowledged.number}` },
        )
      ).statusCode,
      303,
    );
    const undecided = await submit('officer.salama', {
      kind: 'resignation',
      subject: 'Resignation',
      body: 'I wish to resign.',
    });
    const decided = await submit('officer.mombasa', {
      kind: 'resignation',
      subject: 'Resignation',
      body: 'I wish to resign.',
    });
    for (const r of [undecided, decided]) {
      assert.equal(
        (await registry.post(`/staff/voice/${r.number}/acknowledge`, {}, { csrfFrom: `/staff/voice/${r.number}` }))
          .statusCode,
        303,
      );
    }
    const effective = new Date(sauti.platform.clock.now().getTime() + 40 * DAY).toISOString().slice(0, 10);
    assert.equal(
      (
        await registry.post(
          `/staff/voice/${decided.number}/decision`,
          { outcome: 'accepted', effectiveDate: effective },
          { csrfFrom: `/staff/voice/${decided.number}` },
        )
      ).statusCode,
      303,
    );

    const later = new Date(sauti.platform.clock.now().getTime() + 31 * DAY);
    await escalateDue(sauti.platform, later);
    assert.deepEqual(await steps(acknowledged.id), []);
    assert.deepEqual(await steps(undecided.id), ['decision_overdue']);
    assert.deepEqual(await steps(decided.id), []);
    const writer = await (await as('officer.salama')).get(`/voice/${undecided.number}`);
    assert.match(writer.body, /the resignation request was not decided within the statutory period/);
    assert.equal((await (await as('npsc.liaison')).get(`/staff/voice/${undecided.number}`)).statusCode, 200);
  });

  test('escalations are append-only', async () => {
    await assert.rejects(sauti.platform.db.pool.query('delete from voice_escalations'), /append-only/);
    await assert.rejects(sauti.platform.db.pool.query(`update voice_escalations set step = 'npsc'`), /append-only/);
  });
});

describe('the clock is a durable job', () => {
  let first: TestContext;
  let second: Platform | undefined;
  let third: Platform | undefined;
  before(async () => {
    // a clock of about three seconds, and instances that look for due jobs every second
    first = await startSauti({ env: { VOICE_ACKNOWLEDGE_DAYS: '0.00004', JOB_POLL_SECONDS: '1' } });
    sauti = first;
    accounts.forget();
  });
  after(async () => {
    await third?.jobs.stop();
    await second?.jobs.stop();
    await first.close();
  });

  test('a timer set when the letter arrives survives the instance that set it, and fires once with two instances running', async () => {
    const letter = await submit('officer.mombasa', harassment);
    // the instance that received it stops before the clock runs out (as if it were restarted)
    await first.platform.jobs.stop();
    assert.deepEqual(
      (await timers(letter.id)).map((t) => t.state),
      ['created', 'created'],
      'both timers wait in the database, neither taken yet',
    );
    // both timers come due by the database's clock while no instance runs jobs: nothing escalates
    await until('both timers to be due', async () => (await timers(letter.id)).every((t) => t.due));
    assert.deepEqual(
      (await timers(letter.id)).map((t) => t.state),
      ['created', 'created'],
      'due, and still waiting for an instance',
    );
    assert.deepEqual(await steps(letter.id), [], 'nothing escalates while no instance runs jobs');

    // two new instances on the same database pick the timers up from the database
    second = await bootPlatform(first.config, modules, { db: first.platform.db, skipSetup: true });
    third = await bootPlatform(first.config, modules, { db: first.platform.db, skipSetup: true });
    await until('both timers to have run', async () => (await timers(letter.id)).every((t) => t.state === 'completed'));
    assert.deepEqual(await steps(letter.id), ['registry_head', 'npsc'], 'both steps fired after the restart');
    assert.equal(await escalatedEvents(letter.id), 2, 'each step recorded once');
  });
});
