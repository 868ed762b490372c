import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finished, listening, programStarter, stop } from '../sim-kit/process.test-support.ts';
import { FormReceiver } from './receiver.test-support.ts';

const simProcess = programStarter(new URL('./main.ts', import.meta.url));

test(
  'the simulator runs as its own process: an SMS is sent and its delivery report POSTed, and SIGTERM ends it',
  { timeout: 120_000 },
  async () => {
    const receiver = await new FormReceiver().start();
    const child = simProcess([
      '--listen',
      '127.0.0.1:0',
      '--username',
      'process-user',
      '--api-key',
      'process-key',
      '--delivery-delay-ms',
      '0',
      '--delivery-report-url',
      `${receiver.url}/dlr`,
    ]);
    try {
      const { url, printed } = await listening(child, 'simulator');
      assert.equal(
        printed.find((line) => line.startsWith("Sauti's settings for it: ")),
        `Sauti's settings for it: AT_API_URL=${url} AT_USERNAME=process-user AT_API_KEY=process-key`,
      );
      const response = await fetch(`${url}/version1/messaging`, {
        method: 'POST',
        headers: { apiKey: 'process-key', accept: 'application/json' },
        body: new URLSearchParams({ username: 'process-user', to: '+254712345678', message: 'Habari' }),
      });
      assert.equal(response.status, 201);
      const { SMSMessageData } = (await response.json()) as {
        SMSMessageData: { Recipients: Array<{ messageId: string }> };
      };
      const [report] = await receiver.waitFor('/dlr');
      assert.equal(report!.id, SMSMessageData.Recipients[0]!.messageId);
      assert.equal(report!.status, 'Success');
      assert.equal(await stop(child), 0);
    } finally {
      await receiver.close();
    }
  },
);

test('the simulator refuses wrong arguments with the usage (exit 64)', { timeout: 60_000 }, async () => {
  const wrong = [
    ['--delivery-delay-ms', 'soon'],
    ['--delivery-report-url', 'nowhere'],
    ['--listen', 'x'],
    ['--colour'],
  ];
  for (const args of wrong) {
    const { code, stderr } = await finished(simProcess(args));
    assert.equal(code, 64, args.join(' '));
    assert.match(stderr, /sauti at-sim/);
  }
});
