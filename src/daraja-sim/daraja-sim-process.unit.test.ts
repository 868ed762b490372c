import { test } from 'node:test';
import assert from 'node:assert/strict';
import { darajaClient, darajaSettingsFor, parseStkCallback } from '../platform/payments/daraja/index.ts';
import { finished, listening, programStarter, stop } from '../sim-kit/process.test-support.ts';
import { CallbackReceiver } from './receiver.test-support.ts';

const simProcess = programStarter(new URL('./main.ts', import.meta.url));

test(
  'the simulator runs as its own process: a payment is pushed, called back and queried, and SIGTERM ends it',
  { timeout: 120_000 },
  async () => {
    const receiver = await new CallbackReceiver().start();
    const child = simProcess([
      '--listen',
      '127.0.0.1:0',
      '--consumer-key',
      'process-key',
      '--consumer-secret',
      'process-secret',
      '--shortcode',
      '600100',
      '--passkey',
      'process-passkey',
      '--callback-delay-ms',
      '0',
    ]);
    try {
      const { url } = await listening(child, 'simulator');
      const daraja = darajaClient(
        darajaSettingsFor({
          baseUrl: url,
          consumerKey: 'process-key',
          consumerSecret: 'process-secret',
          shortcode: '600100',
          passkey: 'process-passkey',
        }),
      );
      const accepted = await daraja.stkPush({
        amount: 3000,
        phone: '254712345678',
        accountReference: 'TF-1',
        description: 'Traffic fine',
        callbackUrl: `${receiver.url}/stk`,
      });
      const [body] = await receiver.waitFor('/stk');
      const callback = parseStkCallback(body);
      assert.ok(callback.ok);
      assert.equal(callback.value.checkoutRequestId, accepted.checkoutRequestId);
      assert.equal(callback.value.metadata?.amountCents, 300_000);
      assert.equal((await daraja.stkQuery(accepted.checkoutRequestId)).resultCode, 0);
      assert.equal(await stop(child), 0);
    } finally {
      await receiver.close();
    }
  },
);

test('the simulator refuses wrong arguments with the usage (exit 64)', { timeout: 60_000 }, async () => {
  for (const args of [['--callback-delay-ms', 'soon'], ['--shortcode', 'abc'], ['--listen', 'nowhere'], ['--colour']]) {
    const { code, stderr } = await finished(simProcess(args));
    assert.equal(code, 64, args.join(' '));
    assert.match(stderr, /sauti daraja-sim/);
  }
});
