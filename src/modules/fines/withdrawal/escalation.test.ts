import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { escalateNotices, escalationJobs, FINES_ESCALATION_QUEUE } from './escalation.ts';
import { eventsOf, ISSUED_AT, issueAtKasarani, noticeState, payByBank, text } from './test-notices.ts';

// Unpaid fines escalate by the job, read against the platform clock: reminded once past the due date,
// flagged for court once past the grace period (14 days by default); paid and withdrawn notices never.

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;

before(async () => {
  sauti = await startSauti({ workers: false });
  sauti.platform.clock.set(ISSUED_AT);
  accounts = demoAccounts(() => sauti.app);
});
after(() => sauti.close());

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const commanderWithdraws = async (number: string) => {
  const res = await (
    await accounts.as('ocs.kasarani')
  ).post(
    `/staff/fines/${number}/withdraw`,
    { reason: 'Issued to the wrong vehicle: the plate was misread.' },
    { csrfFrom: '/fines/verify' },
  );
  assert.equal(res.statusCode, 303, res.body);
};

describe('escalating unpaid notices', () => {
  test('reminded once past the due date, flagged for court once past the grace period; paid and withdrawn never', async () => {
    const unpaid = await issueAtKasarani(sauti, accounts, { driverPhone: '0712345678', language: 'sw' });
    const partly = await issueAtKasarani(sauti, accounts);
    const paid = await issueAtKasarani(sauti, accounts);
    const withdrawn = await issueAtKasarani(sauti, accounts);
    assert.equal((await payByBank(sauti, partly.id, 100_00))?.creditedCents, 100_00);
    assert.equal((await payByBank(sauti, paid.id, 500_00))?.creditedCents, 500_00);
    await commanderWithdraws(withdrawn.number);
    const due = unpaid.dueAt;

    // before the due date: nothing
    assert.deepEqual(await escalateNotices(sauti.platform, new Date(due.getTime() - MINUTE)), {
      reminded: 0,
      flagged: 0,
    });
    assert.equal((await eventsOf(sauti, unpaid.id, 'reminded')).length, 0);

    // past it: one reminder each for the unpaid and the partly paid, however many runs
    const past = new Date(due.getTime() + MINUTE);
    assert.deepEqual(await escalateNotices(sauti.platform, past), { reminded: 2, flagged: 0 });
    assert.deepEqual(await escalateNotices(sauti.platform, past), { reminded: 0, flagged: 0 });
    const reminders = await eventsOf(sauti, unpaid.id, 'reminded');
    assert.equal(reminders.length, 1);
    const detail = reminders[0]!.detail as { to: string; text: string };
    assert.equal(detail.to, '254712345678');
    assert.match(detail.text, new RegExp(`^Ilani ya trafiki ${unpaid.number} \\(KCB221Q\\): K[Ss]h\\s?500`));
    assert.match(detail.text, /paybill 174379/);
    assert.ok(detail.text.length <= 306);
    assert.equal((await eventsOf(sauti, partly.id, 'reminded')).length, 1);
    assert.match(String((await eventsOf(sauti, partly.id, 'reminded'))[0]!.detail.text), /K[Ss]h\s?400/);
    assert.equal((await noticeState(sauti, unpaid.id)).status, 'unpaid');

    // the day before the grace period ends: still payable, not flagged
    assert.deepEqual(await escalateNotices(sauti.platform, new Date(due.getTime() + 14 * DAY - MINUTE)), {
      reminded: 0,
      flagged: 0,
    });

    // past the grace period, two runs at once: each notice flagged once
    const late = new Date(due.getTime() + 14 * DAY + MINUTE);
    const runs = await Promise.all([escalateNotices(sauti.platform, late), escalateNotices(sauti.platform, late)]);
    assert.equal(runs[0].flagged + runs[1].flagged, 2);
    assert.deepEqual(await escalateNotices(sauti.platform, late), { reminded: 0, flagged: 0 });
    for (const n of [unpaid, partly]) {
      assert.equal((await noticeState(sauti, n.id)).status, 'overdue');
      assert.equal((await eventsOf(sauti, n.id, 'flagged-for-court')).length, 1);
      assert.equal((await eventsOf(sauti, n.id, 'reminded')).length, 1);
    }

    // paid and withdrawn: never reminded nor flagged
    for (const n of [paid, withdrawn]) {
      assert.equal((await eventsOf(sauti, n.id, 'reminded')).length, 0);
      assert.equal((await eventsOf(sauti, n.id, 'flagged-for-court')).length, 0);
    }
    assert.equal((await noticeState(sauti, paid.id)).status, 'paid');
    assert.equal((await noticeState(sauti, withdrawn.id)).status, 'withdrawn');
  });

  test('a notice found only after the grace period is flagged without a late reminder', async () => {
    const n = await issueAtKasarani(sauti, accounts);
    assert.deepEqual(await escalateNotices(sauti.platform, new Date(n.dueAt.getTime() + 20 * DAY)), {
      reminded: 0,
      flagged: 1,
    });
    assert.equal((await eventsOf(sauti, n.id, 'reminded')).length, 0);
    assert.equal((await noticeState(sauti, n.id)).status, 'overdue');
  });

  test('a notice flagged for court: not payable any more, its page says so, and its commander can still withdraw it', async () => {
    const n = await issueAtKasarani(sauti, accounts);
    await escalateNotices(sauti.platform, new Date(n.dueAt.getTime() + MINUTE));
    await escalateNotices(sauti.platform, new Date(n.dueAt.getTime() + 15 * DAY));
    assert.equal((await noticeState(sauti, n.id)).status, 'overdue');

    const money = await payByBank(sauti, n.id, 500_00);
    assert.deepEqual([money?.creditedCents, money?.suspenseReason], [0, 'not-payable']);
    assert.equal((await noticeState(sauti, n.id)).paid_cents, '0');

    const page = text((await new Browser(sauti.app).get(n.link)).body);
    assert.match(page, /Not paid in time: passed to court/);
    assert.match(page, /Reminder sent: the fine was not paid by the due date/);
    assert.doesNotMatch(page, /Pay now by M-Pesa|How to pay/);

    await commanderWithdraws(n.number);
    assert.equal((await noticeState(sauti, n.id)).status, 'withdrawn');
  });

  test('the job runs every few minutes, one at a time across instances', () => {
    const [job] = escalationJobs(sauti.platform);
    assert.equal(job?.queue, FINES_ESCALATION_QUEUE);
    assert.equal(job?.policy, 'singleton');
    assert.equal(job?.every, '*/5 * * * *');
  });
});
