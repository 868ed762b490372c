import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, resetClock, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';

/**
 * When something happened is read as Nairobi time and may not be in the future by the platform's
 * clock: a test standing the clock at any moment sees the same refusals, whatever the real time.
 */

/** 00:30 on 11 June 2024 in Nairobi (21:30 on the 10th in UTC). */
const T = new Date('2024-06-10T21:30:00Z');

let sauti: TestContext;

before(async () => {
  sauti = await startSauti({ workers: false });
});
after(async () => {
  resetClock(sauti.platform);
  await sauti.close();
});

const file = (when: Record<string, string>) =>
  new Browser(sauti.app).post('/report', {
    ...validReport,
    description: `Asked for money at the desk (${JSON.stringify(when)})`,
    ...when,
  });
const reports = async () =>
  (await sauti.platform.db.pool.query<{ occurred_at: Date }>('select occurred_at from reports order by id')).rows.map(
    (r) => r.occurred_at.toISOString(),
  );

describe('when it happened, on a pinned clock', () => {
  test('a date and time in Nairobi up to ten minutes ahead of the clock is taken; later ones are refused, and nothing is written', async () => {
    sauti.platform.clock.set(T);
    const soon = await file({ occurredDate: '2024-06-11', occurredTime: '00:35' });
    assert.equal(soon.statusCode, 201, 'five minutes ahead of the clock, in Nairobi time');
    assert.deepEqual(await reports(), ['2024-06-10T21:35:00.000Z'], 'kept as the instant it names in Nairobi');

    const later = await file({ occurredDate: '2024-06-11', occurredTime: '00:45' });
    assert.equal(later.statusCode, 400);
    assert.match(later.body, /The date cannot be in the future\./);
    const noon = await file({ occurredDate: '2024-06-11' });
    assert.equal(noon.statusCode, 400, 'a date alone means noon that day, still ahead of the clock');
    assert.equal((await reports()).length, 1, 'refused reports write nothing');

    // a day on, noon on the 11th has passed
    sauti.platform.clock.set(new Date(T.getTime() + 24 * 3600_000));
    assert.equal((await file({ occurredDate: '2024-06-11' })).statusCode, 201);
    assert.deepEqual((await reports()).slice(1), ['2024-06-11T09:00:00.000Z']);
  });

  test('a day past the end of the month rolls over and 24:00 is the next midnight, as before; a 25th hour is not a time', async () => {
    sauti.platform.clock.set(new Date('2024-07-10T09:00:00Z'));
    assert.equal((await file({ occurredDate: '2024-06-31', occurredTime: '24:00' })).statusCode, 201);
    assert.equal((await reports()).at(-1), '2024-07-01T21:00:00.000Z');
    const bad = await file({ occurredDate: '2024-06-30', occurredTime: '25:00' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter a real date/);
  });
});

describe('following a report on a pinned clock', () => {
  test('how long it has waited and whether the first response is late are read at the platform clock', async () => {
    resetClock(sauti.platform);
    const filed = await file({});
    assert.equal(filed.statusCode, 201);
    const receipt = /id="receipt-code">\s*([\d ]{19})\s*</.exec(filed.body)![1]!.replace(/ /g, '');
    const row = (
      await sauti.platform.db.pool.query<{ opened_at: Date; first_response_due_at: Date }>(
        'select c.opened_at, c.first_response_due_at from reports r join cases c on c.id = r.case_id order by r.id desc limit 1',
      )
    ).rows[0]!;
    // a minute before the first response is due (the follow cookie lasts half an hour of that clock)
    sauti.platform.clock.set(new Date(row.first_response_due_at.getTime() - 60_000));
    const browser = new Browser(sauti.app);
    assert.equal((await browser.post('/follow', { receipt }, { csrfFrom: '/follow' })).statusCode, 303);
    const hours = Math.floor((row.first_response_due_at.getTime() - 60_000 - row.opened_at.getTime()) / 3600_000);
    const before = await browser.get('/follow');
    assert.equal(before.statusCode, 200);
    assert.match(before.body, new RegExp(`waiting ${hours} hours`));
    assert.doesNotMatch(before.body, /class="tag overdue"/);
    // a minute after
    sauti.platform.clock.set(new Date(row.first_response_due_at.getTime() + 60_000));
    const late = await browser.get('/follow');
    assert.match(late.body, /class="tag overdue"/);
  });
});
