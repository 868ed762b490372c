import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, resetClock, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';

/**
 * A report is received at the platform clock's moment, and Open311's default window (the 90 days
 * before now) ends at that clock: a test standing it still sees the same requests at any real time.
 */

const DAY = 24 * 3600_000;
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

async function requests(query = ''): Promise<Array<{ requested_datetime: string }>> {
  const res = await sauti.app.inject({ method: 'GET', url: `/open311/v2/requests.json${query}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Array<{ requested_datetime: string }>;
}

describe('Open311 requests on a pinned clock', () => {
  test('received at the clock, written in Nairobi time, listed while within the 90 days before the clock', async () => {
    sauti.platform.clock.set(T);
    assert.equal((await new Browser(sauti.app).post('/report', validReport)).statusCode, 201);
    const listed = await requests();
    assert.deepEqual(
      listed.map((r) => r.requested_datetime),
      ['2024-06-11T00:30:00+03:00'],
    );
    // a bare date is a day in Nairobi: the 11th holds it, the 10th does not
    assert.equal((await requests('?start_date=2024-06-11&end_date=2024-06-11')).length, 1);
    assert.equal((await requests('?start_date=2024-06-10&end_date=2024-06-10')).length, 0);

    sauti.platform.clock.set(new Date(T.getTime() + 89 * DAY));
    assert.equal((await requests()).length, 1, '89 days on, still within the default window');
    sauti.platform.clock.set(new Date(T.getTime() + 91 * DAY));
    assert.equal((await requests()).length, 0, '91 days on, past it');
  });
});
