import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hmacHex } from '../../platform/crypto/index.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { Browser, startSauti, type TestContext } from '../../../test/helpers.ts';
import { addEvidence, followReport, ReceiptHolder, replyToInvestigator, submitReport } from './service.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti({ demoStaff: false });
});
after(() => sauti.close());

const report = {
  category: 'bribery_extortion',
  description: 'Asked for money at the roadblock.',
  county: '017',
  station: 'salama',
};
const photo = {
  sha256: 'b'.repeat(64),
  sizeBytes: 10,
  mediaType: 'image/png',
  kind: 'photo' as const,
  receivedVia: 'test',
};

async function newReport(): Promise<{ receipt: string; id: string }> {
  const { receipt } = await submitReport(sauti.platform, report, 'api', []);
  const { report: row } = await ReceiptHolder.byReceipt(sauti.platform, receipt);
  return { receipt, id: row.id };
}

const messages = async (reportId: string) =>
  (
    await sauti.platform.db.pool.query<{ n: number }>(
      `select count(*)::int as n from case_messages m join reports r on r.case_id = m.case_id where r.id = $1 and m.direction = 'from_reporter'`,
      [reportId],
    )
  ).rows[0]!.n;

describe('the reporter-facing services take a receipt holder, never a report id', () => {
  test('only a receipt code makes a holder; the services refuse a bare id, also cast past the types', async () => {
    const { receipt, id } = await newReport();
    const { holder } = await ReceiptHolder.byReceipt(sauti.platform, receipt);
    assert.equal((await followReport(sauti.platform, holder)).report.id, id);

    // @ts-expect-error the constructor is private: a holder is made only from a receipt or a follow token
    assert.throws(() => new ReceiptHolder(id), TypeError);
    // @ts-expect-error a bare report id is not a receipt holder
    await assert.rejects(followReport(sauti.platform, id), TypeError);
    // @ts-expect-error a bare report id is not a receipt holder
    await assert.rejects(replyToInvestigator(sauti.platform, id, 'let me in'), TypeError);
    // @ts-expect-error a bare report id is not a receipt holder
    await assert.rejects(addEvidence(sauti.platform, id, [photo]), TypeError);
    // an object shaped like one, cast to the type
    await assert.rejects(
      replyToInvestigator(sauti.platform, { reportId: id } as unknown as ReceiptHolder, 'let me in'),
      TypeError,
    );
    assert.equal(await messages(id), 0);
  });

  test('a wrong receipt code makes no holder', async () => {
    await assert.rejects(ReceiptHolder.byReceipt(sauti.platform, '0000000000000000'), NotFound);
    await assert.rejects(ReceiptHolder.byReceipt(sauti.platform, 'not a code'), NotFound);
  });
});

describe('the follow pages and API with a receipt, the follow cookie, and forged cookies', () => {
  const followToken = (id: string, expires: number) =>
    `${id}.${expires}.${hmacHex(sauti.config.secret, 'follow', `${id}.${expires}`)}`;

  test('the receipt opens the page and the cookie carries on: the reporter replies and sees the reply', async () => {
    const { receipt, id } = await newReport();
    const browser = new Browser(sauti.app);
    assert.equal((await browser.post('/follow', { receipt }, { csrfFrom: '/follow' })).statusCode, 303);
    assert.equal(
      (await browser.post('/follow/messages', { message: 'The officer wore no name tag.' }, { csrfFrom: '/follow' }))
        .statusCode,
      303,
    );
    const page = await browser.get('/follow?done=message');
    assert.match(page.body, /id="report-status"/);
    assert.match(page.body, /The officer wore no name tag\./);
    assert.equal(await messages(id), 1);
  });

  test('the JSON API with the receipt: follow and reply', async () => {
    const { receipt, id } = await newReport();
    const followed = await sauti.app.inject({ method: 'POST', url: '/api/reports/follow', payload: { receipt } });
    assert.equal(followed.statusCode, 200);
    const replied = await sauti.app.inject({
      method: 'POST',
      url: '/api/reports/follow/messages',
      payload: { receipt, message: 'More details.' },
    });
    assert.equal(replied.statusCode, 200);
    assert.equal(replied.json().messages.length, 1);
    assert.equal(await messages(id), 1);
    const wrong = await sauti.app.inject({
      method: 'POST',
      url: '/api/reports/follow/messages',
      payload: { receipt: '0000000000000000', message: 'More details.' },
    });
    assert.equal(wrong.statusCode, 404);
  });

  test('a forged, altered or expired follow cookie opens nothing and stores nothing', async () => {
    const { id } = await newReport();
    const { id: other } = await newReport();
    const now = sauti.platform.clock.now().getTime();
    const later = now + 3600_000;
    const forged = [
      `${id}.${later}.${'0'.repeat(64)}`, // a made-up signature
      followToken(other, later).replace(`${other}.`, `${id}.`), // another report's genuine token, its id changed
      followToken(id, now - 1000), // genuine but expired
      `${id}:${later}`, // the id alone
      id,
    ];
    for (const cookie of forged) {
      const browser = new Browser(sauti.app);
      browser.cookies.set('sauti_follow', cookie);
      const page = await browser.get('/follow');
      assert.equal(page.statusCode, 200, cookie);
      assert.doesNotMatch(page.body, /id="report-status"/, cookie);
      assert.match(page.body, /name="receipt"/, `${cookie}: the receipt form is shown instead`);
      const reply = await browser.post('/follow/messages', { message: 'forged' }, { csrfFrom: '/follow' });
      assert.equal(reply.statusCode, 303, cookie);
      assert.equal(reply.headers.location, '/follow');
    }
    assert.equal(await messages(id), 0);
    // the genuine token of the same report is accepted
    const browser = new Browser(sauti.app);
    browser.cookies.set('sauti_follow', followToken(id, later));
    assert.match((await browser.get('/follow')).body, /id="report-status"/);
  });
});
