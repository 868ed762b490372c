import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { messagesByKey } from '../../../platform/sms/index.ts';
import { demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { arrest, lostPhone, postJson } from '../test-desk.ts';

let sauti: TestContext;
const as = demoAccounts(() => sauti.app).as;
const slips = (id = '') => messagesByKey(sauti.platform.db.pool, `ob.slip:${id}`);

before(async () => {
  sauti = await startSauti();
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
});
after(() => sauti.close());

const record = async (body: unknown) =>
  postJson(sauti, await as('officer.kasarani'), '/api/ob/stations/kasarani/entries', body);

describe('the slip by SMS, queued with the entry', () => {
  test('a complainant who gave a number (typed 07…) gets the slip, in Kiswahili when asked', async () => {
    const res = await record({ ...lostPhone, language: 'sw' });
    assert.equal(res.statusCode, 201, res.body);
    const entry = res.json();
    const [sms, ...more] = await slips(entry.id);
    assert.equal(more.length, 0);
    assert.equal(sms?.status, 'queued');
    assert.equal(sms.purpose, 'ob.slip');
    assert.equal(sms.language, 'sw');
    assert.equal(sms.number_kept, true);
    assert.ok(sms.body.length <= 160, sms.body);
    assert.match(sms.body, /imeandikwa 30\/11 10:00/);
    assert.ok(sms.body.includes(`OB ${entry.obNumber}`) && sms.body.includes(entry.slipCode), sms.body);
    assert.doesNotMatch(sms.body, /Wanjiku|23456789|0712/, 'nothing about the complainant but what the slip shows');
  });

  test('without a language, the jurisdiction’s first (English); the owner of lost property counts too', async () => {
    const owner = { ...lostPhone, persons: [{ role: 'owner', name: 'Achieng', phone: '+254 110 345 678' }] };
    const entry = (await record(owner)).json();
    const [sms] = await slips(entry.id);
    assert.equal(sms?.language, 'en');
    assert.match(sms.body, /OB .* recorded 30\/11 10:00\. Check at/);
  });

  test('no number, or only a suspect’s or an arrested person’s: no SMS', async () => {
    const before = (await slips()).length;
    assert.equal((await record(arrest)).statusCode, 201);
    const noPhone = { ...lostPhone, persons: [{ role: 'complainant', name: 'Wanjiku Kamau' }] };
    assert.equal((await record(noPhone)).statusCode, 201);
    const suspect = { ...lostPhone, persons: [{ role: 'suspect', name: 'X', phone: '0722000111' }] };
    assert.equal((await record(suspect)).statusCode, 201);
    assert.equal((await slips()).length, before);
  });

  test('an entry that is not stored queues no SMS: two releases of one arrest at once, one refused', async () => {
    const booked = (await record(arrest)).json();
    const before = (await slips()).length;
    const release = (phone: string) =>
      record({
        kind: 'release',
        occurredAt: '2026-11-30T09:50:00+03:00',
        releaseOf: booked.obNumber,
        releaseMode: 'bail',
        narrative: 'Released on police cash bail.',
        persons: [{ role: 'complainant', name: 'Surety', phone }],
      });
    const answers = await Promise.all([release('0733000001'), release('0733000002')]);
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [201, 400]);
    const stored = answers.find((a) => a.statusCode === 201)!.json();
    const after = await slips();
    assert.equal(after.length, before + 1);
    assert.equal(after.at(-1)?.key, `ob.slip:${stored.id}`);
  });

  test('a language Sauti does not speak is a 400 naming the field, and nothing is stored', async () => {
    const res = await record({ ...lostPhone, language: 'fr' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /"language"/);
  });
});
