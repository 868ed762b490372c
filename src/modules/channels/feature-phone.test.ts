import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, signIn, startSauti, until, type TestContext } from '../../../test/helpers.ts';
import { InjectedPhone } from '../../../test/ussd-phone.ts';
import { AT_SIM_DEFAULTS, startAtSim, type RunningAtSim } from '../../at-sim/index.ts';
import { messagesByKey } from '../../platform/sms/index.ts';
import { callbackUrls } from './index.ts';

// From a feature phone, in Kiswahili: a bribery report at Salama, the investigator's reply delivered by SMS (the
// dispatch job's own round, the simulator's delivery report), and the reply read by following the report.

let sim: RunningAtSim;
let sauti: TestContext;
before(async () => {
  sim = await startAtSim({ port: 0, deliveryDelayMs: 50 });
  const port = await freePort();
  sauti = await startSauti({
    env: {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      AT_API_URL: sim.url,
      AT_USERNAME: AT_SIM_DEFAULTS.username,
      AT_API_KEY: AT_SIM_DEFAULTS.apiKey,
      JOB_POLL_SECONDS: '1',
    },
  });
  await sauti.app.listen({ host: '127.0.0.1', port });
  sim.setDeliveryReportUrl(callbackUrls(sauti.platform).deliveryReports);
});
after(async () => {
  await sauti.close();
  await sim.close();
});

test(
  'a bribery report at Salama from a feature phone, in Kiswahili, hears back by SMS and on the phone',
  { timeout: 60_000 },
  async () => {
    const number = '+254722555100';
    const phone = new InjectedPhone(sauti.app, number);
    await phone.dial();
    await phone.sendAll('2', '1', '1', 'mak', '1', 'sal', '1', 'Afisa alidai Ksh 5000 kwa fomu ya P3', '2', '1', '1');
    const last = phone.screens.at(-1)!;
    const receipt = /Nambari ya risiti: ([\d ]{19})\./.exec(last)?.[1]?.replace(/ /g, '');
    assert.ok(receipt, last);

    const receiptSms = await sim.messageSent((m) => m.to === number);
    assert.match(receiptSms.text, /ripoti yako imepokelewa/);

    const { rows } = await sauti.platform.db.pool.query<{ reference: string }>(
      `select c.reference from cases c join reports r on r.case_id = c.id where r.contact_phone = $1`,
      [number],
    );
    const reference = rows[0]!.reference;
    const investigator = await signIn(sauti.app, 'iau.investigator');
    const sent = await investigator.post(
      `/staff/cases/${reference}/messages`,
      { message: 'Tumepokea ripoti yako. Tafadhali tuambie saa ngapi ulifika kituoni.' },
      { csrfFrom: `/staff/cases/${reference}` },
    );
    assert.equal(sent.statusCode, 303);

    const news = await sim.messageSent((m) => m.to === number && m.text.includes('kuna habari'));
    assert.match(news.text, /kuna habari kuhusu ripoti yako/);
    assert.doesNotMatch(news.text, /P3|5000|Salama/, 'the SMS does not say what the report is about');
    await sim.reportsSettled(news.id);
    await until('the delivery report is kept', async () => {
      const [kept] = (await messagesByKey(sauti.platform.db.pool, 'reports.news:')).filter(
        (m) => m.gateway_message_id === news.id,
      );
      return kept?.status === 'delivered' && kept.reports.some((r) => r.status === 'Success') && !kept.number_kept;
    });

    const follow = new InjectedPhone(sauti.app, number);
    assert.match(await follow.dial(), /^CON Sauti - Huduma ya Polisi/);
    await follow.send('2');
    const status = await follow.send(receipt);
    assert.match(status, new RegExp(`^CON Kesi ${reference}: `));
    assert.match(status, /Karibuni: Tumepokea ripoti yako/);
    assert.match(await follow.send('1'), /Andika jibu lako/);
    assert.match(await follow.send('Nilifika saa nne asubuhi'), /^END Jibu lako limetumwa/);
    const thread = await sauti.platform.db.pool.query(
      `select body from case_messages m join cases c on c.id = m.case_id where c.reference = $1 and direction = 'from_reporter'`,
      [reference],
    );
    assert.deepEqual(thread.rows, [{ body: 'Nilifika saa nne asubuhi' }]);
    for (const screen of [...phone.screens, ...follow.screens]) assert.ok(screen.length - 4 <= 160, screen);
  },
);
