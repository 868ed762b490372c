import { afterEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { frameScreen, phoneCommand, startAtSim, UssdPhone } from './index.ts';
import { FormReceiver, type FormReceived } from './receiver.test-support.ts';

const SESSION_ID = /^ATUid_[0-9a-f]{32}$/;

/** A USSD service that shows what it was sent: CON with the text, END once the text ends in 0. */
function echo(received: FormReceived) {
  const { text } = received.fields;
  return { status: 200, body: `${text!.endsWith('0') ? 'END' : 'CON'} you typed "${text}"` };
}

async function withService(run: (receiver: FormReceiver) => Promise<void>) {
  const receiver = await new FormReceiver().start();
  receiver.answers.set('/ussd', echo);
  try {
    await run(receiver);
  } finally {
    await receiver.close();
  }
}

afterEach(() => mock.restoreAll());

test(
  'the phone sends what the gateway sends: text empty at first, then every input joined by *',
  { timeout: 30_000 },
  async () => {
    await withService(async (receiver) => {
      const phone = new UssdPhone({ callbackUrl: `${receiver.url}/ussd?token=t`, phoneNumber: '+254712345678' });
      assert.deepEqual(await phone.dial(), { kind: 'CON', text: 'you typed ""', status: 200 });
      assert.equal((await phone.send('1')).text, 'you typed "1"');
      assert.equal((await phone.send('0712345678')).text, 'you typed "1*0712345678"');
      const fields = receiver.at('/ussd');
      assert.deepEqual(
        fields.map((f) => f.text),
        ['', '1', '1*0712345678'],
      );
      const [first] = fields;
      assert.match(first!.sessionId!, SESSION_ID);
      assert.deepEqual(
        { ...first, sessionId: 'x' },
        { sessionId: 'x', serviceCode: '*384*123#', phoneNumber: '+254712345678', networkCode: '63902', text: '' },
      );
      assert.ok(fields.every((f) => f.sessionId === first!.sessionId));
      assert.equal(receiver.received[0]!.query.get('token'), 't');
    });
  },
);

test('after END, or the network timing out, the next dial is a new session', { timeout: 30_000 }, async () => {
  await withService(async (receiver) => {
    const phone = new UssdPhone({
      callbackUrl: `${receiver.url}/ussd`,
      phoneNumber: '+254712345678',
      serviceCode: '*384*55#',
      networkCode: '63903',
    });
    await phone.dial();
    const ended = await phone.send('0');
    assert.deepEqual([ended.kind, ended.text], ['END', 'you typed "0"']);
    assert.equal(phone.sessionId, undefined);
    await assert.rejects(phone.send('1'), /dial first/);
    await phone.dial();
    await phone.send('2');
    phone.timeOut();
    assert.equal(phone.sessionId, undefined);
    await phone.dial();
    const sessions = receiver.at('/ussd').map((f) => f.sessionId);
    assert.equal(new Set(sessions).size, 3);
    assert.deepEqual(
      receiver.at('/ussd').map((f) => [f.serviceCode, f.networkCode, f.text]),
      [
        ['*384*55#', '63903', ''],
        ['*384*55#', '63903', '0'],
        ['*384*55#', '63903', ''],
        ['*384*55#', '63903', '2'],
        ['*384*55#', '63903', ''],
      ],
    );
    assert.deepEqual(
      phone.transcript.map((entry) => [entry.input, entry.screen.kind, entry.screen.error ?? null]),
      [
        [null, 'CON', null],
        ['0', 'END', null],
        [null, 'CON', null],
        ['2', 'CON', null],
        [null, 'END', 'The network ended the session (timeout)'],
        [null, 'CON', null],
      ],
    );
  });
});

test('a reply without CON or END, an HTTP error or no answer ends the session', { timeout: 30_000 }, async () => {
  await withService(async (receiver) => {
    const phone = new UssdPhone({ callbackUrl: `${receiver.url}/ussd`, phoneNumber: '+254712345678' });
    receiver.answers.set('/ussd', () => ({ status: 200, body: 'Welcome to Sauti' }));
    const bare = await phone.dial();
    assert.deepEqual(
      { ...bare, error: bare.error?.slice(0, 31) },
      { kind: 'END', text: 'Welcome to Sauti', status: 200, error: 'The reply starts with neither "' },
    );
    assert.equal(phone.sessionId, undefined);
    receiver.answers.set('/ussd', () => ({ status: 403, body: '{"error":"forbidden"}' }));
    assert.deepEqual(await phone.dial(), {
      kind: 'END',
      text: '{"error":"forbidden"}',
      status: 403,
      error: 'HTTP 403',
    });
    receiver.answers.set('/ussd', () => ({ status: 200, body: 'END' }));
    assert.deepEqual(await phone.dial(), { kind: 'END', text: '', status: 200 });
    const closed = await new FormReceiver().start();
    await closed.close();
    const gone = await new UssdPhone({ callbackUrl: `${closed.url}/ussd`, phoneNumber: '+254712345678' }).dial();
    assert.deepEqual([gone.kind, gone.status, typeof gone.error], ['END', null, 'string']);
  });
});

test('a screen is framed no wider than 30 columns', () => {
  const framed = frameScreen({
    kind: 'CON',
    text: 'Karibu Sauti\n1. Report an incident in your area\n2. Track a report: OB/2026/000123456789012345',
    status: 200,
  });
  const lines = framed.split('\n');
  assert.ok(
    lines.every((line) => [...line].length === 30),
    framed,
  );
  assert.match(lines[0]!, /^┌─ CON ─+┐$/);
  assert.ok(lines.some((line) => line.includes('1. Report an incident in')));
});

test(
  'sauti phone answers the screens from --inputs and lists the inbox from the simulator',
  { timeout: 30_000 },
  async () => {
    await withService(async (receiver) => {
      const sim = await startAtSim({ port: 0, deliveryDelayMs: 600_000 });
      const printed: string[] = [];
      mock.method(console, 'log', (line: string) => printed.push(line));
      try {
        // what Sauti sent the number, for the inbox
        const sent = await fetch(`${sim.url}/version1/messaging`, {
          method: 'POST',
          headers: { apiKey: 'sauti-at-sim-key' },
          body: new URLSearchParams({ username: 'sandbox', to: '+254700111222', message: 'Report OB/9/2026 received' }),
        });
        assert.equal(sent.status, 201);
        const args = ['*384*123#', '--url', `${receiver.url}/ussd`, '--token', 's3cret', '--number', '+254700111222'];
        const code = await phoneCommand([...args, '--inputs', '1*2*0', '--inbox', '--sim', sim.url]);
        assert.equal(code, 0);
        assert.deepEqual(
          receiver.at('/ussd').map((f) => f.text),
          ['', '1', '1*2', '1*2*0'],
        );
        assert.equal(receiver.received[0]!.query.get('token'), 's3cret');
        const output = printed.join('\n');
        assert.match(output, /> 2\n┌─ CON/);
        assert.match(output, /┌─ END ─+┐\n│ you typed "1\*2\*0"/);
        assert.match(
          output,
          /SMS inbox of \+254700111222 \(1\):\n.*from AFRICASTKNG \[Submitted\]: Report OB\/9\/2026/,
        );
        printed.length = 0;
        receiver.answers.set('/ussd', () => ({ status: 500, body: 'oops' }));
        assert.equal(await phoneCommand([...args, '--inputs', '']), 1);
        assert.match(printed.join('\n'), /session ended: HTTP 500/);
      } finally {
        await sim.close();
      }
    });
  },
);

test('sauti phone refuses bad arguments with the usage (64)', async () => {
  const errors: string[] = [];
  mock.method(console, 'error', (line: string) => errors.push(line));
  for (const args of [['384'], ['--number', '0712'], ['--url', 'ftp://x'], ['--network', 'x'], ['--colour']]) {
    assert.equal(await phoneCommand(args), 64, args.join(' '));
  }
  assert.ok(errors.every((error) => error.includes('sauti phone')));
});
