import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AT_SIM_DEFAULTS, SMS_OUTCOMES, smsLength, startAtSim, type AtSimOptions, type RunningAtSim } from './index.ts';
import { FormReceiver } from './receiver.test-support.ts';

const { username, apiKey } = AT_SIM_DEFAULTS;
const MESSAGE_ID = /^ATXid_[0-9a-f]{32}$/;

async function withSim(options: AtSimOptions, run: (sim: RunningAtSim, receiver: FormReceiver) => Promise<void>) {
  const receiver = await new FormReceiver().start();
  const sim = await startAtSim({ port: 0, deliveryReportUrl: `${receiver.url}/dlr`, ...options });
  try {
    await run(sim, receiver);
  } finally {
    await sim.close();
    await receiver.close();
  }
}

interface Recipient {
  statusCode: number;
  number: string;
  status: string;
  cost: string;
  messageId: string;
}

async function sendSms(sim: RunningAtSim, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${sim.url}/version1/messaging`, {
    method: 'POST',
    headers: { apiKey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ username, ...fields }).toString(),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json');
  const data = json ? (JSON.parse(text) as { SMSMessageData: { Message: string; Recipients: Recipient[] } }) : null;
  return { status: response.status, text, data, recipients: data?.SMSMessageData.Recipients ?? [] };
}

test("a send answers 201 in Africa's Talking's shape, and the message is recorded", { timeout: 30_000 }, async () => {
  await withSim({ deliveryDelayMs: 600_000 }, async (sim) => {
    const answer = await sendSms(sim, { to: '+254711000000', message: 'Your report OB/12/2026 is received.' });
    assert.equal(answer.status, 201);
    const [recipient] = answer.recipients;
    assert.match(recipient!.messageId, MESSAGE_ID);
    assert.deepEqual(answer.data, {
      SMSMessageData: {
        Message: 'Sent to 1/1 Total Cost: KES 0.8000',
        Recipients: [
          {
            statusCode: 101,
            number: '+254711000000',
            status: 'Success',
            cost: 'KES 0.8000',
            messageId: recipient!.messageId,
          },
        ],
      },
    });
    assert.deepEqual(Object.keys(recipient!), ['statusCode', 'number', 'status', 'cost', 'messageId']);
    const [message] = sim.messages();
    assert.equal(message!.id, recipient!.messageId);
    assert.equal(message!.from, 'AFRICASTKNG');
    assert.equal(message!.status, 'Submitted');
    assert.equal(message!.parts, 1);
  });
});

test(
  'a send without the right apiKey or username is a 401, without to or message a 400',
  { timeout: 30_000 },
  async () => {
    await withSim({}, async (sim) => {
      const refusals: Array<[Record<string, string>, Record<string, string>, number, string]> = [
        [{ to: '+254711000000', message: 'x' }, { apiKey: 'wrong' }, 401, 'The supplied authentication is invalid'],
        [{ to: '+254711000000', message: 'x', username: 'other' }, {}, 401, 'The supplied authentication is invalid'],
        [{ message: 'x' }, {}, 400, "Request is missing required form field 'to'"],
        [{ to: ' , ', message: 'x' }, {}, 400, "Request is missing required form field 'to'"],
        [{ to: '+254711000000' }, {}, 400, "Request is missing required form field 'message'"],
      ];
      for (const [fields, headers, status, text] of refusals) {
        const answer = await sendSms(sim, fields, headers);
        assert.deepEqual([answer.status, answer.text], [status, text], JSON.stringify(fields));
      }
      const noKey = await fetch(`${sim.url}/version1/messaging`, {
        method: 'POST',
        body: new URLSearchParams({ username, to: '+254711000000', message: 'x' }),
      });
      assert.equal(noKey.status, 401);
      assert.match(noKey.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal((await fetch(`${sim.url}/version1/messaging`)).status, 405);
      assert.equal((await fetch(`${sim.url}/version1/voice`, { method: 'POST' })).status, 404);
      const large = await sendSms(sim, { to: '+254711000000', message: 'x'.repeat(70_000) });
      assert.equal(large.status, 413);
      assert.equal(sim.messages().length, 0);
    });
  },
);

test('each outcome in SMS_OUTCOMES does what it says', { timeout: 60_000 }, async () => {
  const delay = 20;
  await withSim({ deliveryDelayMs: delay }, async (sim, receiver) => {
    for (const outcome of SMS_OUTCOMES) {
      const number = `+25471100${outcome.ending}`;
      const before = sim.messages().length;
      let answer = await sendSms(sim, { to: number, message: 'Habari' });
      if (outcome.transientFailure) {
        assert.equal(answer.status, 500, outcome.meaning);
        assert.equal(sim.messages().length, before, 'a failed request records nothing');
        answer = await sendSms(sim, { to: number, message: 'Habari' });
      }
      assert.equal(answer.status, 201, outcome.meaning);
      const [recipient] = answer.recipients;
      assert.equal(recipient!.statusCode, outcome.statusCode, outcome.meaning);
      if (outcome.statusCode > 102) {
        assert.deepEqual(
          { cost: recipient!.cost, messageId: recipient!.messageId, message: answer.data!.SMSMessageData.Message },
          { cost: '0', messageId: 'None', message: 'Sent to 0/1 Total Cost: 0' },
        );
        continue;
      }
      const id = recipient!.messageId;
      await sim.reportsSettled(id);
      const reports = receiver.at('/dlr').filter((fields) => fields.id === id);
      assert.deepEqual(
        reports.map((fields) => [fields.status, fields.failureReason]),
        outcome.reports.map((step) => [step.status, step.failureReason]),
        outcome.meaning,
      );
      const message = sim.messages().find((m) => m.id === id)!;
      assert.equal(message.status, outcome.reports.at(-1)!.status);
    }
    const late = sim.messages().find((m) => m.to.endsWith('0003'))!;
    const lateReports = sim.deliveryReportsSent().filter((r) => r.fields.id === late.id);
    const lateBy = Date.parse(lateReports[1]!.attempts[0]!.at) - Date.parse(late.at);
    assert.ok(lateBy >= 9 * delay, `the late Success came ${lateBy} ms after the send`);
    assert.equal(lateReports[1]!.fields.retryCount, '1');
  });
});

test(
  "any other number is delivered: one Success report with the fields Africa's Talking sends",
  { timeout: 30_000 },
  async () => {
    await withSim({ deliveryDelayMs: 0 }, async (sim, receiver) => {
      const answer = await sendSms(sim, { to: '+254722123456,+254733123456', message: 'Habari', from: 'NPS' });
      assert.equal(answer.data!.SMSMessageData.Message, 'Sent to 2/2 Total Cost: KES 1.6000');
      const ids = answer.recipients.map((r) => r.messageId);
      await Promise.all(ids.map((id) => sim.reportsSettled(id)));
      const reports = await receiver.waitFor('/dlr', 2);
      assert.deepEqual(
        reports.find((fields) => fields.id === ids[0]),
        { id: ids[0], status: 'Success', phoneNumber: '+254722123456', networkCode: '63902', retryCount: '0' },
      );
      assert.equal(reports.find((fields) => fields.id === ids[1])!.networkCode, '63903', 'Airtel');
      assert.deepEqual(
        sim.messages().map((m) => [m.from, m.status]),
        [
          ['NPS', 'Success'],
          ['NPS', 'Success'],
        ],
      );
    });
  },
);

test(
  'numbers that are not international, and a bad sender id, are refused per recipient',
  { timeout: 30_000 },
  async () => {
    await withSim({}, async (sim) => {
      const numbers = await sendSms(sim, { to: '0711000000,+254711000000', message: 'x' });
      assert.deepEqual(
        numbers.recipients.map((r) => [r.statusCode, r.status]),
        [
          [403, 'InvalidPhoneNumber'],
          [101, 'Success'],
        ],
      );
      assert.equal(numbers.data!.SMSMessageData.Message, 'Sent to 1/2 Total Cost: KES 0.8000');
      const sender = await sendSms(sim, { to: '+254711000000', message: 'x', from: 'Not-a-sender-id' });
      assert.deepEqual(
        sender.recipients.map((r) => [r.statusCode, r.status, r.cost, r.messageId]),
        [[402, 'InvalidSenderId', '0', 'None']],
      );
    });
  },
);

test('parts and cost: GSM-7 160 then 153 a part, UCS-2 70 then 67', { timeout: 30_000 }, async () => {
  const cases: Array<[string, string, number]> = [
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['a'.repeat(306), 'GSM-7', 2],
    ['a'.repeat(307), 'GSM-7', 3],
    ['€'.repeat(80), 'GSM-7', 1],
    ['€'.repeat(81), 'GSM-7', 2],
    ['Ripoti yako imepokelewa: Ñ, é, ü, £.', 'GSM-7', 1],
    ['✓'.repeat(70), 'UCS-2', 1],
    ['✓'.repeat(71), 'UCS-2', 2],
    ['✓'.repeat(134), 'UCS-2', 2],
    ['✓'.repeat(135), 'UCS-2', 3],
    ['😀'.repeat(35), 'UCS-2', 1],
    ['😀'.repeat(36), 'UCS-2', 2],
  ];
  for (const [text, encoding, parts] of cases) {
    const length = smsLength(text);
    assert.deepEqual([length.encoding, length.parts], [encoding, parts], `${text.slice(0, 3)}… (${text.length})`);
  }
  await withSim({}, async (sim) => {
    const answer = await sendSms(sim, { to: '+254711000000,+254711000001', message: `${'✓'.repeat(71)}` });
    assert.deepEqual(
      answer.recipients.map((r) => r.cost),
      ['KES 1.6000', 'KES 1.6000'],
    );
    assert.equal(answer.data!.SMSMessageData.Message, 'Sent to 2/2 Total Cost: KES 3.2000');
    assert.deepEqual(
      sim.messages().map((m) => [m.encoding, m.parts]),
      [
        ['UCS-2', 2],
        ['UCS-2', 2],
      ],
    );
  });
});

test(
  'a failing delivery report is tried three times, then given up; one that fails once is retried',
  { timeout: 30_000 },
  async () => {
    await withSim({ deliveryDelayMs: 600_000 }, async (sim, receiver) => {
      let failures = 1;
      receiver.answers.set('/dlr', () => (failures-- > 0 ? { status: 503, body: 'busy' } : { status: 200, body: '' }));
      const once = (await sendSms(sim, { to: '+254711000000', message: 'x' })).recipients[0]!.messageId;
      await sim.deliverNow(once);
      assert.deepEqual(
        sim.deliveryReportsSent()[0]!.attempts.map((a) => a.status),
        [503, 200],
      );
      receiver.answers.set('/dlr', () => ({ status: 500, body: 'down' }));
      const never = (await sendSms(sim, { to: '+254711000000', message: 'y' })).recipients[0]!.messageId;
      await sim.deliverNow(never);
      const report = sim.deliveryReportsSent().find((r) => r.fields.id === never)!;
      assert.deepEqual(
        report.attempts.map((a) => [a.status, a.body]),
        [
          [500, 'down'],
          [500, 'down'],
          [500, 'down'],
        ],
      );
      await assert.rejects(sim.deliverNow('ATXid_unknown'), /no message ATXid_unknown/);
    });
  },
);

test(
  'reports are recorded unsent until a delivery report URL is set; then they are POSTed',
  { timeout: 30_000 },
  async () => {
    await withSim({ deliveryDelayMs: 600_000 }, async (sim, receiver) => {
      sim.setDeliveryReportUrl(undefined);
      const first = (await sendSms(sim, { to: '+254711000000', message: 'x' })).recipients[0]!.messageId;
      await sim.deliverNow(first);
      assert.deepEqual(
        sim.deliveryReportsSent().map((r) => [r.url, r.attempts.length]),
        [[null, 0]],
      );
      const set = await fetch(`${sim.url}/simulator/delivery-report-url`, {
        method: 'POST',
        body: JSON.stringify({ url: `${receiver.url}/later` }),
      });
      assert.equal(set.status, 200);
      const second = (await sendSms(sim, { to: '+254711000000', message: 'y' })).recipients[0]!.messageId;
      const decided = (await (
        await fetch(`${sim.url}/simulator/deliver-now`, { method: 'POST', body: JSON.stringify({ id: second }) })
      ).json()) as { status: string };
      assert.equal(decided.status, 'Success');
      assert.equal((await receiver.waitFor('/later'))[0]!.id, second);
    });
  },
);

test(
  'messages are listed by number over HTTP, and messageSent waits for one to come',
  { timeout: 30_000 },
  async () => {
    await withSim({ deliveryDelayMs: 600_000 }, async (sim) => {
      const coming = sim.messageSent((m) => m.text.includes('OB/7'));
      await sendSms(sim, { to: '+254711000000', message: 'first' });
      await sendSms(sim, { to: '+254711000000,+254722000000', message: 'Your report is OB/7/2026' });
      const sent = await coming;
      assert.equal(sent.to, '+254711000000');
      for (const query of ['%2B254711000000', '+254711000000', '254711000000']) {
        const listing = (await (await fetch(`${sim.url}/simulator/messages?to=${query}`)).json()) as {
          messages: Array<{ text: string }>;
        };
        assert.deepEqual(
          listing.messages.map((m) => m.text),
          ['first', 'Your report is OB/7/2026'],
          query,
        );
      }
      const all = (await (await fetch(`${sim.url}/simulator/messages`)).json()) as { messages: unknown[] };
      assert.equal(all.messages.length, 3);
    });
  },
);

test(
  "an incoming SMS is POSTed to Sauti form-encoded with the fields Africa's Talking sends",
  { timeout: 30_000 },
  async () => {
    await withSim({ now: () => new Date('2026-12-02T10:15:03.456Z') }, async (sim, receiver) => {
      receiver.answers.set('/sms', () => ({ status: 200, body: '{"outcome":"stored"}', type: 'application/json' }));
      const result = await sim.sendIncoming({
        from: '+254711222333',
        text: 'Swali: je, barabara itafunguliwa lini?',
        callbackUrl: `${receiver.url}/sms?token=t0k`,
      });
      assert.deepEqual([result.status, result.body], [200, '{"outcome":"stored"}']);
      const [received] = receiver.received;
      assert.equal(received!.query.get('token'), 't0k');
      const { id, linkId, ...rest } = received!.fields;
      assert.deepEqual(rest, {
        from: '+254711222333',
        to: '22384',
        text: 'Swali: je, barabara itafunguliwa lini?',
        date: '2026-12-02 10:15:03',
      });
      assert.ok(id && linkId && id !== linkId);
      assert.deepEqual(result.fields, received!.fields);

      const over = await fetch(`${sim.url}/simulator/incoming`, {
        method: 'POST',
        body: JSON.stringify({
          from: '+254711222333',
          text: 'again',
          to: '40404',
          id: 'same',
          callbackUrl: `${receiver.url}/sms`,
        }),
      });
      const forwarded = (await over.json()) as { status: number; fields: Record<string, string> };
      assert.deepEqual(
        [over.status, forwarded.status, forwarded.fields.to, forwarded.fields.id],
        [200, 200, '40404', 'same'],
      );
      for (const body of [
        { from: '0711', text: 'x', callbackUrl: receiver.url },
        { from: '+254711222333', text: 'x' },
      ]) {
        const refused = await fetch(`${sim.url}/simulator/incoming`, { method: 'POST', body: JSON.stringify(body) });
        assert.equal(refused.status, 400, JSON.stringify(body));
      }
      const closed = await new FormReceiver().start();
      await closed.close();
      const unanswered = await sim.sendIncoming({ from: '+254711222333', text: 'x', callbackUrl: `${closed.url}/sms` });
      assert.equal(unanswered.status, undefined);
      assert.equal(typeof unanswered.error, 'string');
    });
  },
);
