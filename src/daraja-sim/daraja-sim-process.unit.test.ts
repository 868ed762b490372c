import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { darajaClient, darajaSettingsFor, parseStkCallback } from '../platform/payments/daraja/index.ts';
import { CallbackReceiver } from './receiver.test-support.ts';

const MAIN = new URL('./main.ts', import.meta.url).pathname;
const REPOSITORY = new URL('../../', import.meta.url).pathname;

const started = new Set<ChildProcess>();
after(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function simProcess(args: string[]): ChildProcess {
  // a bare environment: the simulator needs none of Sauti's configuration and no database
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPOSITORY,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  return child;
}

async function listening(child: ChildProcess): Promise<string> {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for await (const line of createInterface({ input: child.stdout! })) {
    const url = /^listening on (http:\/\/\S+)$/.exec(line)?.[1];
    if (url) {
      child.stdout!.resume();
      return url;
    }
  }
  throw new Error(`the simulator stopped before listening: ${stderr}`);
}

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
      const url = await listening(child);
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
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      assert.equal(((await exited) as [number | null])[0], 0);
    } finally {
      await receiver.close();
    }
  },
);

test('the simulator refuses wrong arguments with the usage (exit 64)', { timeout: 60_000 }, async () => {
  for (const args of [['--callback-delay-ms', 'soon'], ['--shortcode', 'abc'], ['--listen', 'nowhere'], ['--colour']]) {
    const child = simProcess(args);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 64, args.join(' '));
    assert.match(stderr, /sauti daraja-sim/);
  }
});
