import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { messagesByKey } from '../../platform/sms/index.ts';
import { assault, lostPhone, postJson } from '../ob/test-desk.ts';

// The requester who gave a number gets one SMS when the request is settled: ready, or refused with the reason.
// The number is kept sealed only until then.

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;
const db = () => sauti.platform.db.pool;

before(async () => {
  sauti = await startSauti({ workers: false, env: { RATE_LIMIT_RECEIPTS: '1000' } });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
  accounts = demoAccounts(() => sauti.app);
});
after(() => sauti.close());

async function slipFor(entry: Record<string, unknown>) {
  const res = await postJson(sauti, await accounts.as('officer.salama'), '/api/ob/stations/salama/entries', entry);
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { obNumber: string; slipCode: string };
}

/** Asks for a document with a slip; the request's id as the desk lists it. */
async function ask(entry: Record<string, unknown>, kind: string, extra: Record<string, unknown> = {}) {
  const slip = await slipFor(entry);
  const body = { station: 'salama', ob: slip.obNumber, code: slip.slipCode, kind, ...extra };
  const res = await sauti.app.inject({ method: 'POST', url: '/api/documents/requests', payload: body });
  assert.equal(res.statusCode, 201, res.body);
  const desk = await accounts.as('officer.salama');
  const list = (await desk.get('/api/documents/stations/salama/requests')).json().requests;
  const mine = list.find((r: { obNumber: string; status: string }) => r.obNumber === slip.obNumber);
  return { id: mine.id as string, slip };
}

const sealedNumber = async (id: string) =>
  (await db().query('select phone_sealed from document_requests where id = $1', [id])).rows[0]
    .phone_sealed as Buffer | null;

describe('the SMS when a requested document is settled', () => {
  test('issued: "ready", in the request’s language, once; the number is erased', async () => {
    const { id } = await ask(lostPhone, 'abstract_general', { phone: '0712 345 678', language: 'sw' });
    assert.ok((await sealedNumber(id))?.length, 'kept sealed while the request waits');
    assert.deepEqual(await messagesByKey(db(), `documents.`), [], 'nothing is sent when the request is made');
    const desk = await accounts.as('officer.salama');
    const issued = await postJson(sauti, desk, '/api/documents/stations/salama/documents', { request: id });
    assert.equal(issued.statusCode, 201, issued.body);
    const number = issued.json().number as string;
    assert.equal(await sealedNumber(id), null);
    const again = await postJson(sauti, desk, '/api/documents/stations/salama/documents', { request: id });
    assert.equal(again.statusCode, 409);
    const [sms, ...more] = await messagesByKey(db(), `documents.ready:${id}`);
    assert.equal(more.length, 0);
    assert.equal(sms?.status, 'queued');
    assert.equal(sms.language, 'sw');
    assert.equal(sms.number_kept, true);
    assert.ok(sms.body.length <= 160, sms.body);
    assert.match(sms.body, new RegExp(`^abstract ya polisi ${number} iko tayari localhost:3000/documents/follow \\(`));
    assert.match(sms.body, /Msimbo wa kuhakiki [0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.doesNotMatch(sms.body, /Wanjiku/);
  });

  test('refused: the reason and where to report, in English by default; the number is erased', async () => {
    const { id, slip } = await ask(assault, 'p3', { phone: '+254722000111' });
    const desk = await accounts.as('officer.salama');
    const reason = 'No injury was recorded in this entry; come to the desk so that it can be amended.';
    const refused = await postJson(sauti, desk, `/api/documents/requests/${id}/refusal`, { reason });
    assert.equal(refused.statusCode, 204, refused.body);
    assert.equal(await sealedNumber(id), null);
    const [sms] = await messagesByKey(db(), `documents.refused:${id}`);
    assert.equal(sms?.language, 'en');
    assert.ok(sms.body.length <= 306, sms.body);
    assert.equal(
      sms.body,
      `Your request for a P3 form (OB ${slip.obNumber}) was refused: ${reason} If this is unfair or you were asked for money, report it at ${sauti.platform.config.publicUrl}/report`,
    );
    assert.deepEqual(await messagesByKey(db(), `documents.ready:${id}`), []);
  });

  test('a long reason is cut to fit two messages', async () => {
    const { id } = await ask(assault, 'abstract_general', { phone: '0722000112' });
    const reason = 'The entry needs amending first. '.repeat(30).trim();
    const desk = await accounts.as('officer.salama');
    assert.equal((await postJson(sauti, desk, `/api/documents/requests/${id}/refusal`, { reason })).statusCode, 204);
    const [sms] = await messagesByKey(db(), `documents.refused:${id}`);
    assert.ok(sms && sms.body.length <= 306, sms?.body);
    assert.match(sms.body, /\.\.\. If this is unfair/);
  });

  test('no number given, no SMS; a number that is not a mobile one is a 400 naming the field', async () => {
    const { id } = await ask(lostPhone, 'abstract_general');
    assert.equal(await sealedNumber(id), null);
    const desk = await accounts.as('officer.salama');
    assert.equal(
      (await postJson(sauti, desk, '/api/documents/stations/salama/documents', { request: id })).statusCode,
      201,
    );
    assert.deepEqual(await messagesByKey(db(), `documents.ready:${id}`), []);
    const slip = await slipFor(lostPhone);
    const bad = await sauti.app.inject({
      method: 'POST',
      url: '/api/documents/requests',
      payload: { station: 'salama', ob: slip.obNumber, code: slip.slipCode, kind: 'abstract_general', phone: '12345' },
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().error.fields.map((p: { field: string }) => p.field),
      ['phone'],
    );
  });
});
